/**
 * `kubernetes.sandboxRbac`: what the runtime API needs to manage sandboxes — its ServiceAccount in
 * the app namespace, a Role in the sandbox namespace with the verbs a sandbox manager uses (pods,
 * their logs and exec, services, PVCs, config maps, secrets, ingresses for VS Code URLs), the
 * RoleBinding between them — and a PodDisruptionBudget that keeps one app pod up during node drains.
 */
import type { DesiredOpenHands, StepOutcome } from "../types";
import { applyAll, stepOutcome, type Manifest } from "./apply";
import type { DeployContext } from "./context";
import { APP_LABELS, APP_NAME, MANAGED_LABELS, RUNTIME_API_SERVICE_ACCOUNT, SANDBOX_MANAGER_ROLE } from "./labels";

const MANAGE = ["get", "list", "watch", "create", "update", "patch", "delete"];

export function sandboxRbacManifests(oh: DesiredOpenHands): { key: string; manifest: Manifest }[] {
  const labels = { ...MANAGED_LABELS };
  return [
    {
      key: "runtime-api-service-account",
      manifest: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: RUNTIME_API_SERVICE_ACCOUNT, namespace: oh.namespace, labels } },
    },
    {
      key: "sandbox-manager-role",
      manifest: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: SANDBOX_MANAGER_ROLE, namespace: oh.sandboxNamespace, labels },
        rules: [
          { apiGroups: [""], resources: ["pods", "services", "persistentvolumeclaims", "configmaps", "secrets"], verbs: MANAGE },
          { apiGroups: [""], resources: ["pods/log"], verbs: ["get", "list"] },
          { apiGroups: [""], resources: ["pods/exec"], verbs: ["create", "get"] },
          { apiGroups: [""], resources: ["events"], verbs: ["get", "list", "watch"] },
          { apiGroups: ["apps"], resources: ["deployments"], verbs: MANAGE },
          { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: MANAGE },
          { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: MANAGE },
        ],
      },
    },
    {
      key: "sandbox-manager-binding",
      manifest: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: SANDBOX_MANAGER_ROLE, namespace: oh.sandboxNamespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: SANDBOX_MANAGER_ROLE },
        subjects: [{ kind: "ServiceAccount", name: RUNTIME_API_SERVICE_ACCOUNT, namespace: oh.namespace }],
      },
    },
    {
      key: "app-disruption-budget",
      manifest: {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: APP_NAME, namespace: oh.namespace, labels },
        // maxUnavailable 1 (not minAvailable = replicas): node upgrades can always drain, one pod at a time.
        spec: { maxUnavailable: 1, selector: { matchLabels: { ...APP_LABELS } } },
      },
    },
  ];
}

export async function applySandboxRbac(d: DeployContext, title: string): Promise<StepOutcome> {
  return stepOutcome(title, await applyAll(d, sandboxRbacManifests(d.openhands)));
}

/**
 * The Kubernetes objects a conversation's sandbox is, shaped like OpenHands' runtime pods
 * (knowledge §4): namespace `openhands-sandboxes`, labels `app=openhands-runtime` and
 * `session=<id>`, runtime-api's default requests (500m CPU, 3072Mi memory, 10Gi ephemeral
 * storage), the sandbox node pool's selector and toleration. A "stuck" sandbox asks for more
 * memory than any node has, so it stays Pending with FailedScheduling, as it would on AKS.
 */
import type { KubeObject } from "../kubernetes/types";
import type { PlannedConversation } from "./workload-plan";

export const SANDBOX_NAMESPACE = "openhands-sandboxes";
export const AGENT_SERVER_IMAGE = "ghcr.io/openhands/agent-server:1.41.0-python";

/** The store assigns these on create. */
const FRESH = { uid: "", resourceVersion: "", creationTimestamp: "" };

export function sandboxPodName(conversationId: string): string {
  return `openhands-runtime-${conversationId}`;
}

export function sandboxNamespace(): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { ...FRESH, name: SANDBOX_NAMESPACE, labels: { "kubernetes.io/metadata.name": SANDBOX_NAMESPACE } }, spec: {} };
}

/** `sandboxNodes`: whether the cluster has a pool labelled openhands.dev/sandbox=true (else the pod may run anywhere). */
export function sandboxPod(c: PlannedConversation, sandboxNodes: boolean): KubeObject {
  const memory = c.fate === "stuck" ? "512Gi" : "3072Mi";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...FRESH,
      name: sandboxPodName(c.conversationId),
      namespace: SANDBOX_NAMESPACE,
      labels: { app: "openhands-runtime", session: c.conversationId, "openhands.dev/user": c.userId },
      annotations: { "openhands.dev/conversation-id": c.conversationId },
    },
    spec: {
      restartPolicy: "Never",
      ...(sandboxNodes ? { nodeSelector: { "openhands.dev/sandbox": "true" } } : {}),
      tolerations: [{ key: "openhands.dev/sandbox", operator: "Equal", value: "true", effect: "NoSchedule" }],
      containers: [
        {
          name: "agent-server",
          image: AGENT_SERVER_IMAGE,
          command: ["openhands-agent-server", "--port", "60000"],
          ports: [
            { containerPort: 60000, name: "agent-server", protocol: "TCP" },
            { containerPort: 60001, name: "vscode", protocol: "TCP" },
          ],
          resources: { requests: { cpu: "500m", memory, "ephemeral-storage": "10Gi" }, limits: { memory } },
          readinessProbe: { httpGet: { path: "/alive", port: 60000 }, periodSeconds: 10 },
        },
      ],
    },
  };
}

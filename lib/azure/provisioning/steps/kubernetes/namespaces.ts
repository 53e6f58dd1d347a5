/** `kubernetes.namespaces`: the app's namespace and the sandboxes' namespace, labelled. */
import type { DesiredOpenHands, StepOutcome } from "../types";
import { applyAll, stepOutcome, type Manifest } from "./apply";
import type { DeployContext } from "./context";
import { MANAGED_LABELS } from "./labels";

export function namespaceManifests(oh: DesiredOpenHands): { key: string; manifest: Manifest }[] {
  const ns = (name: string, role: string): Manifest => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { ...MANAGED_LABELS, "openhands.dev/role": role, "openhands.dev/version": oh.version } },
  });
  return [
    { key: "namespace-app", manifest: ns(oh.namespace, "app") },
    { key: "namespace-sandboxes", manifest: ns(oh.sandboxNamespace, "sandboxes") },
  ];
}

export async function applyNamespaces(d: DeployContext, title: string): Promise<StepOutcome> {
  return stepOutcome(title, await applyAll(d, namespaceManifests(d.openhands)));
}

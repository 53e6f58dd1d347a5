/**
 * The seam between the ARM side and the "deploy OpenHands onto AKS" steps (steps/kubernetes/):
 * a deploy step gets the cluster's user kubeconfig from ARM (listClusterUserCredential) each time
 * it runs — never stored — and the secrets through the step context's `secret(name)`.
 */
import type { StepContext } from "./types";

export type { DeployContext as KubernetesStepContext, DeployTarget, KubeClients } from "./kubernetes/context";

/** The first user kubeconfig of a cluster, decoded (the SDK returns bytes). */
export async function clusterUserKubeconfig(ctx: Pick<StepContext, "clients">, resourceGroup: string, cluster: string): Promise<string> {
  const creds = await ctx.clients.containerService.managedClusters.listClusterUserCredentials(resourceGroup, cluster);
  const value = creds.kubeconfigs?.[0]?.value;
  if (!value) throw new Error(`AKS cluster ${cluster} returned no user kubeconfig`);
  return Buffer.from(value).toString("utf8");
}

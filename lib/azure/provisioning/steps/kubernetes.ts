/**
 * The interface for the "deploy OpenHands onto AKS" steps (namespaces, secrets, config, the
 * Deployment/Service/Ingress, sandbox RBAC, wait for Ready, health check). Those steps are not in
 * the setup DAG yet: they need the local AKS Kubernetes API and the simulated OpenHands app. A
 * deploy step gets the cluster's user kubeconfig from ARM (listClusterUserCredential) — never
 * stored — and the secrets the wizard collected, handed over at run time.
 */
import type { StepContext } from "./types";

export interface KubernetesStepContext extends StepContext {
  /** The cluster's user kubeconfig (YAML), fetched from ARM each time it is needed. */
  kubeconfig(): Promise<string>;
  /** Secrets for Kubernetes Secret objects (never logged, never in the store in plain text). */
  secrets(): Promise<Record<string, string>>;
}

/** The first user kubeconfig of a cluster, decoded (the SDK returns bytes). */
export async function clusterUserKubeconfig(ctx: StepContext, resourceGroup: string, cluster: string): Promise<string> {
  const creds = await ctx.clients.containerService.managedClusters.listClusterUserCredentials(resourceGroup, cluster);
  const value = creds.kubeconfigs?.[0]?.value;
  if (!value) throw new Error(`AKS cluster ${cluster} returned no user kubeconfig`);
  return Buffer.from(value).toString("utf8");
}

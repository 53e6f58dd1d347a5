/**
 * Shared state handling of managed clusters and their agent pools: lookup with ARM's 404s,
 * the "one operation at a time" rule, keeping `agentPoolProfiles` in step with the pool
 * resources, and the view of a cluster given to runtime hooks (the Kubernetes API).
 */
import { randomBytes } from "node:crypto";
import { ArmError, armErrors } from "../../core/errors";
import { parseResourceId, providerResourceId } from "../../core/paths";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment } from "../../core/types";

export function clusterIdOf(params: Record<string, string>): string {
  return providerResourceId(params.subscriptionId!, params.resourceGroupName!, "Microsoft.ContainerService", ["managedClusters"], [params.resourceName!]);
}

export function poolIdOf(clusterId: string, poolName: string): string {
  return `${clusterId}/agentPools/${poolName}`;
}

export function requireCluster(env: ArmEnvironment, params: Record<string, string>): StoredResource {
  const cluster = env.store.get(clusterIdOf(params));
  if (!cluster) throw armErrors.resourceNotFound("Microsoft.ContainerService/managedClusters", params.resourceName!, params.resourceGroupName!);
  return cluster;
}

export function requirePool(env: ArmEnvironment, clusterId: string, poolName: string, rg: string): StoredResource {
  const pool = env.store.get(poolIdOf(clusterId, poolName));
  if (!pool) throw armErrors.resourceNotFound("Microsoft.ContainerService/managedClusters/agentPools", poolName, rg);
  return pool;
}

export function props(r: StoredResource | { body: Record<string, unknown> }): Record<string, unknown> {
  return (r.body.properties ?? {}) as Record<string, unknown>;
}

/** AKS refuses a change while another operation runs on the cluster or one of its pools. */
export function refuseIfBusy(env: ArmEnvironment, clusterId: string): void {
  const ids = [clusterId, ...env.store.children(clusterId, "agentPools").map((p) => p.id)];
  for (const id of ids) {
    const op = env.operations.inFlightFor(id);
    if (!op) continue;
    const what = op.kind.split("/").slice(-2).join(" ");
    throw new ArmError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed because there's an in progress ${what} operation started at ${op.startTime}. Please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details.`,
    );
  }
}

/** Rewrite the cluster's agentPoolProfiles from its pool resources (the source of truth). */
export function syncProfiles(env: ArmEnvironment, clusterId: string): void {
  const pools = env.store.children(clusterId, "agentPools");
  env.store.update(clusterId, (body) => {
    const p = (body.properties ?? {}) as Record<string, unknown>;
    p.agentPoolProfiles = pools.map((pool) => {
      const { tags, ...rest } = props(pool);
      return { name: pool.body.name, ...structuredClone(rest), ...(tags ? { tags: structuredClone(tags) } : {}) };
    });
    body.properties = p;
  });
}

export interface ClusterInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  kubernetesVersion: string;
  fqdn: string;
  agentPools: Array<{
    name: string;
    count: number;
    mode: string;
    vmSize: string;
    orchestratorVersion: string;
    nodeLabels: Record<string, string>;
    nodeTaints: string[];
    enableAutoScaling: boolean;
    minCount?: number;
    maxCount?: number;
    maxPods?: number;
  }>;
  /** Bearer tokens the cluster's kubeconfigs carry (user / admin); the Kubernetes API checks them. */
  tokens: { user: string; admin: string };
}

export function clusterTokens(cluster: StoredResource): { user: string; admin: string } {
  const internal = cluster.internal as { tokens?: { user: string; admin: string } } | undefined;
  return internal?.tokens ?? { user: "", admin: "" };
}

export function newClusterTokens(): { user: string; admin: string } {
  return { user: randomBytes(32).toString("hex"), admin: randomBytes(32).toString("hex") };
}

/** The cluster as it is (`target: false`) or as the running operation will leave it (`target: true`). */
export function clusterInfo(env: ArmEnvironment, cluster: StoredResource, opts: { target?: boolean } = {}): ClusterInfo {
  const p = props(cluster);
  const version = (current: unknown, wanted: unknown) => String((opts.target ? wanted : current) ?? wanted ?? current ?? "");
  return {
    id: cluster.id,
    name: String(cluster.body.name),
    resourceGroup: parseResourceId(cluster.id)?.resourceGroup ?? "",
    location: String(cluster.body.location),
    kubernetesVersion: version(p.currentKubernetesVersion, p.kubernetesVersion),
    fqdn: String(p.fqdn ?? ""),
    agentPools: env.store.children(cluster.id, "agentPools").filter((pool) => !opts.target || props(pool).provisioningState !== "Deleting").map((pool) => {
      const pp = props(pool);
      return {
        name: String(pool.body.name),
        count: typeof pp.count === "number" ? pp.count : 0,
        mode: String(pp.mode ?? "User"),
        vmSize: String(pp.vmSize ?? ""),
        orchestratorVersion: version(pp.currentOrchestratorVersion, pp.orchestratorVersion),
        nodeLabels: (pp.nodeLabels ?? {}) as Record<string, string>,
        nodeTaints: (pp.nodeTaints ?? []) as string[],
        enableAutoScaling: pp.enableAutoScaling === true,
        ...(typeof pp.minCount === "number" ? { minCount: pp.minCount } : {}),
        ...(typeof pp.maxCount === "number" ? { maxCount: pp.maxCount } : {}),
        ...(typeof pp.maxPods === "number" ? { maxPods: pp.maxPods } : {}),
      };
    }),
    tokens: clusterTokens(cluster),
  };
}

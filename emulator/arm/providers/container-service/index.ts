/**
 * Microsoft.ContainerService (AKS): managed clusters, agent pools, upgrade profiles, credentials,
 * Kubernetes versions per location. The Kubernetes API behind each cluster is a hook
 * (`KubernetesApiHook`), supplied by the Kubernetes emulator; a placeholder answers until then.
 */
import { ArmError } from "../../core/errors";
import { newEtag, ok } from "../../core/resource-helpers";
import type { ArmEnvironment, OperationCompletion, ResourceProvider } from "../../core/types";
import type { OperationRecord } from "../../core/operations";
import { agentPoolRoutes, POOL_DELETE, POOL_NODE_IMAGE, POOL_PUT } from "./agent-pools";
import { clusterInfo, props, syncProfiles, type ClusterInfo } from "./cluster-state";
import { CLUSTER_DELETE, CLUSTER_PUT, clusterRoutes } from "./clusters";
import { placeholderKubernetesApi, type KubernetesApiHook } from "./kubeconfig";
import { API_VERSIONS, CLUSTER_TYPE, NODE_IMAGE_LATEST } from "./model";
import { kubernetesVersionsBody } from "./versions";

export type { KubernetesApiHook, KubeAccess } from "./kubeconfig";
export { simulatedKubernetesApi, type SimulatedKubernetesOptions } from "./kubernetes-bridge";
export type { ClusterInfo } from "./cluster-state";

export interface ContainerServiceOptions {
  locations: string[];
  /** PEM of the local CA (placeholder kubeconfigs carry it). */
  caPem: string;
  kubernetesApi?: KubernetesApiHook;
  log?: (line: string) => void;
}

function setState(env: ArmEnvironment, id: string, state: string, extra: Record<string, unknown> = {}): void {
  env.store.update(id, (b) => {
    Object.assign(b.properties as Record<string, unknown>, { provisioningState: state, ...extra });
  });
}

function clusterIdOfPool(poolId: string): string {
  return poolId.replace(/\/agentPools\/[^/]+$/i, "");
}

export function createContainerServiceProvider(opts: ContainerServiceOptions): ResourceProvider {
  const hook = opts.kubernetesApi ?? placeholderKubernetesApi(opts.caPem);
  const notify = (what: "onProvisioned" | "onDeleted", info: ClusterInfo) => {
    const fn = hook[what];
    if (!fn) return;
    Promise.resolve()
      .then(() => fn.call(hook, info))
      .catch((err: unknown) => opts.log?.(`Kubernetes API hook ${what} failed for ${info.id}: ${err instanceof Error ? err.message : String(err)}`));
  };
  /** Runtime side first: "pending" until the Kubernetes API has caught up; its error fails the operation. */
  const runtimeReady = (env: ArmEnvironment, clusterId: string): "pending" | undefined => {
    const cluster = env.store.get(clusterId);
    if (!cluster || !hook.reconcile) return undefined;
    const state = hook.reconcile(clusterInfo(env, cluster, { target: true }));
    if (state === "running") return "pending";
    if (state === "done") return undefined;
    throw new ArmError(400, state.code, state.message);
  };
  const provisioned = (env: ArmEnvironment, clusterId: string) => {
    const cluster = env.store.get(clusterId);
    if (cluster) notify("onProvisioned", clusterInfo(env, cluster));
  };

  const poolsOf = (op: OperationRecord) => (Array.isArray(op.args?.pools) ? (op.args.pools as string[]) : []);
  const poolFailed: OperationCompletion["onFailure"] = (op, env) => {
    setState(env, op.resourceId, "Failed");
    syncProfiles(env, clusterIdOfPool(op.resourceId));
  };

  const completions: Record<string, OperationCompletion> = {
    [CLUSTER_PUT]: {
      onSuccess(op, env) {
        const cluster = env.store.get(op.resourceId);
        if (!cluster) return;
        if (runtimeReady(env, cluster.id) === "pending") return "pending";
        setState(env, cluster.id, "Succeeded", { currentKubernetesVersion: props(cluster).kubernetesVersion });
        env.store.update(cluster.id, (b) => {
          b.eTag = newEtag();
        });
        for (const poolId of poolsOf(op)) {
          const pool = env.store.get(poolId);
          if (pool) setState(env, poolId, "Succeeded", { currentOrchestratorVersion: props(pool).orchestratorVersion });
        }
        syncProfiles(env, cluster.id);
        provisioned(env, cluster.id);
      },
      onFailure(op, env) {
        setState(env, op.resourceId, "Failed");
        for (const poolId of poolsOf(op)) setState(env, poolId, "Failed");
        syncProfiles(env, op.resourceId);
      },
    },
    [CLUSTER_DELETE]: {
      onSuccess(op, env) {
        const cluster = env.store.get(op.resourceId);
        if (!cluster) return;
        const info = clusterInfo(env, cluster);
        env.store.delete(cluster.id);
        notify("onDeleted", info);
      },
      onFailure(op, env) {
        setState(env, op.resourceId, "Failed");
      },
    },
    [POOL_PUT]: {
      onSuccess(op, env) {
        const pool = env.store.get(op.resourceId);
        if (!pool) return;
        if (runtimeReady(env, clusterIdOfPool(pool.id)) === "pending") return "pending";
        setState(env, pool.id, "Succeeded", { currentOrchestratorVersion: props(pool).orchestratorVersion, eTag: newEtag() });
        syncProfiles(env, clusterIdOfPool(pool.id));
        provisioned(env, clusterIdOfPool(pool.id));
      },
      onFailure: poolFailed,
    },
    [POOL_DELETE]: {
      onSuccess(op, env) {
        env.store.delete(op.resourceId);
        syncProfiles(env, clusterIdOfPool(op.resourceId));
        provisioned(env, clusterIdOfPool(op.resourceId));
      },
      onFailure: poolFailed,
    },
    [POOL_NODE_IMAGE]: {
      onSuccess(op, env) {
        setState(env, op.resourceId, "Succeeded", { nodeImageVersion: NODE_IMAGE_LATEST, eTag: newEtag() });
        syncProfiles(env, clusterIdOfPool(op.resourceId));
      },
      onFailure: poolFailed,
    },
  };

  const v = [...API_VERSIONS];
  const locations = opts.locations;
  return {
    namespace: "Microsoft.ContainerService",
    // A fresh Azure subscription has to register AKS first; the setup wizard does it.
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "managedClusters", locations, apiVersions: v, capabilities: "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation" },
      { resourceType: "managedClusters/agentPools", locations, apiVersions: v },
      { resourceType: "locations/kubernetesVersions", locations, apiVersions: v },
      { resourceType: "locations/operations", locations, apiVersions: v },
    ],
    routes: [
      ...clusterRoutes(() => hook),
      ...agentPoolRoutes(),
      {
        method: "GET",
        path: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}/kubernetesVersions",
        apiVersions: v,
        action: "Microsoft.ContainerService/locations/kubernetesVersions/read",
        handle: () => ok(kubernetesVersionsBody()),
      },
    ],
    completions,
    onStart(env) {
      hook.connect?.({
        // The autoscaler changed a pool's node count: ARM shows it in agentPool.count, as AKS does.
        poolCountChanged(clusterId, pool, count) {
          const poolId = `${clusterId}/agentPools/${pool}`;
          const stored = env.store.get(poolId);
          if (!stored || props(stored).provisioningState !== "Succeeded" || props(stored).count === count) return;
          setState(env, poolId, "Succeeded", { count });
          syncProfiles(env, clusterId);
        },
      });
      for (const r of env.store.all()) {
        if (String(r.body.type).toLowerCase() === CLUSTER_TYPE.toLowerCase() && !["Creating", "Deleting"].includes(String(props(r).provisioningState))) notify("onProvisioned", clusterInfo(env, r));
      }
    },
    onCascadeDelete(removed, env) {
      for (const r of removed) {
        if (String(r.body.type).toLowerCase() === CLUSTER_TYPE.toLowerCase()) notify("onDeleted", clusterInfo(env, r));
      }
    },
  };
}

/**
 * The cluster autoscaler: when pods cannot be scheduled and a pool with autoscaling enabled
 * could run them, add a node (up to maxCount); nodes of such pools that stay empty are removed
 * again down to minCount.
 */
import type { Pod } from "../model";
import { buildNode, poolOfNode, type AgentPoolSpec } from "./nodes";
import { unfitReasons } from "./scheduler";
import type { SimulatedCluster } from "../cluster";
import { controllerOf } from "./workloads";
import { typeOf } from "../resources";

/** A pod fits a fresh node of this pool (ignoring readiness). */
export function poolCouldRun(pool: AgentPoolSpec, pod: Pod, cluster: string): boolean {
  const template = buildNode({ cluster, location: "", pool, index: 0, version: "", ip: "" });
  template.status!.conditions = [{ type: "Ready", status: "True" }];
  return unfitReasons(pod, template, { cpu: 0, mem: 0, pods: 0 }).length === 0;
}

const SCALE_DOWN_IDLE_MS = 10 * 60_000;
const idleSince = new WeakMap<SimulatedCluster, Map<string, number>>();

export function runAutoscaler(cluster: SimulatedCluster, unschedulable: Pod[]): void {
  const ctx = cluster.ctx;
  const booting = (pool: string) => cluster.nodes(pool).some((n) => ctx.nodeReadyAt.has(n.metadata.name));
  const added = new Set<string>();
  for (const pod of unschedulable) {
    const candidates = cluster.pools().filter((p) => p.enableAutoScaling && poolCouldRun(p, pod, cluster.name));
    const pool = candidates.find((p) => cluster.nodes(p.name).length < (p.maxCount ?? p.count));
    if (!pool) {
      if (cluster.pools().some((p) => p.enableAutoScaling)) {
        ctx.event(pod, "Normal", "NotTriggerScaleUp", `pod didn't trigger scale-up: ${candidates.length ? `${candidates.length} max node group size reached` : `${cluster.pools().length} node(s) didn't match Pod's node affinity/selector or had untolerated taints`}`, "cluster-autoscaler");
      }
      continue;
    }
    // One node at a time per pool while the last one is still booting, as the autoscaler waits for it.
    if (added.has(pool.name) || booting(pool.name)) continue;
    const count = cluster.nodes(pool.name).length;
    cluster.addNode(pool.name, pool.orchestratorVersion ?? cluster.kubernetesVersion);
    added.add(pool.name);
    ctx.event(pod, "Normal", "TriggeredScaleUp", `pod triggered scale-up: [{aks-${pool.name}-vmss ${count}->${count + 1} (max: ${pool.maxCount ?? count + 1})}]`, "cluster-autoscaler");
    cluster.poolCountChanged(pool.name, count + 1);
  }
  scaleDown(cluster);
}

function scaleDown(cluster: SimulatedCluster): void {
  const now = cluster.clock.now();
  let idle = idleSince.get(cluster);
  if (!idle) idleSince.set(cluster, (idle = new Map()));
  const pods = cluster.store.list(typeOf("Pod")) as Pod[];
  for (const pool of cluster.pools()) {
    if (!pool.enableAutoScaling) continue;
    const nodes = cluster.nodes(pool.name);
    for (const node of nodes) {
      const name = node.metadata.name;
      // Pods of DaemonSets would not count; everything else keeps a node busy.
      const busy = pods.some((p) => p.spec.nodeName === name && controllerOf(p)?.kind !== "DaemonSet");
      if (busy || node.spec.unschedulable) idle.delete(name);
      else if (!idle.has(name)) idle.set(name, now);
    }
    const min = pool.minCount ?? 1;
    const removable = nodes.filter((n) => (idle.get(n.metadata.name) ?? Infinity) + cluster.ctx.dur(SCALE_DOWN_IDLE_MS) <= now);
    for (const n of nodes) {
      const since = idle.get(n.metadata.name);
      if (since !== undefined && nodes.length > min) cluster.ctx.wakeAt(since + cluster.ctx.dur(SCALE_DOWN_IDLE_MS));
    }
    let count = nodes.length;
    for (const n of removable) {
      if (count <= min) break;
      if (poolOfNode(n) !== pool.name) continue;
      cluster.removeNode(n.metadata.name);
      idle.delete(n.metadata.name);
      count--;
      cluster.poolCountChanged(pool.name, count);
    }
  }
}

/**
 * AKS node-pool upgrades as AKS runs them: add surge nodes on the new version, cordon and drain
 * old nodes batch by batch through the eviction API (so PodDisruptionBudgets are honoured),
 * then remove them. A drain that a budget keeps blocking past the drain timeout fails the
 * upgrade with AKS's UpgradeFailed / Too Many Requests message; the node stays cordoned and a
 * retry continues where it stopped.
 */
import type { SimulatedCluster } from "./cluster";
import { pdbSelects } from "./controllers/disruption";
import { nodeVersion } from "./controllers/nodes";
import { isNodeReady } from "./controllers/scheduler";
import { controllerOf, intOrPercent, isPodReady } from "./controllers/workloads";
import type { Pod, PodDisruptionBudget } from "./model";
import { typeOf } from "./resources";
import { KubeApiError } from "./types";

const POD = typeOf("Pod");
const PDB = typeOf("PodDisruptionBudget");

export interface UpgradeOptions {
  /** AKS upgradeSettings.maxSurge: a node count or a percentage of the pool ("33%"). Default "10%". */
  maxSurge?: number | string;
  /** AKS upgradeSettings.drainTimeoutInMinutes (default 30), in simulated minutes. */
  drainTimeoutInMinutes?: number;
}

/** Why an upgrade stopped: what the ARM layer turns into the operation's error. */
export class DrainFailure extends Error {
  readonly code = "UpgradeFailed";
  constructor(
    message: string,
    readonly node: string,
    readonly pod: string,
    readonly namespace: string,
    readonly pdb: string | undefined,
  ) {
    super(message);
    this.name = "DrainFailure";
  }
}

export type UpgradeResult = { ok: true; upgradedNodes: string[]; version: string } | { ok: false; error: DrainFailure };

const POLL_MS = 5_000;

function drainable(pod: Pod): boolean {
  return controllerOf(pod)?.kind !== "DaemonSet" && !pod.metadata.annotations?.["kubernetes.io/config.mirror"];
}

/** Evicts every pod from a cordoned node, retrying blocked evictions until the timeout. */
export async function drainNode(cluster: SimulatedCluster, nodeName: string, timeoutMs: number): Promise<void> {
  const clock = cluster.clock;
  const deadline = clock.now() + cluster.ctx.dur(timeoutMs);
  for (;;) {
    if (cluster.isClosed) throw new Error(`cluster ${cluster.name} was closed during the drain of ${nodeName}`);
    const onNode = (cluster.store.list(POD) as Pod[]).filter((p) => p.spec.nodeName === nodeName && drainable(p));
    if (onNode.length === 0) return;
    let blocked: { pod: Pod; error: KubeApiError } | undefined;
    for (const pod of onNode.filter((p) => !p.metadata.deletionTimestamp)) {
      try {
        cluster.evict(pod.metadata.namespace!, pod.metadata.name);
      } catch (e) {
        if (e instanceof KubeApiError && e.code === 429) blocked ??= { pod, error: e };
        else if (!(e instanceof KubeApiError && e.code === 404)) throw e;
      }
    }
    cluster.reconcile();
    if (blocked && clock.now() >= deadline) throw drainError(cluster, nodeName, blocked.pod);
    await clock.sleep(cluster.ctx.dur(POLL_MS));
  }
}

function drainError(cluster: SimulatedCluster, node: string, pod: Pod): DrainFailure {
  const ns = pod.metadata.namespace ?? "default";
  const pods = cluster.store.list(POD, ns) as Pod[];
  const pdb = (cluster.store.list(PDB, ns) as PodDisruptionBudget[]).find((b) => pdbSelects(b, pod));
  const unready = pdb ? pods.filter((p) => pdbSelects(pdb, p) && !isPodReady(p)).map((p) => `${ns}/${p.metadata.name}`) : [];
  const message =
    `Drain node ${node} failed when evicting pod ${pod.metadata.name} failed with Too Many Requests error. ` +
    `This is often caused by a restrictive Pod Disruption Budget (PDB) policy. See http://aka.ms/aks/debugdrainfailures. ` +
    `Original error: Cannot evict pod as it would violate the pod's disruption budget.. ` +
    `PDB debug info: ${ns}/${pod.metadata.name} blocked by pdb ${pdb?.metadata.name ?? "<unknown>"} with ${unready.length} unready pods: [${unready.join(" ")}].`;
  return new DrainFailure(message, node, pod.metadata.name, ns, pdb?.metadata.name);
}

async function waitReady(cluster: SimulatedCluster, names: string[]): Promise<void> {
  for (;;) {
    if (cluster.isClosed) throw new Error(`cluster ${cluster.name} was closed while nodes were booting`);
    cluster.reconcile();
    const nodes = cluster.nodes().filter((n) => names.includes(n.metadata.name));
    if (nodes.every(isNodeReady)) return;
    await cluster.clock.sleep(cluster.ctx.dur(1_000));
  }
}

/** Upgrades one agent pool to `version`, node by node with surge. Resolves with the outcome, never rejects for drain failures. */
export async function upgradePool(cluster: SimulatedCluster, poolName: string, version: string, opts: UpgradeOptions = {}): Promise<UpgradeResult> {
  const pool = cluster.pools().find((p) => p.name === poolName);
  if (!pool) throw new Error(`agent pool "${poolName}" not found in cluster ${cluster.name}`);
  const surge = Math.max(1, intOrPercent(opts.maxSurge ?? "10%", pool.count, true, "10%"));
  const timeoutMs = (opts.drainTimeoutInMinutes ?? 30) * 60_000;
  const upgraded: string[] = [];
  try {
    for (;;) {
      const nodes = cluster.nodes(poolName);
      const old = nodes.filter((n) => nodeVersion(n) !== version).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      if (old.length === 0) break;
      const batch = old.slice(0, surge);
      // Surge nodes left by an earlier, failed attempt are reused.
      const alreadySurged = Math.max(0, nodes.length - pool.count);
      const added = Array.from({ length: Math.max(0, batch.length - alreadySurged) }, () => cluster.addNode(poolName, version).metadata.name);
      await waitReady(cluster, added);
      for (const n of batch) cluster.cordon(n.metadata.name);
      for (const n of batch) await drainNode(cluster, n.metadata.name, timeoutMs);
      for (const n of batch) {
        cluster.removeNode(n.metadata.name);
        upgraded.push(n.metadata.name);
      }
    }
  } catch (e) {
    if (e instanceof DrainFailure) return { ok: false, error: e };
    throw e;
  }
  cluster.updatePoolSpec({ ...pool, orchestratorVersion: version, count: cluster.nodes(poolName).length });
  return { ok: true, upgradedNodes: upgraded, version };
}

/**
 * A managed-cluster upgrade (kubernetesVersion on the AKS PUT): the control plane first, then
 * each pool in order, stopping at the first pool whose drain fails (the cluster keeps the new
 * control-plane version, as AKS does).
 */
export async function upgradeCluster(cluster: SimulatedCluster, version: string, opts: UpgradeOptions & { pools?: string[] } = {}): Promise<UpgradeResult> {
  cluster.upgradeControlPlane(version);
  const upgraded: string[] = [];
  for (const pool of opts.pools ?? cluster.pools().map((p) => p.name)) {
    const r = await upgradePool(cluster, pool, version, opts);
    if (!r.ok) return r;
    upgraded.push(...r.upgradedNodes);
  }
  return { ok: true, upgradedNodes: upgraded, version };
}

/**
 * A simulated AKS cluster: the object store plus the controllers that make it behave
 * (deployments, replica sets, scheduler, kubelet, autoscaler, garbage collection, PDBs),
 * nodes that follow the ARM agent pools, and persistence so a cluster survives a restart of
 * the local Azure process. The API server (api/server.ts) serves it to kubectl.
 */
import { existsSync } from "node:fs";
import { readSnapshot, writeSnapshot } from "./persistence";
import { applyDefaults } from "./admission";
import { realClock, type Clock } from "./clock";
import { runAutoscaler } from "./controllers/autoscaler";
import { timestamp, type PodSim, type SimContext } from "./controllers/context";
import { collectGarbage, pruneEvents, reconcileBudgets, reconcileIngresses, reconcileNamespaces, reconcileServices, reconcileVolumeClaims } from "./controllers/housekeeping";
import { checkEviction } from "./controllers/disruption";
import { reconcileEndpoints } from "./controllers/endpoints";
import { EventRecorder } from "./controllers/events";
import { defaultImageExists, nodeReadiness, reconcileKubelet, reconcileScheduling } from "./controllers/kubelet";
import { buildNode, nodeVersion, poolOfNode, type AgentPoolSpec } from "./controllers/nodes";
import { systemAddons, systemNamespaces } from "./controllers/system";
import { deletePodGracefully, reconcileDeployments, reconcileReplicaSets, controllerOf } from "./controllers/workloads";
import type { Container, NodeObject, Pod, PodDisruptionBudget } from "./model";
import type { LogLine } from "./workload-signals";
import { typeOf } from "./resources";
import { ObjectStore } from "./store";
import type { ReadinessProbe } from "./controllers/probes";

export type { AgentPoolSpec } from "./controllers/nodes";

const NODE = typeOf("Node");
const POD = typeOf("Pod");
const PDB = typeOf("PodDisruptionBudget");
const NS = typeOf("Namespace");
const DEPLOY = typeOf("Deployment");
/** Store keys whose changes the endpoints controllers react to. */
const ENDPOINT_INPUTS = new Set(["/pods", "/services", "/endpoints", "discovery.k8s.io/endpointslices"]);

export interface ClusterOptions {
  name: string;
  location?: string;
  kubernetesVersion: string;
  pools: AgentPoolSpec[];
  /** 10 = simulated durations (image pulls, node boot) run ten times faster. Default 1. */
  timeScale?: number;
  clock?: Clock;
  imageExists?: (image: string) => boolean;
  /** Snapshot file: restored on create when present, rewritten shortly after changes. */
  persistFile?: string;
  /** Run controllers on timers (default true). Unit tests pass false and call reconcile(). */
  autoRun?: boolean;
  /** Called when the autoscaler changes a pool's node count (the ARM layer updates agentPool.count). */
  onPoolCountChange?: (pool: string, count: number) => void;
  /** Decides readiness of pods that declare a readinessProbe (undefined for a pod: ready a second after start). */
  readinessProbe?: ReadinessProbe;
}

/** Simulated node boot time (ms) before a new node reports Ready. */
export const NODE_BOOT_MS = 20_000;

export class SimulatedCluster {
  readonly name: string;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly timeScale: number;
  readonly ctx: SimContext;
  private version: string;
  private readonly nextNodeIndex = new Map<string, number>();
  private podIpCounter = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;
  private saveTimer: NodeJS.Timeout | undefined;
  private reconciling = false;
  private closed = false;
  private readonly events: EventRecorder;
  /** Garbage collection only has work after something was deleted. */
  private ownersChanged = true;
  /** The endpoints controllers only have work after pods, Services or their endpoints changed. */
  private endpointsChanged = true;
  /** Earliest time a time-based step (image pull, node boot, grace period…) is due. */
  private nextDue = 0;
  /** Where the API server listens: the endpoints of the `default/kubernetes` Service. */
  private apiServer: { ip: string; port: number } | undefined;

  constructor(private readonly opts: ClusterOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? realClock;
    this.timeScale = opts.timeScale ?? 1;
    this.version = opts.kubernetesVersion;
    this.store = new ObjectStore(() => this.clock.now());
    this.events = new EventRecorder(this.store, () => this.clock.now());
    const imageExists = opts.imageExists ?? defaultImageExists;
    this.ctx = {
      store: this.store,
      clusterName: opts.name,
      location: opts.location ?? "eastus",
      now: () => this.clock.now(),
      dur: (ms) => ms / this.timeScale,
      pools: new Map(),
      podSim: new Map<string, PodSim>(),
      nodeReadyAt: new Map(),
      ...(opts.readinessProbe ? { readinessProbe: opts.readinessProbe } : {}),
      probes: new Map(),
      imageExists,
      event: (obj, type, reason, message, component) => this.events.record(obj, type, reason, message, component),
      kubernetesVersion: () => this.version,
      wakeAt: (ms) => {
        this.nextDue = Math.min(this.nextDue, ms);
      },
      allocatePodIp: () => {
        this.podIpCounter++;
        return `10.244.${Math.floor(this.podIpCounter / 250) % 250}.${(this.podIpCounter % 250) + 2}`;
      },
    };
    if (!(opts.persistFile && existsSync(opts.persistFile) && this.restore(opts.persistFile))) this.bootstrap();
    this.store.onChange((e) => {
      if (e.type === "DELETED" && e.key !== "/events") this.ownersChanged = true;
      if (ENDPOINT_INPUTS.has(e.key)) this.endpointsChanged = true;
      this.schedule();
    });
    // Changes wake the controllers at once (schedule()); the timer only serves time-based steps,
    // so an idle cluster with thousands of pods costs next to nothing.
    if (opts.autoRun !== false) this.timer = setInterval(() => {
      if (this.clock.now() >= this.nextDue) this.reconcile();
    }, 100);
  }

  /** Extra log lines a simulation knows for a container (e.g. the app's readiness failures); merged into `kubectl logs`. */
  extraLog: ((pod: Pod, container: Container) => LogLine[] | undefined) | undefined;

  /** Installs (or removes) the readiness prober after creation, e.g. when a simulation attaches. */
  setReadinessProbe(probe: ReadinessProbe | undefined): void {
    this.ctx.readinessProbe = probe;
    this.ctx.probes.clear();
    // Ready pods that now have a prober get probed from the next pass.
    for (const sim of this.ctx.podSim.values()) if (sim.stage === "Ready") sim.nextAt = Math.min(sim.nextAt, this.clock.now());
    this.nextDue = this.clock.now();
  }

  /** Called by the API server when it listens, so `default/kubernetes` gets its endpoints. */
  setApiServerAddress(ip: string, port: number): void {
    this.apiServer = { ip, port };
    this.endpointsChanged = true;
    this.schedule();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get kubernetesVersion(): string {
    return this.version;
  }

  pools(): AgentPoolSpec[] {
    return [...this.ctx.pools.values()];
  }

  private bootstrap(): void {
    for (const ns of systemNamespaces()) this.store.create(NS, ns);
    this.setPools(this.opts.pools, { bootstrap: true });
    for (const d of systemAddons()) {
      applyDefaults(d);
      this.store.create(DEPLOY, d);
    }
    this.reconcile();
  }

  /** Reconciles nodes with the ARM agent pools: counts, labels, taints; removed pools lose their nodes. */
  setPools(pools: AgentPoolSpec[], opts: { bootstrap?: boolean } = {}): void {
    const names = new Set(pools.map((p) => p.name));
    for (const p of pools) this.ctx.pools.set(p.name, { ...p });
    for (const name of [...this.ctx.pools.keys()]) if (!names.has(name)) this.ctx.pools.delete(name);
    for (const node of this.nodes()) if (!names.has(poolOfNode(node) ?? "")) this.removeNode(node.metadata.name);
    for (const pool of pools) {
      const nodes = this.nodes(pool.name);
      for (let i = nodes.length; i < pool.count; i++) this.addNode(pool.name, pool.orchestratorVersion ?? this.version, opts.bootstrap);
      for (const n of nodes.sort((a, b) => b.metadata.name.localeCompare(a.metadata.name)).slice(0, Math.max(0, nodes.length - pool.count))) this.removeNode(n.metadata.name);
      for (const n of this.nodes(pool.name)) this.refreshNodeLabels(n, pool);
    }
  }

  private refreshNodeLabels(node: NodeObject, pool: AgentPoolSpec): void {
    const fresh = buildNode({ cluster: this.name, location: this.ctx.location, pool, index: 0, version: nodeVersion(node), ip: "" });
    this.store.mutate(NODE, undefined, node.metadata.name, (draft) => {
      const n = draft as NodeObject;
      n.metadata.labels = { ...n.metadata.labels, ...fresh.metadata.labels, "kubernetes.io/hostname": node.metadata.name };
      const cordon = n.spec.taints?.filter((t) => t.key === "node.kubernetes.io/unschedulable") ?? [];
      const taints = [...(fresh.spec.taints ?? []), ...cordon];
      if (taints.length) n.spec.taints = taints;
      else delete n.spec.taints;
    });
  }

  nodes(pool?: string): NodeObject[] {
    const all = this.store.list(NODE) as NodeObject[];
    return pool ? all.filter((n) => poolOfNode(n) === pool) : all;
  }

  /** Adds a node to a pool; it reports Ready after the simulated boot time. */
  addNode(poolName: string, version: string, immediatelyReady = false): NodeObject {
    const pool = this.ctx.pools.get(poolName);
    if (!pool) throw new Error(`unknown agent pool ${poolName}`);
    const index = this.nextNodeIndex.get(poolName) ?? 0;
    this.nextNodeIndex.set(poolName, index + 1);
    const ip = `10.224.0.${(this.nodes().length + 4) % 250}`;
    const node = this.store.create(NODE, buildNode({ cluster: this.name, location: this.ctx.location, pool, index, version, ip })) as NodeObject;
    this.ctx.nodeReadyAt.set(node.metadata.name, immediatelyReady ? this.clock.now() : this.clock.now() + this.ctx.dur(NODE_BOOT_MS));
    this.events.record(node, "Normal", "RegisteredNode", `Node ${node.metadata.name} event: Registered Node ${node.metadata.name} in Controller`, "node-controller");
    if (immediatelyReady) nodeReadiness(this.ctx);
    return node;
  }

  removeNode(name: string): void {
    if (this.store.get(NODE, undefined, name)) this.store.delete(NODE, undefined, name);
    this.ctx.nodeReadyAt.delete(name);
    this.schedule();
  }

  /** Marks a node unschedulable the way `kubectl cordon` and AKS upgrades do. */
  cordon(name: string, unschedulable = true): void {
    this.store.mutate(NODE, undefined, name, (draft) => {
      const n = draft as NodeObject;
      const others = (n.spec.taints ?? []).filter((t) => t.key !== "node.kubernetes.io/unschedulable");
      if (unschedulable) {
        n.spec.unschedulable = true;
        n.spec.taints = [...others, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: timestamp(this.clock.now()) } as never];
      } else {
        delete n.spec.unschedulable;
        if (others.length) n.spec.taints = others;
        else delete n.spec.taints;
      }
    });
  }

  /** The eviction API: deletes the pod unless a PodDisruptionBudget forbids it (throws 429). */
  evict(namespace: string, name: string): void {
    const pod = this.store.mustGet(POD, namespace, name) as Pod;
    if (pod.metadata.deletionTimestamp) return;
    const pods = this.store.list(POD, namespace) as Pod[];
    // Throws 429 when a budget forbids it; the disruption controller recomputes budgets on the next pass.
    checkEviction(pod, this.store.list(PDB, namespace) as PodDisruptionBudget[], pods);
    deletePodGracefully(this.ctx, pod);
    this.events.record(pod, "Normal", "Evicted", "Evicted pod", "eviction-api");
  }

  upgradeControlPlane(version: string): void {
    this.version = version;
    this.saveSoon();
  }

  /** Pool spec update without touching nodes (the upgrade flow changes versions node by node). */
  updatePoolSpec(pool: AgentPoolSpec): void {
    this.ctx.pools.set(pool.name, { ...pool });
    this.saveSoon();
  }

  private schedule(): void {
    if (this.pending || this.closed || this.opts.autoRun === false) return;
    this.pending = true;
    // Two turns of the event loop: pending socket I/O (watch events, responses) goes first,
    // and a burst of API writes is reconciled in one pass.
    setImmediate(() =>
      setImmediate(() => {
        this.pending = false;
        this.reconcile();
      }),
    );
  }

  /** One controller pass, repeated until nothing changes (bounded). */
  reconcile(): void {
    if (this.reconciling || this.closed) return;
    this.reconciling = true;
    try {
      for (let pass = 0; pass < 8; pass++) {
        const before = this.store.resourceVersion;
        this.nextDue = Number.POSITIVE_INFINITY;
        nodeReadiness(this.ctx);
        reconcileNamespaces(this.ctx);
        if (this.ownersChanged) {
          this.ownersChanged = false;
          collectGarbage(this.ctx);
        }
        reconcileDeployments(this.ctx);
        const podsByOwner = new Map<string, Pod[]>();
        for (const p of this.store.list(POD) as Pod[]) {
          const owner = controllerOf(p)?.uid;
          if (!owner) continue;
          const list = podsByOwner.get(owner);
          if (list) list.push(p);
          else podsByOwner.set(owner, [p]);
        }
        reconcileReplicaSets(this.ctx, podsByOwner);
        const nodes = this.nodes();
        const unschedulable = reconcileScheduling(this.ctx, this.store.list(POD) as Pod[], nodes);
        runAutoscaler(this, unschedulable);
        reconcileKubelet(this.ctx, this.store.list(POD) as Pod[], new Map(nodes.map((n) => [n.metadata.name, n])));
        reconcileBudgets(this.ctx, this.store.list(POD) as Pod[]);
        reconcileServices(this.ctx);
        if (this.endpointsChanged) {
          this.endpointsChanged = false;
          reconcileEndpoints(this.ctx, this.apiServer);
        }
        reconcileVolumeClaims(this.ctx);
        reconcileIngresses(this.ctx);
        pruneEvents(this.ctx);
        if (this.store.resourceVersion === before) break;
      }
    } catch (e) {
      // A controller bug must not take the local Azure process down; the next pass retries.
      console.error(`[kube:${this.name}] controller pass failed:`, e instanceof Error ? e.message : e);
    } finally {
      this.reconciling = false;
    }
    this.saveSoon();
  }

  /** Notifies the ARM layer of an autoscaler change. */
  poolCountChanged(pool: string, count: number): void {
    const spec = this.ctx.pools.get(pool);
    if (spec) spec.count = count;
    this.opts.onPoolCountChange?.(pool, count);
  }

  private lastSavedRv = "";
  private saveSoon(): void {
    if (!this.opts.persistFile || this.saveTimer || this.closed) return;
    if (this.store.resourceVersion === this.lastSavedRv) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 500);
  }

  save(): void {
    if (!this.opts.persistFile) return;
    writeSnapshot(this.opts.persistFile, {
      version: 1,
      kubernetesVersion: this.version,
      pools: this.pools(),
      nextNodeIndex: Object.fromEntries(this.nextNodeIndex),
      store: this.store.snapshot(),
      podIpCounter: this.podIpCounter,
    });
    this.lastSavedRv = this.store.resourceVersion;
  }

  private restore(file: string): boolean {
    const data = readSnapshot(file);
    if (!data) return false;
    this.version = data.kubernetesVersion;
    this.store.restore(data.store);
    for (const p of data.pools) this.ctx.pools.set(p.name, p);
    for (const [k, v] of Object.entries(data.nextNodeIndex)) this.nextNodeIndex.set(k, v);
    this.podIpCounter = data.podIpCounter;
    for (const n of this.nodes()) if (!n.status?.conditions?.some((c) => c.type === "Ready")) this.ctx.nodeReadyAt.set(n.metadata.name, this.clock.now());
    this.lastSavedRv = this.store.resourceVersion;
    return true;
  }

  /** Stops the controllers and writes the last snapshot. */
  close(): void {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.opts.persistFile) this.save();
    this.closed = true;
  }
}

export function createCluster(opts: ClusterOptions): SimulatedCluster {
  return new SimulatedCluster(opts);
}

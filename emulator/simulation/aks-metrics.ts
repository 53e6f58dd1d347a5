/**
 * AKS platform metrics from the simulated clusters, fed to Microsoft.Insights through the
 * MetricSource seam: each minute, node CPU and memory percentages derived from the requests of
 * the pods on each node (busy pods use ~60–85 % of their requests, plus system overhead and a
 * little noise), and one `kube_pod_status_ready` / `kube_pod_status_phase` series per pod. The
 * dimension instances are the cluster's real nodes and pods, so `node eq '…'` names what kubectl
 * shows. These series are measured only: a minute the simulation did not sample (before the
 * cluster or node existed, while the local Azure was stopped) has no data, as on Azure, instead of
 * the deterministic model's synthetic level (~50 %) next to measured values (~5 %), which made a
 * 1-hour chart of a new cluster jump. Other AKS metrics still come from the model, from creation on.
 */
import type { SimulatedCluster } from "../kubernetes";
import type { NodeObject, Pod } from "../kubernetes/model";
import { typeOf } from "../kubernetes/resources";
import { allocatable, occupying, podRequests } from "../kubernetes/controllers/scheduler";
import { isPodReady } from "../kubernetes/controllers/workloads";
import { RecordedMetricSource, type MetricSource, type SeriesRef } from "../arm/providers/insights/metric-source";
import type { DimensionInstance, MetricResource, MetricSpec } from "../arm/providers/insights/catalog/types";
import type { SampleBuffer } from "../arm/providers/insights/metric-model";
import { seededRandom } from "./workload-plan";

const POD = typeOf("Pod");
/** The metrics sample() records; the model never fills them. */
const MEASURED = new Set(["node_cpu_usage_percentage", "node_memory_working_set_percentage", "kube_pod_status_ready", "kube_pod_status_phase"]);
const NODE = typeOf("Node");

/** Memory a node uses outside pods (kubelet, containerd, OS), bytes. */
const SYSTEM_MEMORY = 1.1 * 2 ** 30;
const SYSTEM_CPU_MILLIS = 150;

export interface NodeSample {
  node: string;
  nodepool: string;
  cpuPercent: number;
  memoryPercent: number;
}

/** Pure: usage percentages of each node from the pods bound to it, with `noise` in [0,1) per node. */
export function nodeSamples(nodes: NodeObject[], pods: Pod[], noise: (node: string) => number): NodeSample[] {
  return nodes.map((n) => {
    const name = n.metadata.name;
    const cap = allocatable(n);
    let cpu = SYSTEM_CPU_MILLIS;
    let mem = SYSTEM_MEMORY;
    for (const p of pods) {
      if (p.spec.nodeName !== name || !occupying(p) || p.status?.phase !== "Running") continue;
      const r = podRequests(p);
      cpu += r.cpu * 0.6;
      mem += r.mem * 0.75;
    }
    const jitter = noise(name);
    const pct = (used: number, total: number, spread: number) => (total > 0 ? Math.min(100, Math.max(0, (used / total) * 100 * (1 + (jitter - 0.5) * spread))) : 0);
    return { node: name, nodepool: n.metadata.labels?.agentpool ?? "", cpuPercent: pct(cpu, cap.cpu, 0.3), memoryPercent: pct(mem, cap.mem, 0.06) };
  });
}

export class AksMetrics implements MetricSource {
  readonly name = "aks-simulation";
  private readonly recorded = new RecordedMetricSource("aks-simulation");
  private readonly clusters = new Map<string, SimulatedCluster>();
  private timer: NodeJS.Timeout | undefined;

  /** Start sampling a cluster (`resourceId`: the ARM id of the managed cluster). */
  watch(resourceId: string, cluster: SimulatedCluster): () => void {
    const key = resourceId.toLowerCase();
    this.clusters.set(key, cluster);
    this.sample(resourceId, cluster, Date.now());
    this.timer ??= setInterval(() => this.sampleAll(), 15_000);
    return () => {
      this.clusters.delete(key);
      if (this.clusters.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private sampleAll(): void {
    const now = Date.now();
    for (const [id, c] of this.clusters) if (!c.isClosed) this.sample(id, c, now);
  }

  /** Records the current minute's values (later samples in the same minute replace earlier ones). */
  sample(resourceId: string, cluster: SimulatedCluster, now: number): void {
    const minute = Math.floor(now / 60_000);
    const nodes = cluster.store.list(NODE) as NodeObject[];
    const pods = cluster.store.list(POD) as Pod[];
    const rand = (node: string) => seededRandom(hash(`${node}|${minute}`))();
    for (const s of nodeSamples(nodes, pods, rand)) {
      const dims = { node: s.node, nodepool: s.nodepool };
      this.recorded.record(resourceId, "node_cpu_usage_percentage", dims, minute, Math.round(s.cpuPercent * 100) / 100);
      this.recorded.record(resourceId, "node_memory_working_set_percentage", dims, minute, Math.round(s.memoryPercent * 100) / 100);
    }
    for (const p of pods) {
      const ns = p.metadata.namespace ?? "default";
      this.recorded.record(resourceId, "kube_pod_status_ready", { namespace: ns, pod: p.metadata.name, condition: "true" }, minute, isPodReady(p) ? 1 : 0);
      this.recorded.record(resourceId, "kube_pod_status_phase", { phase: p.status?.phase ?? "Pending", namespace: ns, pod: p.metadata.name }, minute, 1);
    }
  }

  instances(resource: MetricResource, metric: MetricSpec): DimensionInstance[] | undefined {
    const cluster = this.clusters.get(resource.id.toLowerCase());
    if (!cluster) return undefined;
    const dims = metric.dimensions.join(",");
    if (dims === "node,nodepool") return (cluster.store.list(NODE) as NodeObject[]).map((n) => ({ dimensions: { node: n.metadata.name, nodepool: n.metadata.labels?.agentpool ?? "" }, weight: 1 }));
    const pods = cluster.store.list(POD) as Pod[];
    if (dims === "namespace,pod,condition") return pods.map((p) => ({ dimensions: { namespace: p.metadata.namespace ?? "default", pod: p.metadata.name, condition: "true" }, weight: 1 }));
    if (dims === "phase,namespace,pod") return pods.map((p) => ({ dimensions: { phase: p.status?.phase ?? "Pending", namespace: p.metadata.namespace ?? "default", pod: p.metadata.name }, weight: 1 }));
    return undefined;
  }

  fill(series: SeriesRef, buffer: SampleBuffer, lastCompleteMinute: number): void {
    this.recorded.fill(series, buffer, lastCompleteMinute);
  }

  measures(series: SeriesRef): boolean {
    return MEASURED.has(series.metric.name) && this.clusters.has(series.resource.id.toLowerCase());
  }
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

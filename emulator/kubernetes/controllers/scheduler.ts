/**
 * The scheduler's decisions as pure functions: which nodes a pod fits (node readiness and
 * cordon, nodeSelector, taints/tolerations, CPU/memory requests, max pods) and the
 * FailedScheduling message kube-scheduler would print when none does.
 */
import type { NodeObject, Pod, Taint, Toleration } from "../model";
import { cpuMillis, memoryBytes, parseQuantity } from "../quantity";

export interface Requests {
  cpu: number; // millicores
  mem: number; // bytes
}

export function podRequests(pod: Pick<Pod, "spec">): Requests {
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec.containers ?? []) {
    cpu += cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
    mem += memoryBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
  }
  // Init containers run one at a time before the app: the pod needs the larger of the two.
  for (const c of pod.spec.initContainers ?? []) {
    cpu = Math.max(cpu, cpuMillis(c.resources?.requests?.cpu));
    mem = Math.max(mem, memoryBytes(c.resources?.requests?.memory));
  }
  return { cpu, mem };
}

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

export function isNodeReady(node: NodeObject): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

export function allocatable(node: NodeObject): Requests & { pods: number } {
  return {
    cpu: cpuMillis(node.status?.allocatable?.cpu),
    mem: memoryBytes(node.status?.allocatable?.memory),
    pods: parseQuantity(node.status?.allocatable?.pods) ?? 110,
  };
}

/** Pods that hold resources on a node (not finished). */
export function occupying(pod: Pod): boolean {
  return pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed";
}

export interface NodeUsage {
  cpu: number;
  mem: number;
  pods: number;
}

export function usageOf(pods: Pod[]): NodeUsage {
  const u = { cpu: 0, mem: 0, pods: 0 };
  for (const p of pods) {
    if (!occupying(p)) continue;
    const r = podRequests(p);
    u.cpu += r.cpu;
    u.mem += r.mem;
    u.pods++;
  }
  return u;
}

function taintText(t: Taint): string {
  return `{${t.key}: ${t.value ?? ""}}`;
}

/** Why `pod` cannot run on `node` (empty when it fits). Reasons use kube-scheduler's wording. */
export function unfitReasons(pod: Pod, node: NodeObject, usage: NodeUsage): string[] {
  const reasons: string[] = [];
  if (!isNodeReady(node)) {
    if (!tolerates(pod.spec.tolerations, { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" })) return ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"];
  }
  if (node.spec.unschedulable && !tolerates(pod.spec.tolerations, { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) return ["node(s) were unschedulable"];
  const labels = node.metadata.labels ?? {};
  if (Object.entries(pod.spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return ["node(s) didn't match Pod's node affinity/selector"];
  const untolerated = (node.spec.taints ?? []).find((t) => t.effect !== "PreferNoSchedule" && !tolerates(pod.spec.tolerations, t));
  if (untolerated) return [`node(s) had untolerated taint ${taintText(untolerated)}`];
  const req = podRequests(pod);
  const cap = allocatable(node);
  if (usage.pods + 1 > cap.pods) reasons.push("Too many pods");
  if (usage.cpu + req.cpu > cap.cpu) reasons.push("Insufficient cpu");
  if (usage.mem + req.mem > cap.mem) reasons.push("Insufficient memory");
  return reasons;
}

export interface ScheduleDecision {
  node?: NodeObject;
  /** The FailedScheduling message when no node fits. */
  message?: string;
}

export function schedule(pod: Pod, nodes: NodeObject[], usageByNode: Map<string, NodeUsage>): ScheduleDecision {
  const counts = new Map<string, number>();
  let best: { node: NodeObject; score: number } | undefined;
  const req = podRequests(pod);
  for (const node of nodes) {
    const usage = usageByNode.get(node.metadata.name) ?? { cpu: 0, mem: 0, pods: 0 };
    const reasons = unfitReasons(pod, node, usage);
    if (reasons.length > 0) {
      for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
      continue;
    }
    // Least allocated: spread pods the way the default scoring does.
    const cap = allocatable(node);
    const score = Math.max((usage.cpu + req.cpu) / Math.max(cap.cpu, 1), (usage.mem + req.mem) / Math.max(cap.mem, 1), (usage.pods + 1) / cap.pods);
    if (!best || score < best.score || (score === best.score && node.metadata.name < best.node.metadata.name)) best = { node, score };
  }
  if (best) return { node: best.node };
  const parts = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`);
  const total = nodes.length;
  const detail = parts.length ? ` ${parts.join(", ")}.` : "";
  return { message: `0/${total} nodes are available:${detail} preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.` };
}

/**
 * What running containers "produce": log lines derived from the container's start time (no
 * storage; the same pod always prints the same history) and metrics.k8s.io usage figures.
 */
import type { Container, NodeObject, Pod } from "./model";
import { cpuMillis, memoryBytes } from "./quantity";
import { isNodeReady } from "./controllers/scheduler";

export interface LogLine {
  time: number;
  text: string;
}

/** Simulated seconds between two periodic log lines. */
const LOG_INTERVAL_MS = 10_000;

function firstLines(c: Container): string[] {
  const port = c.ports?.[0]?.containerPort ?? 8080;
  return [`Starting ${c.name} (image ${c.image ?? ""})`, `Configuration loaded`, `Listening on 0.0.0.0:${port}`];
}

/** Log lines of a running container up to `now` (at most the last `max`). */
export function containerLog(pod: Pod, container: Container, now: number, timeScale: number, max = 5000): LogLine[] {
  const status = pod.status?.containerStatuses?.find((s) => s.name === container.name);
  const started = status?.state.running?.startedAt ?? status?.state.terminated?.startedAt;
  if (!started) return [];
  const t0 = Date.parse(started);
  const lines: LogLine[] = firstLines(container).map((text, i) => ({ time: t0 + i, text }));
  const step = LOG_INTERVAL_MS / timeScale;
  const total = Math.max(0, Math.floor((now - t0) / step));
  for (let i = Math.max(1, total - max + 1); i <= total; i++) {
    const time = t0 + i * step;
    lines.push({ time, text: `GET /healthz 200 ${(3 + (i % 7)) / 10}ms probe=${i % 2 ? "liveness" : "readiness"} requests_served=${i * 3}` });
  }
  return lines.slice(-max);
}

function wave(seed: string, now: number): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return 0.5 + 0.5 * Math.sin(now / 60_000 + (h % 1000));
}

export function containerUsage(pod: Pod, c: Container, now: number): { cpu: number; mem: number } {
  const reqCpu = cpuMillis(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu) || 20;
  const reqMem = memoryBytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory) || 48 * 2 ** 20;
  const w = wave(`${pod.metadata.uid}/${c.name}`, now);
  return { cpu: Math.max(1, Math.round(reqCpu * (0.2 + 0.5 * w))), mem: Math.round(reqMem * (0.5 + 0.3 * w)) };
}

const nanocores = (m: number) => `${Math.round(m * 1e6)}n`;
const kib = (b: number) => `${Math.round(b / 1024)}Ki`;

export function podMetrics(pod: Pod, now: number): Record<string, unknown> {
  return {
    kind: "PodMetrics",
    apiVersion: "metrics.k8s.io/v1beta1",
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: new Date(now).toISOString(), labels: pod.metadata.labels ?? {} },
    timestamp: new Date(now - 5000).toISOString().replace(/\.\d+Z$/, "Z"),
    window: "15.012s",
    containers: pod.spec.containers.map((c) => {
      const u = containerUsage(pod, c, now);
      return { name: c.name, usage: { cpu: nanocores(u.cpu), memory: kib(u.mem) } };
    }),
  };
}

export function nodeMetrics(node: NodeObject, podsOnNode: Pod[], now: number): Record<string, unknown> {
  let cpu = 120 + 60 * wave(node.metadata.name, now);
  let mem = 1.1 * 2 ** 30;
  for (const p of podsOnNode) for (const c of p.spec.containers) {
    const u = containerUsage(p, c, now);
    cpu += u.cpu;
    mem += u.mem;
  }
  return {
    kind: "NodeMetrics",
    apiVersion: "metrics.k8s.io/v1beta1",
    metadata: { name: node.metadata.name, creationTimestamp: new Date(now).toISOString(), labels: node.metadata.labels ?? {} },
    timestamp: new Date(now - 5000).toISOString().replace(/\.\d+Z$/, "Z"),
    window: "20.05s",
    usage: { cpu: nanocores(cpu), memory: kib(mem) },
  };
}

export function hasMetrics(pod: Pod): boolean {
  return pod.status?.phase === "Running" && !!pod.spec.nodeName;
}

export function nodeHasMetrics(node: NodeObject): boolean {
  return isNodeReady(node);
}

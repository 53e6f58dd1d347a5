/**
 * Reads from the cluster's Kubernetes API: sandbox pods page by page (a 5,000-pod list never
 * arrives as one 15 MB body), nodes with their pool and allocatable, and the scheduler's
 * FailedScheduling events. Lists are read as plain JSON (kube-list.ts: client-node's typed
 * deserialisation was most of the inventory's time at 5,000 pods) and converted to the page's
 * small views; the objects keep client-node's V1 shapes, with timestamps as strings.
 */
import * as k8s from "@kubernetes/client-node";
import { listEach } from "./kube-list";
import { bytes, cpuMillis } from "./quantity";
import { RUNTIME_LABEL } from "./rules";
import { poolOfNode } from "./classify";
import type { NodeCapacity } from "./aggregate";
import type { PodView } from "./types";

const PAGE = 500;

function asDate(v: Date | string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function podView(p: k8s.V1Pod): PodView {
  return {
    name: p.metadata?.name ?? "",
    namespace: p.metadata?.namespace ?? "",
    labels: p.metadata?.labels ?? {},
    createdAt: asDate(p.metadata?.creationTimestamp) ?? new Date(0),
    deletionAt: asDate(p.metadata?.deletionTimestamp),
    phase: p.status?.phase ?? "Pending",
    nodeName: p.spec?.nodeName || undefined,
    conditions: (p.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
    containerStatuses: (p.status?.containerStatuses ?? []).map((c) => ({
      name: c.name,
      ready: c.ready,
      waiting: c.state?.waiting ? { reason: c.state.waiting.reason, message: c.state.waiting.message } : undefined,
      terminated: c.state?.terminated ? { reason: c.state.terminated.reason, exitCode: c.state.terminated.exitCode } : undefined,
    })),
    containers: (p.spec?.containers ?? []).map((c) => ({ requests: stringMap(c.resources?.requests), limits: stringMap(c.resources?.limits) })),
  };
}

function stringMap(m: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) out[k] = String(v);
  return out;
}

export function coreApi(kc: k8s.KubeConfig): k8s.CoreV1Api {
  return kc.makeApiClient(k8s.CoreV1Api);
}

/** All runtime pods of the namespace, in pages of 500. */
export async function listSandboxPods(kc: k8s.KubeConfig, namespace: string): Promise<PodView[]> {
  const out: PodView[] = [];
  await listEach<k8s.V1Pod>(kc, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, { labelSelector: `${RUNTIME_LABEL.key}=${RUNTIME_LABEL.value}` }, PAGE, (p) => out.push(podView(p)));
  return out;
}

export async function listNodeCapacity(kc: k8s.KubeConfig): Promise<NodeCapacity[]> {
  const out: NodeCapacity[] = [];
  await listEach<k8s.V1Node>(kc, "/api/v1/nodes", {}, PAGE, (n) =>
    out.push({
      name: n.metadata?.name ?? "",
      pool: poolOfNode(n.metadata?.labels) ?? "(unknown pool)",
      allocatableCpuMillis: cpuMillis(n.status?.allocatable?.cpu),
      allocatableMemoryBytes: bytes(n.status?.allocatable?.memory),
    }),
  );
  return out;
}

/** The newest FailedScheduling message per pod of the namespace. */
export async function schedulingMessages(kc: k8s.KubeConfig, namespace: string): Promise<Map<string, string>> {
  const newest = new Map<string, { at: number; message: string }>();
  await listEach<k8s.CoreV1Event>(kc, `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, { fieldSelector: "reason=FailedScheduling" }, PAGE, (e) => {
    const pod = e.involvedObject?.name;
    if (!pod || e.involvedObject.kind !== "Pod") return;
    const at = (asDate(e.lastTimestamp) ?? asDate(e.eventTime as Date | string | undefined) ?? asDate(e.metadata?.creationTimestamp))?.getTime() ?? 0;
    const prev = newest.get(pod);
    if (!prev || at >= prev.at) newest.set(pod, { at, message: e.message ?? "FailedScheduling" });
  });
  return new Map([...newest].map(([pod, v]) => [pod, v.message]));
}

/**
 * Deployment and ReplicaSet controllers: a Deployment owns one ReplicaSet per pod template
 * (named <deployment>-<pod-template-hash>), rolls from old to new within maxSurge /
 * maxUnavailable, and reports the status fields and conditions `kubectl rollout status` reads.
 */
import { applyDefaults } from "../admission";
import type { Condition, Deployment, Pod, ReplicaSet } from "../model";
import { typeOf } from "../resources";
import { selectorMatches } from "../selectors";
import { clone, type KubeObject, type OwnerReference } from "../types";
import { hashSuffix, randomSuffix, timestamp, type SimContext } from "./context";

const DEPLOY = typeOf("Deployment");
const RS = typeOf("ReplicaSet");
const POD = typeOf("Pod");
const REVISION = "deployment.kubernetes.io/revision";

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

function ownerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function podTemplateHash(d: Deployment): string {
  const labels = { ...(d.spec.template.metadata?.labels ?? {}) };
  delete labels["pod-template-hash"];
  return hashSuffix(canonicalJson({ ...d.spec.template, metadata: { ...d.spec.template.metadata, labels } }));
}

/** JSON with sorted keys: a patch that reorders fields must not look like a new template. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** "25%" of 10 → 3 (round up) or 2 (round down); plain numbers pass through. */
export function intOrPercent(v: number | string | undefined, total: number, roundUp: boolean, fallback: string): number {
  const raw = v ?? fallback;
  if (typeof raw === "number") return raw;
  const m = /^(\d+)%$/.exec(raw);
  if (!m) return Number(raw) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

export function setCondition(conditions: Condition[] | undefined, next: Condition, now: string): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const changed = !prev || prev.status !== next.status || prev.reason !== next.reason;
  const merged: Condition = { ...next, lastTransitionTime: changed || !prev?.lastTransitionTime ? now : prev.lastTransitionTime };
  if ("lastUpdateTime" in next || prev?.lastUpdateTime) merged.lastUpdateTime = changed || prev?.message !== next.message ? now : prev?.lastUpdateTime ?? now;
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

function scaleRs(ctx: SimContext, d: Deployment, rs: ReplicaSet, replicas: number): void {
  const from = rs.spec.replicas ?? 0;
  if (from === replicas) return;
  ctx.store.mutate(RS, rs.metadata.namespace, rs.metadata.name, (draft) => {
    (draft as ReplicaSet).spec.replicas = replicas;
    draft.metadata.annotations = { ...draft.metadata.annotations, "deployment.kubernetes.io/desired-replicas": String(d.spec.replicas ?? 1) };
  });
  rs.spec.replicas = replicas;
  ctx.event(d, "Normal", "ScalingReplicaSet", `Scaled ${replicas > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${replicas}`, "deployment-controller");
}

export function reconcileDeployments(ctx: SimContext): void {
  const allRs = ctx.store.list(RS) as ReplicaSet[];
  for (const d of ctx.store.list(DEPLOY) as Deployment[]) {
    if (d.metadata.deletionTimestamp) continue;
    const ns = d.metadata.namespace;
    const owned = allRs.filter((rs) => rs.metadata.namespace === ns && controllerOf(rs)?.uid === d.metadata.uid).map((rs) => clone(rs));
    const hash = podTemplateHash(d);
    let newRs = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
    const maxRevision = Math.max(0, ...owned.map(revisionOf));
    const desired = d.spec.replicas ?? 1;
    // A paused deployment does not start a rollout for a changed template.
    if (!newRs && d.spec.paused) continue;
    if (!newRs) {
      const template = clone(d.spec.template);
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, "pod-template-hash": hash } };
      const created = ctx.store.create(RS, {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: ns,
          uid: "",
          resourceVersion: "",
          creationTimestamp: "",
          labels: { ...template.metadata.labels },
          annotations: { [REVISION]: String(maxRevision + 1), "deployment.kubernetes.io/desired-replicas": String(desired), "deployment.kubernetes.io/max-replicas": String(desired + intOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, desired, true, "25%")) },
          ownerReferences: [ownerRef(d)],
        },
        spec: { replicas: 0, selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, "pod-template-hash": hash } }, template },
        status: { replicas: 0 },
      });
      newRs = clone(created) as ReplicaSet;
      owned.push(newRs);
    } else if (revisionOf(newRs) < maxRevision) {
      // Rolling back to an older template makes its ReplicaSet the newest revision again.
      ctx.store.mutate(RS, ns, newRs.metadata.name, (draft) => {
        draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION]: String(maxRevision + 1) };
      });
      newRs.metadata.annotations = { ...newRs.metadata.annotations, [REVISION]: String(maxRevision + 1) };
    }
    const old = owned.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
    if (!d.spec.paused) rollout(ctx, d, newRs, old, desired);
    cleanupHistory(ctx, d, old);
    updateDeploymentStatus(ctx, d, newRs, owned, desired);
  }
}

function rollout(ctx: SimContext, d: Deployment, newRs: ReplicaSet, old: ReplicaSet[], desired: number): void {
  if (d.spec.strategy?.type === "Recreate") {
    for (const rs of old) scaleRs(ctx, d, rs, 0);
    if (old.every((rs) => (rs.status?.replicas ?? 0) === 0)) scaleRs(ctx, d, newRs, desired);
    return;
  }
  const maxSurge = intOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, desired, true, "25%");
  let maxUnavailable = intOrPercent(d.spec.strategy?.rollingUpdate?.maxUnavailable, desired, false, "25%");
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const total = () => newRs.spec.replicas! + old.reduce((s, rs) => s + (rs.spec.replicas ?? 0), 0);
  newRs.spec.replicas ??= 0;
  if (newRs.spec.replicas > desired || old.every((rs) => (rs.spec.replicas ?? 0) === 0)) scaleRs(ctx, d, newRs, desired);
  else if (newRs.spec.replicas < desired) {
    const room = Math.max(0, desired + maxSurge - total());
    scaleRs(ctx, d, newRs, Math.min(desired, newRs.spec.replicas + room));
  }
  const minAvailable = desired - maxUnavailable;
  const newUnavailable = Math.max(0, newRs.spec.replicas - (newRs.status?.availableReplicas ?? 0));
  let cleanup = total() - minAvailable - newUnavailable;
  for (const rs of old) {
    if (cleanup <= 0) break;
    const unhealthy = Math.max(0, (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0));
    const n = Math.min(cleanup, unhealthy);
    if (n > 0) {
      scaleRs(ctx, d, rs, (rs.spec.replicas ?? 0) - n);
      cleanup -= n;
    }
  }
  const available = [newRs, ...old].reduce((s, rs) => s + Math.min(rs.status?.availableReplicas ?? 0, rs.spec.replicas ?? 0), 0);
  let scaleDown = available - minAvailable;
  for (const rs of old) {
    if (scaleDown <= 0) break;
    const n = Math.min(scaleDown, rs.spec.replicas ?? 0);
    if (n > 0) {
      scaleRs(ctx, d, rs, (rs.spec.replicas ?? 0) - n);
      scaleDown -= n;
    }
  }
}

function cleanupHistory(ctx: SimContext, d: Deployment, old: ReplicaSet[]): void {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const idle = old.filter((rs) => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) ctx.store.delete(RS, rs.metadata.namespace, rs.metadata.name);
}

function updateDeploymentStatus(ctx: SimContext, d: Deployment, newRs: ReplicaSet, all: ReplicaSet[], desired: number): void {
  const sum = (f: (rs: ReplicaSet) => number | undefined) => all.reduce((s, rs) => s + (f(rs) ?? 0), 0);
  const replicas = sum((rs) => rs.status?.replicas);
  const updated = newRs.status?.replicas ?? 0;
  const ready = sum((rs) => rs.status?.readyReplicas);
  const available = sum((rs) => rs.status?.availableReplicas);
  const maxUnavailable = intOrPercent(d.spec.strategy?.rollingUpdate?.maxUnavailable, desired, false, "25%");
  const nowMs = ctx.now();
  const now = timestamp(nowMs);
  const complete = updated === desired && replicas === desired && available === desired && (newRs.status?.availableReplicas ?? 0) === desired;
  const prev = d.status ?? {};
  const progressed = (prev.updatedReplicas ?? 0) !== updated || (prev.availableReplicas ?? 0) !== available || (prev.readyReplicas ?? 0) !== ready || (prev.replicas ?? 0) !== replicas || prev.observedGeneration !== d.metadata.generation;
  let conditions = setCondition(prev.conditions, available >= desired - (d.spec.strategy?.type === "Recreate" ? 0 : maxUnavailable) ? { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability.", lastUpdateTime: "" } : { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability.", lastUpdateTime: "" }, now);
  const rsName = newRs.metadata.name;
  const progressing = prev.conditions?.find((c) => c.type === "Progressing");
  const deadlineMs = ctx.dur((d.spec.progressDeadlineSeconds ?? 600) * 1000);
  let next: Condition;
  if (complete) next = { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: "" };
  else if (progressed || !progressing || progressing.reason === "NewReplicaSetAvailable" || !progressing.message?.includes(rsName)) next = { type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: `ReplicaSet "${rsName}" is progressing.`, lastUpdateTime: "" };
  else if (progressing.reason !== "ProgressDeadlineExceeded" && nowMs - Date.parse(progressing.lastUpdateTime ?? now) > deadlineMs) next = { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${rsName}" has timed out progressing.`, lastUpdateTime: "" };
  else next = { ...progressing };
  conditions = setCondition(conditions, next, now);
  if (!complete && next.reason !== "ProgressDeadlineExceeded") {
    const since = Date.parse(conditions.find((c) => c.type === "Progressing")?.lastUpdateTime ?? now);
    ctx.wakeAt(since + deadlineMs + 1000);
  }
  if (progressed && next.reason === "ReplicaSetUpdated") conditions = conditions.map((c) => (c.type === "Progressing" ? { ...c, lastUpdateTime: now } : c));
  const status = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
    conditions,
  };
  if (!status.readyReplicas) delete (status as Partial<typeof status>).readyReplicas;
  if (!status.availableReplicas) delete (status as Partial<typeof status>).availableReplicas;
  ctx.store.mutate(DEPLOY, d.metadata.namespace, d.metadata.name, (draft) => {
    draft.status = status;
    draft.metadata.annotations = { ...draft.metadata.annotations, [REVISION]: newRs.metadata.annotations?.[REVISION] ?? "1" };
  });
}

export function reconcileReplicaSets(ctx: SimContext, podsByOwner: Map<string, Pod[]>): void {
  for (const rs of ctx.store.list(RS) as ReplicaSet[]) {
    if (rs.metadata.deletionTimestamp) continue;
    const owned = (podsByOwner.get(rs.metadata.uid) ?? []).filter((p) => selectorMatches(rs.spec.selector, p.metadata.labels));
    const active = owned.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded");
    const desired = rs.spec.replicas ?? 1;
    if (active.length < desired) {
      for (let i = active.length; i < desired; i++) {
        const pod = podFromTemplate(rs);
        // Generated names can collide (5 characters); the API server's answer is to try another.
        while (ctx.store.get(POD, pod.metadata.namespace, pod.metadata.name)) pod.metadata.name = `${rs.metadata.name}-${randomSuffix()}`;
        const created = ctx.store.create(POD, pod);
        ctx.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, "replicaset-controller");
        active.push(created as Pod);
      }
    } else if (active.length > desired) {
      const rank = (p: Pod) => (!p.spec.nodeName ? 0 : p.status?.phase === "Pending" ? 1 : !isPodReady(p) ? 2 : 3);
      const victims = [...active].sort((a, b) => rank(a) - rank(b) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp)).slice(0, active.length - desired);
      for (const p of victims) {
        deletePodGracefully(ctx, p);
        ctx.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`, "replicaset-controller");
      }
    }
    const live = owned.filter((p) => !p.metadata.deletionTimestamp || p.status?.phase === "Running");
    const ready = live.filter(isPodReady).length;
    const status = { replicas: active.length > desired ? desired : active.length, fullyLabeledReplicas: active.length > desired ? desired : active.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
    status.replicas = live.filter((p) => p.status?.phase !== "Failed").length;
    status.fullyLabeledReplicas = status.replicas;
    ctx.store.mutate(RS, rs.metadata.namespace, rs.metadata.name, (draft) => {
      draft.status = status;
    });
  }
}

function podFromTemplate(rs: ReplicaSet): Pod {
  const t = rs.spec.template;
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${rs.metadata.name}-${randomSuffix()}`,
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      uid: "",
      resourceVersion: "",
      creationTimestamp: "",
      labels: { ...t.metadata?.labels },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [ownerRef(rs)],
    },
    spec: clone(t.spec),
  };
  applyDefaults(pod);
  return pod;
}

/** Marks a pod for deletion; the kubelet stops it within its grace period. */
export function deletePodGracefully(ctx: SimContext, pod: Pod, graceSeconds?: number): void {
  const grace = graceSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  if (!pod.spec.nodeName || grace === 0) {
    if (ctx.store.get(POD, pod.metadata.namespace, pod.metadata.name)) ctx.store.delete(POD, pod.metadata.namespace, pod.metadata.name);
    ctx.podSim.delete(pod.metadata.uid);
    return;
  }
  if (pod.metadata.deletionTimestamp) return;
  ctx.store.mutate(POD, pod.metadata.namespace, pod.metadata.name, (draft) => {
    // The simulated container stops quickly: a couple of seconds, not the whole grace period.
    draft.metadata.deletionTimestamp = timestamp(ctx.now() + ctx.dur(Math.min(grace, 2) * 1000));
    draft.metadata.deletionGracePeriodSeconds = grace;
  });
}

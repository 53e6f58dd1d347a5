/**
 * The small controllers: garbage collection through ownerReferences, namespace lifecycle and
 * default service accounts, Service cluster IPs and load-balancer IPs, PVC binding, Ingress
 * addresses, PDB status, and pruning of old Events.
 */
import type { Pod, PodDisruptionBudget } from "../model";
import { RESOURCE_TYPES, typeOf } from "../resources";
import { isRecord, type KubeObject } from "../types";
import { timestamp, type SimContext } from "./context";
import { budgetStatus } from "./disruption";
import { deletePodGracefully, setCondition } from "./workloads";

const NS = typeOf("Namespace");
const SA = typeOf("ServiceAccount");
const SVC = typeOf("Service");
const PVC = typeOf("PersistentVolumeClaim");
const ING = typeOf("Ingress");
const PDB = typeOf("PodDisruptionBudget");
const EVENT = typeOf("Event");
const POD = typeOf("Pod");
const STORED = RESOURCE_TYPES.filter((t) => !t.virtual);

/** Deletes objects whose owners are gone (background propagation). */
export function collectGarbage(ctx: SimContext): void {
  const uids = new Set<string>();
  const all: [typeof STORED[number], KubeObject][] = [];
  for (const t of STORED) for (const o of ctx.store.list(t)) {
    uids.add(o.metadata.uid);
    if (o.metadata.ownerReferences?.length) all.push([t, o]);
  }
  for (const [t, o] of all) {
    if (o.metadata.ownerReferences!.some((r) => uids.has(r.uid))) continue;
    if (t === POD) deletePodGracefully(ctx, o as Pod);
    else ctx.store.delete(t, o.metadata.namespace, o.metadata.name);
  }
}

export function reconcileNamespaces(ctx: SimContext): void {
  for (const ns of ctx.store.list(NS)) {
    const name = ns.metadata.name;
    if (ns.metadata.deletionTimestamp) {
      let remaining = 0;
      for (const t of STORED.filter((x) => x.namespaced)) {
        for (const o of ctx.store.list(t, name)) {
          remaining++;
          if (t === POD) deletePodGracefully(ctx, o as Pod);
          else ctx.store.delete(t, name, o.metadata.name);
        }
      }
      if (remaining === 0) ctx.store.delete(NS, undefined, name);
      continue;
    }
    if (!ctx.store.get(SA, name, "default")) {
      ctx.store.create(SA, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: name, uid: "", resourceVersion: "", creationTimestamp: "" } });
    }
  }
}

let ipCounter = 0;
function nextServiceIp(used: Set<string>): string {
  for (;;) {
    ipCounter = (ipCounter % 65000) + 10;
    const ip = `10.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
    if (!used.has(ip)) return ip;
  }
}

export function reconcileServices(ctx: SimContext): void {
  const services = ctx.store.list(SVC);
  const used = new Set(services.map((s) => (isRecord(s.spec) ? String(s.spec.clusterIP ?? "") : "")));
  for (const svc of services) {
    const spec = (isRecord(svc.spec) ? svc.spec : {}) as Record<string, unknown>;
    const needsIp = !spec.clusterIP && spec.type !== "ExternalName";
    const lb = spec.type === "LoadBalancer";
    const hasLbIp = isRecord(svc.status) && isRecord(svc.status.loadBalancer) && Array.isArray(svc.status.loadBalancer.ingress);
    if (!needsIp && (!lb || hasLbIp)) continue;
    const ip = needsIp ? nextServiceIp(used) : String(spec.clusterIP);
    used.add(ip);
    ctx.store.mutate(SVC, svc.metadata.namespace, svc.metadata.name, (draft) => {
      const s = draft.spec as Record<string, unknown>;
      if (needsIp) {
        s.clusterIP = ip;
        s.clusterIPs = [ip];
        s.ipFamilies = ["IPv4"];
        s.ipFamilyPolicy = "SingleStack";
        s.internalTrafficPolicy = "Cluster";
      }
      if (lb) draft.status = { loadBalancer: { ingress: [{ ip: `20.62.${(ip.length * 7) % 250}.${Number(ip.split(".").pop()) % 250}`, ipMode: "VIP" }] } };
    });
  }
}

export function reconcileVolumeClaims(ctx: SimContext): void {
  for (const pvc of ctx.store.list(PVC)) {
    if (isRecord(pvc.status) && pvc.status.phase === "Bound") continue;
    ctx.store.mutate(PVC, pvc.metadata.namespace, pvc.metadata.name, (draft) => {
      const spec = (isRecord(draft.spec) ? draft.spec : {}) as Record<string, unknown>;
      spec.storageClassName ??= "default";
      spec.volumeMode ??= "Filesystem";
      spec.volumeName = `pvc-${draft.metadata.uid}`;
      draft.spec = spec;
      const requests = isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
      draft.status = { phase: "Bound", accessModes: spec.accessModes ?? ["ReadWriteOnce"], capacity: { storage: requests.storage ?? "1Gi" } };
      draft.metadata.annotations = { ...draft.metadata.annotations, "pv.kubernetes.io/bind-completed": "yes", "volume.kubernetes.io/storage-provisioner": "disk.csi.azure.com" };
    });
  }
}

export function reconcileIngresses(ctx: SimContext): void {
  for (const ing of ctx.store.list(ING)) {
    if (isRecord(ing.status) && isRecord(ing.status.loadBalancer) && Array.isArray(ing.status.loadBalancer.ingress)) continue;
    ctx.store.mutate(ING, ing.metadata.namespace, ing.metadata.name, (draft) => {
      draft.status = { loadBalancer: { ingress: [{ ip: "20.62.10.10" }] } };
    });
  }
}

export function reconcileBudgets(ctx: SimContext, pods: Pod[]): void {
  const now = timestamp(ctx.now());
  for (const pdb of ctx.store.list(PDB) as PodDisruptionBudget[]) {
    const s = budgetStatus(pdb, pods);
    // Evicted pods stay counted as disrupted until they are gone.
    const disrupted = Object.fromEntries(Object.entries(pdb.status?.disruptedPods ?? {}).filter(([name]) => pods.some((p) => p.metadata.name === name && p.metadata.namespace === pdb.metadata.namespace && !p.metadata.deletionTimestamp)));
    ctx.store.mutate(PDB, pdb.metadata.namespace, pdb.metadata.name, (draft) => {
      const d = draft as PodDisruptionBudget;
      d.status = {
        observedGeneration: d.metadata.generation ?? 1,
        ...s,
        ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
        conditions: setCondition(d.status?.conditions, s.disruptionsAllowed > 0 ? { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "" } : { type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "" }, now),
      };
    });
  }
}

/** Keeps the newest `max` events, like the API server's one-hour event TTL keeps the list short. */
export function pruneEvents(ctx: SimContext, max = 5000): void {
  // Prune in batches (10% over the limit) so a busy cluster does not sort its events every pass.
  if (ctx.store.count(EVENT) <= max * 1.1) return;
  const events = ctx.store.list(EVENT);
  const ordered = events.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  for (const e of ordered.slice(0, events.length - max)) ctx.store.delete(EVENT, e.metadata.namespace, e.metadata.name);
}

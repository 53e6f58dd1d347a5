/**
 * The resource verbs behind the URL routes: get, list (selectors, limit/continue, Table),
 * create, update, patch (json/merge/strategic/apply), delete (graceful pods, cascading owners,
 * terminating namespaces), delete-collection, and the scale, status and eviction subresources.
 */
import { applyDefaults, validate, validateUpdate } from "../admission";
import { recordUpdate, serverSideApply } from "../apply";
import type { SimulatedCluster } from "../cluster";
import { randomSuffix, timestamp } from "../controllers/context";
import { deletePodGracefully } from "../controllers/workloads";
import type { Deployment, Pod } from "../model";
import { jsonPatch, mergePatch, strategicMergePatch } from "../patch";
import { apiVersionOf, RESOURCE_TYPES, typeOf, type ResourceType } from "../resources";
import { formatLabelSelector, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from "../selectors";
import { badRequest, clone, isRecord, KubeApiError, notFound, type KubeObject, type KubeStatus } from "../types";
import { hasMetrics, nodeHasMetrics, nodeMetrics, podMetrics } from "../workload-signals";

const NS = typeOf("Namespace");
const POD = typeOf("Pod");
const NODE = typeOf("Node");
const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

export interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  sub?: string;
}

export interface WriteOptions {
  manager: string;
  dryRun: boolean;
  force: boolean;
}

/** Field labels the real API server supports per kind (metadata.name/namespace everywhere). */
const FIELD_LABELS: Record<string, string[]> = {
  Pod: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
  Node: ["spec.unschedulable"],
  Event: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
  Secret: ["type"],
  Namespace: ["status.phase"],
  ReplicaSet: ["status.replicas"],
};

export function selectorFilter(q: URLSearchParams, kind = ""): (o: KubeObject) => boolean {
  const labels = q.get("labelSelector") ? parseLabelSelector(q.get("labelSelector")!) : [];
  const fields = q.get("fieldSelector") ? parseFieldSelector(q.get("fieldSelector")!) : [];
  const allowed = new Set(["metadata.name", "metadata.namespace", ...(FIELD_LABELS[kind] ?? [])]);
  const unsupported = fields.find((f) => !allowed.has(f.path));
  if (unsupported && kind) throw badRequest(`field label not supported: ${unsupported.path}`);
  return (o) => matchesRequirements(o.metadata.labels, labels) && matchesFields(o, fields);
}

function sortKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Virtual metrics.k8s.io objects, computed from the pods and nodes right now. */
function metricsObjects(cluster: SimulatedCluster, t: ResourceType, ns?: string): KubeObject[] {
  const now = cluster.clock.now();
  const pods = cluster.store.list(POD, t.kind === "PodMetrics" ? ns : undefined) as Pod[];
  if (t.kind === "PodMetrics") return pods.filter(hasMetrics).map((p) => podMetrics(p, now) as unknown as KubeObject);
  return cluster.nodes().filter(nodeHasMetrics).map((n) => nodeMetrics(n, pods.filter((p) => p.spec.nodeName === n.metadata.name && hasMetrics(p)), now) as unknown as KubeObject);
}

export function listObjects(cluster: SimulatedCluster, target: Target, q: URLSearchParams): { items: KubeObject[]; continueToken?: string; remaining?: number } {
  const filter = selectorFilter(q, target.type.kind);
  const source = target.type.virtual ? metricsObjects(cluster, target.type, target.namespace) : cluster.store.list(target.type, target.namespace);
  // Keys computed once: sorting 5,000 pods must not build 120,000 strings.
  let items = source
    .filter(filter)
    .map((o) => [sortKey(o), o] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([, o]) => o);
  const cont = q.get("continue");
  if (cont) {
    let after: string;
    try {
      after = String((JSON.parse(Buffer.from(cont, "base64url").toString("utf8")) as { after: unknown }).after);
    } catch {
      throw badRequest("continue key is not valid: illegal base64 data");
    }
    items = items.filter((o) => sortKey(o) > after);
  }
  const limit = Number(q.get("limit") ?? 0);
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    const token = Buffer.from(JSON.stringify({ rv: cluster.store.resourceVersion, after: sortKey(page[page.length - 1]!) })).toString("base64url");
    return { items: page, continueToken: token, remaining: items.length - limit };
  }
  return { items };
}

export function getObject(cluster: SimulatedCluster, target: Target): KubeObject {
  const { type, namespace, name } = target;
  if (type.virtual) {
    const found = metricsObjects(cluster, type, namespace).find((o) => o.metadata.name === name);
    if (!found) throw new KubeApiError(404, "NotFound", `${type.resource}.${type.group} "${name}" not found`, { name, group: type.group, kind: type.resource });
    return found;
  }
  const obj = cluster.store.mustGet(type, namespace, name!);
  if (target.sub === "scale") return scaleOf(obj);
  return obj;
}

function scaleOf(obj: KubeObject): KubeObject {
  const d = obj as Deployment;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: d.spec.replicas ?? 1 },
    status: { replicas: d.status?.replicas ?? 0, selector: formatLabelSelector(d.spec.selector) },
  };
}

function checkBody(target: Target, body: unknown): KubeObject {
  if (!isRecord(body) || !isRecord(body.metadata)) throw badRequest("Object 'metadata' is missing in the request body");
  const obj = body as unknown as KubeObject;
  const t = target.type;
  const expectKind = target.sub === "scale" ? "Scale" : t.kind;
  if (obj.kind && obj.kind !== expectKind) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(t)})` + (obj.kind ? ` or kind ${obj.kind} is not ${expectKind}` : ""));
  if (target.sub !== "scale" && obj.apiVersion && obj.apiVersion !== apiVersionOf(t)) throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`);
  obj.apiVersion = target.sub === "scale" ? "autoscaling/v1" : apiVersionOf(t);
  obj.kind = expectKind;
  if (t.namespaced) {
    if (obj.metadata.namespace && target.namespace && obj.metadata.namespace !== target.namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    obj.metadata.namespace = target.namespace;
  } else delete obj.metadata.namespace;
  if (target.name && obj.metadata.name && obj.metadata.name !== target.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${target.name})`);
  if (target.name && !obj.metadata.name) obj.metadata.name = target.name;
  return obj;
}

function requireNamespace(cluster: SimulatedCluster, target: Target, name: string): void {
  if (!target.type.namespaced || !target.namespace) return;
  const ns = cluster.store.get(NS, undefined, target.namespace);
  if (!ns) throw new KubeApiError(404, "NotFound", `namespaces "${target.namespace}" not found`, { name: target.namespace, kind: "namespaces" });
  if (ns.metadata.deletionTimestamp) throw new KubeApiError(403, "Forbidden", `${target.type.resource} "${name}" is forbidden: unable to create new content in namespace ${target.namespace} because it is being terminated`);
}

export function createObject(cluster: SimulatedCluster, target: Target, body: unknown, opts: WriteOptions): KubeObject {
  const t = target.type;
  if (t.virtual) throw new KubeApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
  const obj = checkBody(target, body);
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
  for (const k of ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation"] as const) delete obj.metadata[k];
  delete obj.metadata.managedFields;
  obj.metadata.uid = "";
  obj.metadata.resourceVersion = "";
  obj.metadata.creationTimestamp = "";
  requireNamespace(cluster, target, obj.metadata.name);
  applyDefaults(obj);
  validate(obj);
  recordUpdate(undefined, obj, opts.manager, cluster.clock.now());
  if (opts.dryRun) {
    if (cluster.store.get(t, target.namespace, obj.metadata.name)) throw new KubeApiError(409, "AlreadyExists", `${t.resource} "${obj.metadata.name}" already exists`);
    return { ...obj, metadata: { ...obj.metadata, uid: crypto.randomUUID(), creationTimestamp: timestamp(cluster.clock.now()) } };
  }
  return cluster.store.create(t, obj);
}

/** Stores `next` as the new version of `cur` (shared by PUT and PATCH). */
function commit(cluster: SimulatedCluster, target: Target, cur: KubeObject, next: KubeObject, opts: WriteOptions, checkVersion: boolean): KubeObject {
  const t = target.type;
  next.metadata = { ...next.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp, name: cur.metadata.name };
  if (cur.metadata.namespace) next.metadata.namespace = cur.metadata.namespace;
  const hasStatusSub = t.subresources?.some((s) => s.name === "status");
  if (target.sub === "status") {
    const onlyStatus = clone(cur);
    onlyStatus.status = next.status;
    next = onlyStatus;
  } else if (hasStatusSub && "status" in cur) next.status = cur.status;
  applyDefaults(next);
  validate(next);
  validateUpdate(cur, next);
  if (!opts.force) recordUpdate(cur, next, opts.manager, cluster.clock.now(), target.sub === "status" ? "status" : undefined);
  if (opts.dryRun) return next;
  return cluster.store.update(t, next, { checkVersion });
}

export function updateObject(cluster: SimulatedCluster, target: Target, body: unknown, opts: WriteOptions): KubeObject {
  if (target.type.virtual) throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  const cur = cluster.store.mustGet(target.type, target.namespace, target.name!);
  const obj = checkBody(target, body);
  if (target.sub === "scale") return scaleOf(setReplicas(cluster, target, cur, obj, opts));
  return commit(cluster, target, cur, obj, opts, true);
}

function setReplicas(cluster: SimulatedCluster, target: Target, cur: KubeObject, scale: KubeObject, opts: WriteOptions): KubeObject {
  const replicas = isRecord(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) throw new KubeApiError(422, "Invalid", `Scale.autoscaling "${target.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  if (scale.metadata.resourceVersion && scale.metadata.resourceVersion !== cur.metadata.resourceVersion) {
    throw new KubeApiError(409, "Conflict", `Operation cannot be fulfilled on ${target.type.resource}.${target.type.group} "${target.name}": the object has been modified; please apply your changes to the latest version and try again`);
  }
  const next = clone(cur);
  (next as Deployment).spec.replicas = replicas;
  return commit(cluster, { ...target, sub: undefined }, cur, next, opts, false);
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? "").split(";")[0]!.trim();
  if (ct === "application/json-patch+json") return "json";
  if (ct === "application/merge-patch+json") return "merge";
  if (ct === "application/strategic-merge-patch+json") return "strategic";
  if (ct === "application/apply-patch+yaml" || ct === "application/apply-patch+json") return "apply";
  throw new KubeApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
}

export function patchObject(cluster: SimulatedCluster, target: Target, patchType: PatchType, body: unknown, opts: WriteOptions & { fieldManagerGiven: boolean }): { object: KubeObject; created: boolean } {
  const t = target.type;
  if (t.virtual) throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  const cur = cluster.store.get(t, target.namespace, target.name!);
  if (patchType === "apply") {
    if (!opts.fieldManagerGiven) throw badRequest("PATCH requests with apply patch type require fieldManager");
    if (target.sub === "scale") throw badRequest("server-side apply is not supported on the scale subresource of this emulator; use a merge patch");
    const config = checkBody(target, body);
    if (!cur) {
      requireNamespace(cluster, target, config.metadata.name);
      const created = serverSideApply(undefined, config, opts.manager, { force: opts.force, now: cluster.clock.now() });
      const managed = created.metadata.managedFields;
      const obj = createObject(cluster, target, created, { ...opts, manager: "__ignored__" });
      const stored = opts.dryRun ? obj : cluster.store.mutate(t, target.namespace, obj.metadata.name, (d) => {
        if (managed) d.metadata.managedFields = managed;
      })!;
      return { object: stored, created: true };
    }
    const merged = serverSideApply(cur, config, opts.manager, { force: opts.force, now: cluster.clock.now() });
    return { object: commit(cluster, target, cur, merged, { ...opts, force: true }, Boolean(config.metadata.resourceVersion)), created: false };
  }
  if (!cur) throw notFound(t.resource, target.name!, t.group);
  const base: KubeObject = target.sub === "scale" ? scaleOf(cur) : cur;
  let patched: unknown;
  if (patchType === "json") patched = jsonPatch(base, body);
  else if (!isRecord(body)) throw badRequest("the patch must be a JSON object");
  else if (patchType === "merge") patched = mergePatch(base, body);
  else patched = strategicMergePatch(base, body);
  if (!isRecord(patched) || !isRecord(patched.metadata)) throw badRequest("the patch removed the object's metadata");
  const next = patched as unknown as KubeObject;
  const checkVersion = next.metadata.resourceVersion !== cur.metadata.resourceVersion;
  if (target.sub === "scale") return { object: scaleOf(setReplicas(cluster, target, cur, next, opts)), created: false };
  return { object: commit(cluster, target, cur, next, opts, checkVersion), created: false };
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function deleteObject(cluster: SimulatedCluster, target: Target, opts: DeleteOptions): KubeObject | KubeStatus {
  const t = target.type;
  if (t.virtual) throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  const cur = cluster.store.mustGet(t, target.namespace, target.name!);
  if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata.uid) throw new KubeApiError(409, "Conflict", `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`);
  if (t === NS && PROTECTED_NAMESPACES.has(cur.metadata.name)) throw new KubeApiError(403, "Forbidden", `namespaces "${cur.metadata.name}" is forbidden: this namespace may not be deleted`);
  if (opts.dryRun) return cur;
  if (t === POD) {
    deletePodGracefully(cluster.ctx, cur as Pod, opts.gracePeriodSeconds);
    return cluster.store.get(t, target.namespace, target.name!) ?? { ...cur, metadata: { ...cur.metadata, deletionTimestamp: timestamp(cluster.clock.now()) } };
  }
  if (t === NS) {
    return cluster.store.mutate(t, undefined, cur.metadata.name, (d) => {
      d.metadata.deletionTimestamp = timestamp(cluster.clock.now());
      d.status = { phase: "Terminating" };
    })!;
  }
  if (t === NODE) cluster.removeNode(cur.metadata.name);
  else {
    if (opts.propagationPolicy === "Orphan") orphanDependents(cluster, cur);
    cluster.store.delete(t, target.namespace, cur.metadata.name);
  }
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: cur.metadata.name, group: t.group, kind: t.resource, uid: cur.metadata.uid }, code: 200 } as unknown as KubeStatus;
}

function orphanDependents(cluster: SimulatedCluster, owner: KubeObject): void {
  for (const t of RESOURCE_TYPES.filter((x) => !x.virtual)) {
    for (const o of cluster.store.list(t, owner.metadata.namespace)) {
      if (!o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid)) continue;
      cluster.store.mutate(t, o.metadata.namespace, o.metadata.name, (d) => {
        d.metadata.ownerReferences = d.metadata.ownerReferences?.filter((r) => r.uid !== owner.metadata.uid);
        if (!d.metadata.ownerReferences?.length) delete d.metadata.ownerReferences;
      });
    }
  }
}

export function deleteCollection(cluster: SimulatedCluster, target: Target, q: URLSearchParams, opts: DeleteOptions): KubeObject[] {
  const { items } = listObjects(cluster, target, q);
  for (const o of items) deleteObject(cluster, { ...target, name: o.metadata.name, namespace: o.metadata.namespace }, opts);
  return items;
}

export function evictPod(cluster: SimulatedCluster, target: Target, body: unknown, dryRun: boolean): KubeStatus {
  if (isRecord(body) && isRecord(body.metadata) && body.metadata.name && body.metadata.name !== target.name) throw badRequest(`name in URL does not match name in Eviction object`);
  const pod = cluster.store.mustGet(POD, target.namespace, target.name!);
  if (!dryRun) cluster.evict(target.namespace!, pod.metadata.name);
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", message: "", code: 201 } as KubeStatus;
}

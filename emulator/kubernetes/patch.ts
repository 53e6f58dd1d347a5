/**
 * The three PATCH flavours kubectl and client libraries send: JSON merge patch (RFC 7386),
 * strategic merge patch (merge-key aware for the lists kubectl patches: containers, env, ports,
 * volumes, tolerations…) and JSON patch (RFC 6902).
 */
import { badRequest, clone, isRecord, KubeApiError, type Json } from "./types";

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys of list fields, as the Kubernetes OpenAPI `x-kubernetes-patch-merge-key` marks them. */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  imagePullSecrets: "name",
  conditions: "type",
  ownerReferences: "uid",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  taints: "key",
  addresses: "type",
};

function strategicList(key: string, target: unknown, patch: unknown[]): unknown[] {
  const mergeKey = MERGE_KEYS[key];
  // Service ports merge on "port", container ports on "containerPort".
  const effectiveKey = key === "ports" && patch.some((p) => isRecord(p) && "port" in p && !("containerPort" in p)) ? "port" : mergeKey;
  if (!effectiveKey || !Array.isArray(target) || !patch.every(isRecord)) {
    return patch.filter((p) => !(isRecord(p) && p.$patch === "delete")).map((p) => clone(p));
  }
  const out: unknown[] = target.map((t) => clone(t));
  for (const item of patch as Record<string, unknown>[]) {
    const idx = out.findIndex((t) => isRecord(t) && t[effectiveKey] === item[effectiveKey]);
    if (item.$patch === "delete") {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item);
    else out.push(strategicMergePatch({}, item));
  }
  return out;
}

export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith("$setElementOrder/")) continue;
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.includes(x as Json));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = strategicList(k, out[k], v);
    else if (isRecord(v)) out[k] = strategicMergePatch(out[k], v);
    else out[k] = v;
  }
  return out;
}

function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parentOf(doc: unknown, path: string[], op: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur = doc;
  for (const seg of path.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isRecord(cur)) cur = cur[seg];
    else cur = undefined;
    if (cur === undefined) throw new KubeApiError(422, "Invalid", `the server rejected our request due to an error in our request: ${op} operation does not apply: doc is missing path: "/${path.join("/")}"`);
  }
  if (!Array.isArray(cur) && !isRecord(cur)) throw new KubeApiError(422, "Invalid", `${op} operation does not apply: doc is missing path: "/${path.join("/")}"`);
  return { parent: cur, key: path[path.length - 1] ?? "" };
}

function getAt(doc: unknown, path: string[]): unknown {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isRecord(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest("json patch must be an array of operations");
  let out = clone(doc);
  for (const raw of ops) {
    if (!isRecord(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") throw badRequest("json patch operation needs op and path");
    const op = raw as unknown as JsonPatchOp;
    const path = decodePointer(op.path);
    const add = (p: string[], value: unknown) => {
      if (p.length === 0) {
        out = clone(value);
        return;
      }
      const { parent, key } = parentOf(out, p, op.op);
      if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : Number(key), 0, clone(value));
      else parent[key] = clone(value);
    };
    const remove = (p: string[]) => {
      const { parent, key } = parentOf(out, p, op.op);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else {
        if (!(key in parent)) throw new KubeApiError(422, "Invalid", `remove operation does not apply: doc is missing key: ${op.path}`);
        delete parent[key];
      }
    };
    switch (op.op) {
      case "add":
        add(path, op.value);
        break;
      case "remove":
        remove(path);
        break;
      case "replace":
        if (getAt(out, path) === undefined) throw new KubeApiError(422, "Invalid", `replace operation does not apply: doc is missing key: ${op.path}`);
        remove(path);
        add(path, op.value);
        break;
      case "move":
      case "copy": {
        const from = decodePointer(String(op.from ?? ""));
        const value = clone(getAt(out, from));
        if (value === undefined) throw new KubeApiError(422, "Invalid", `${op.op} operation does not apply: doc is missing from path: ${op.from}`);
        if (op.op === "move") remove(from);
        add(path, value);
        break;
      }
      case "test":
        if (JSON.stringify(getAt(out, path)) !== JSON.stringify(op.value)) throw new KubeApiError(422, "Invalid", `testing value ${op.path} failed`);
        break;
      default:
        throw badRequest(`unknown json patch operation "${op.op}"`);
    }
  }
  return out;
}

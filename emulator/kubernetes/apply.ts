/**
 * Server-side apply and field ownership (metadata.managedFields), reduced to what matters for
 * kubectl and controllers: each manager owns a set of field paths; applying removes fields the
 * manager applied before and no longer sends, merges the rest, and reports a 409 conflict when
 * another manager owns a field with a different value (unless force=true, which takes it over).
 */
import { strategicMergePatch } from "./patch";
import { clone, isRecord, KubeApiError, type JsonObject, type KubeObject, type ManagedFieldsEntry } from "./types";

const LIST_KEYS: Record<string, string> = { containers: "name", initContainers: "name", env: "name", volumes: "name", volumeMounts: "mountPath", imagePullSecrets: "name", tolerations: "key", rules: "host" };
const IGNORED_METADATA = new Set(["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "deletionTimestamp", "selfLink"]);

type Path = string[];
const SEP = "\u0000";

/** Leaf field paths of an object (plus markers for keyed list items), excluding server-owned metadata and status. */
export function fieldPaths(obj: unknown, prefix: Path = [], out = new Set<string>()): Set<string> {
  if (!isRecord(obj)) {
    out.add(prefix.join(SEP));
    return out;
  }
  const entries = Object.entries(obj);
  if (entries.length === 0 && prefix.length > 0) out.add(prefix.join(SEP));
  for (const [k, v] of entries) {
    if (prefix.length === 0 && (k === "status" || k === "apiVersion" || k === "kind")) continue;
    if (prefix.length === 1 && prefix[0] === "f:metadata" && IGNORED_METADATA.has(k)) continue;
    const p = [...prefix, `f:${k}`];
    const key = LIST_KEYS[k];
    if (Array.isArray(v) && key && v.every((i) => isRecord(i) && typeof i[key] === "string")) {
      for (const item of v as Record<string, unknown>[]) {
        const ip = [...p, `k:${JSON.stringify({ [key]: item[key] })}`];
        out.add(ip.join(SEP));
        fieldPaths(item, ip, out);
      }
    } else if (isRecord(v)) fieldPaths(v, p, out);
    else out.add(p.join(SEP));
  }
  return out;
}

function step(cur: unknown, seg: string): unknown {
  if (seg.startsWith("f:")) return isRecord(cur) ? cur[seg.slice(2)] : undefined;
  const [k, v] = Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>)[0] ?? [];
  return Array.isArray(cur) ? cur.find((i) => isRecord(i) && k !== undefined && i[k] === v) : undefined;
}

export function valueAt(obj: unknown, path: string): unknown {
  return path.split(SEP).reduce<unknown>((cur, seg) => step(cur, seg), obj);
}

function removeAt(obj: unknown, path: string): void {
  const segs = path.split(SEP);
  const last = segs.pop()!;
  const parent = segs.reduce<unknown>((cur, seg) => step(cur, seg), obj);
  if (last.startsWith("f:")) {
    if (isRecord(parent)) delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const [k, v] = Object.entries(JSON.parse(last.slice(2)) as Record<string, unknown>)[0] ?? [];
    const idx = parent.findIndex((i) => isRecord(i) && k !== undefined && i[k] === v);
    if (idx >= 0) parent.splice(idx, 1);
  }
}

export function toFieldsV1(paths: Set<string>): JsonObject {
  const root: JsonObject = {};
  for (const p of [...paths].sort()) {
    let cur = root;
    for (const seg of p.split(SEP)) {
      const next = cur[seg];
      if (isRecord(next)) cur = next as JsonObject;
      else {
        const created: JsonObject = {};
        cur[seg] = created;
        cur = created;
      }
    }
    if (p.includes("k:")) cur["."] = {};
  }
  return root;
}

export function fromFieldsV1(f: JsonObject, prefix: Path = [], out = new Set<string>()): Set<string> {
  const keys = Object.keys(f).filter((k) => k !== ".");
  if ((keys.length === 0 || "." in f) && prefix.length > 0) out.add(prefix.join(SEP));
  for (const k of keys) {
    const v = f[k];
    if (isRecord(v)) fromFieldsV1(v as JsonObject, [...prefix, k], out);
  }
  return out;
}

function displayPath(path: string): string {
  return path
    .split(SEP)
    .map((s) => (s.startsWith("f:") ? `.${s.slice(2)}` : `[${s.slice(2).replace(/^\{"(\w+)":/, "$1=").replace(/\}$/, "")}]`))
    .join("");
}

function timestamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d+Z$/, "Z");
}

function owned(entries: ManagedFieldsEntry[]): { entry: ManagedFieldsEntry; paths: Set<string> }[] {
  return entries.map((entry) => ({ entry, paths: fromFieldsV1(entry.fieldsV1) }));
}

/**
 * The object after `manager` applies `config` to `current` (undefined = create). Throws a 409
 * Conflict Status naming the conflicting fields and their managers.
 */
export function serverSideApply(current: KubeObject | undefined, config: KubeObject, manager: string, opts: { force: boolean; now: number }): KubeObject {
  const applied = fieldPaths(config);
  const base: KubeObject = current ? clone(current) : { apiVersion: config.apiVersion, kind: config.kind, metadata: { ...config.metadata } };
  const managers = owned(base.metadata.managedFields ?? []);
  const mine = managers.find((m) => m.entry.manager === manager && m.entry.operation === "Apply" && !m.entry.subresource);
  const conflicts: { path: string; manager: string }[] = [];
  for (const other of managers) {
    if (other === mine || other.entry.subresource) continue;
    for (const p of applied) {
      if (!other.paths.has(p)) continue;
      const same = JSON.stringify(valueAt(base, p)) === JSON.stringify(valueAt(config, p));
      if (same) continue;
      if (opts.force) other.paths.delete(p);
      else conflicts.push({ path: p, manager: other.entry.manager });
    }
  }
  if (conflicts.length > 0) {
    const causes = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with "${c.manager}" using ${config.apiVersion}`, field: displayPath(c.path) }));
    const list = causes.map((c) => `- ${c.message}: ${c.field}`).join("\n");
    throw new KubeApiError(409, "Conflict", `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? "s" : ""}: ${conflicts.length === 1 ? `${causes[0]!.message}: ${causes[0]!.field}` : `\n${list}`}`, {
      name: config.metadata.name,
      kind: config.kind,
      causes,
    });
  }
  // Fields this manager applied before and dropped now go away, unless someone else owns them.
  if (mine) {
    const stillOwned = (p: string) => managers.some((m) => m !== mine && m.paths.has(p));
    for (const p of [...mine.paths].sort().reverse()) if (!applied.has(p) && !stillOwned(p)) removeAt(base, p);
  }
  const { metadata: cfgMeta, ...cfgRest } = config;
  const merged = strategicMergePatch(base, { ...cfgRest, metadata: { labels: cfgMeta.labels, annotations: cfgMeta.annotations } }) as KubeObject;
  if (!cfgMeta.labels && !base.metadata.labels) delete merged.metadata.labels;
  if (!cfgMeta.annotations && !base.metadata.annotations) delete merged.metadata.annotations;
  merged.metadata.managedFields = [
    ...managers.filter((m) => m !== mine && m.paths.size > 0).map((m) => ({ ...m.entry, fieldsV1: toFieldsV1(m.paths) })),
    { manager, operation: "Apply", apiVersion: config.apiVersion, time: timestamp(opts.now), fieldsType: "FieldsV1", fieldsV1: toFieldsV1(applied) },
  ];
  return merged;
}

/** Records that `manager` changed fields through an ordinary write (PUT/PATCH/create). */
export function recordUpdate(prev: KubeObject | undefined, next: KubeObject, manager: string, now: number, subresource?: string): void {
  const paths = (o: KubeObject | undefined) => (!o ? new Set<string>() : subresource === "status" ? fieldPaths(o.status ?? {}, ["f:status"]) : fieldPaths(o));
  const before = paths(prev);
  const after = paths(next);
  const changed = new Set([...after].filter((p) => !before.has(p) || JSON.stringify(valueAt(prev, p)) !== JSON.stringify(valueAt(next, p))));
  const entries = owned(prev?.metadata.managedFields ?? next.metadata.managedFields ?? []);
  if (changed.size === 0) {
    next.metadata.managedFields = entries.map((e) => e.entry);
    if (next.metadata.managedFields.length === 0) delete next.metadata.managedFields;
    return;
  }
  for (const e of entries) if (e.entry.manager !== manager) for (const p of changed) e.paths.delete(p);
  let mine = entries.find((e) => e.entry.manager === manager && e.entry.operation === "Update" && e.entry.subresource === subresource);
  if (!mine) {
    mine = { entry: { manager, operation: "Update", apiVersion: next.apiVersion, time: "", fieldsType: "FieldsV1", fieldsV1: {}, ...(subresource ? { subresource } : {}) }, paths: new Set() };
    entries.push(mine);
  }
  for (const p of changed) mine.paths.add(p);
  mine.entry.time = timestamp(now);
  next.metadata.managedFields = entries.filter((e) => e.paths.size > 0).map((e) => ({ ...e.entry, fieldsV1: toFieldsV1(e.paths) }));
}

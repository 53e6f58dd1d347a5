/**
 * The cluster's object store: one table per resource type, one monotonically increasing
 * resourceVersion across the cluster (like etcd's revision), and a bounded event log so
 * watches can resume from a resourceVersion or get 410 Gone when it has been compacted.
 *
 * Stored objects are never mutated in place: writers pass a new object or a mutator that
 * works on a copy, so a list handed to a client is a consistent snapshot.
 */
import { randomUUID } from "node:crypto";
import { typeKey, type ResourceType } from "./resources";
import { alreadyExists, clone, KubeApiError, notFound, type KubeObject } from "./types";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  rv: number;
  type: WatchEventType;
  key: string; // type key
  object: KubeObject;
  /** The object before the change (for selector transitions in watches). */
  previous?: KubeObject;
}

export type WatchFilter = (obj: KubeObject) => boolean;

interface Watcher {
  key: string;
  namespace?: string;
  filter: WatchFilter;
  send: (type: WatchEventType, obj: KubeObject) => void;
}

export interface StoreSnapshot {
  resourceVersion: number;
  objects: { key: string; object: KubeObject }[];
}

function objKey(ns: string | undefined, name: string): string {
  return `${ns ?? ""}/${name}`;
}

/** Fields whose change bumps metadata.generation (the "desired state"). */
function desiredState(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return JSON.stringify(rest);
}

export class ObjectStore {
  private rv = 0;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly events: StoreEvent[] = [];
  private compactedRv = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(
    private readonly now: () => number,
    private readonly eventLogSize = 100_000,
  ) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  private table(t: Pick<ResourceType, "group" | "resource">): Map<string, KubeObject> {
    const k = typeKey(t);
    let m = this.tables.get(k);
    if (!m) {
      m = new Map();
      this.tables.set(k, m);
    }
    return m;
  }

  get(t: ResourceType, ns: string | undefined, name: string): KubeObject | undefined {
    return this.table(t).get(objKey(t.namespaced ? ns : undefined, name));
  }

  mustGet(t: ResourceType, ns: string | undefined, name: string): KubeObject {
    const o = this.get(t, ns, name);
    if (!o) throw notFound(t.resource, name, t.group);
    return o;
  }

  list(t: ResourceType, ns?: string): KubeObject[] {
    const all = [...this.table(t).values()];
    return ns && t.namespaced ? all.filter((o) => o.metadata.namespace === ns) : all;
  }

  count(t: ResourceType): number {
    return this.table(t).size;
  }

  /** Called with every change after it is stored (controllers use it to wake up). */
  onChange(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(t: ResourceType, type: WatchEventType, object: KubeObject, previous?: KubeObject): void {
    const e: StoreEvent = { rv: this.rv, type, key: typeKey(t), object, ...(previous ? { previous } : {}) };
    this.events.push(e);
    if (this.events.length > this.eventLogSize) {
      const dropped = this.events.splice(0, this.events.length - this.eventLogSize);
      this.compactedRv = dropped[dropped.length - 1]!.rv;
    }
    for (const w of this.watchers) this.deliver(w, e);
    for (const l of this.listeners) l(e);
  }

  private deliver(w: Watcher, e: StoreEvent): void {
    if (w.key !== e.key) return;
    if (w.namespace && e.object.metadata.namespace !== w.namespace) return;
    const now = e.type !== "DELETED" && w.filter(e.object);
    const before = e.previous ? w.filter(e.previous) : false;
    if (e.type === "DELETED") {
      if (w.filter(e.object)) w.send("DELETED", e.object);
    } else if (now && before) w.send("MODIFIED", e.object);
    else if (now) w.send("ADDED", e.object);
    else if (before) w.send("DELETED", e.object);
  }

  create(t: ResourceType, input: KubeObject): KubeObject {
    const name = input.metadata.name;
    const ns = t.namespaced ? input.metadata.namespace : undefined;
    const table = this.table(t);
    const k = objKey(ns, name);
    if (table.has(k)) throw alreadyExists(t.resource, name, t.group);
    this.rv++;
    const obj = clone(input);
    obj.metadata = {
      ...obj.metadata,
      uid: obj.metadata.uid || randomUUID(),
      resourceVersion: String(this.rv),
      creationTimestamp: obj.metadata.creationTimestamp || new Date(this.now()).toISOString().replace(/\.\d+Z$/, "Z"),
    };
    if (ns) obj.metadata.namespace = ns;
    else delete obj.metadata.namespace;
    if ("spec" in obj) obj.metadata.generation = 1;
    table.set(k, obj);
    this.record(t, "ADDED", obj);
    return obj;
  }

  /**
   * Replaces an object. With `checkVersion`, a stale metadata.resourceVersion is a 409 Conflict
   * (optimistic concurrency as in Kubernetes). Returns the stored object; unchanged input is not
   * written (no new resourceVersion, no watch event).
   */
  update(t: ResourceType, input: KubeObject, opts: { checkVersion?: boolean } = {}): KubeObject {
    const ns = t.namespaced ? input.metadata.namespace : undefined;
    const table = this.table(t);
    const k = objKey(ns, input.metadata.name);
    const prev = table.get(k);
    if (!prev) throw notFound(t.resource, input.metadata.name, t.group);
    if (opts.checkVersion && input.metadata.resourceVersion && input.metadata.resourceVersion !== prev.metadata.resourceVersion) {
      const qualified = t.group ? `${t.resource}.${t.group}` : t.resource;
      throw new KubeApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualified} "${input.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`, { name: input.metadata.name, group: t.group, kind: t.resource });
    }
    const obj = clone(input);
    obj.metadata = { ...obj.metadata, uid: prev.metadata.uid, creationTimestamp: prev.metadata.creationTimestamp, resourceVersion: prev.metadata.resourceVersion };
    if (ns) obj.metadata.namespace = ns;
    if (prev.metadata.generation !== undefined) obj.metadata.generation = prev.metadata.generation;
    if (prev.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = prev.metadata.deletionTimestamp;
    if (JSON.stringify(obj) === JSON.stringify(prev)) return prev;
    if (prev.metadata.generation !== undefined && desiredState(obj) !== desiredState(prev)) obj.metadata.generation = prev.metadata.generation + 1;
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    table.set(k, obj);
    this.record(t, "MODIFIED", obj, prev);
    return obj;
  }

  /** Applies `mutate` to a copy of the stored object and stores the result if anything changed. */
  mutate(t: ResourceType, ns: string | undefined, name: string, mutate: (draft: KubeObject) => void): KubeObject | undefined {
    const cur = this.get(t, ns, name);
    if (!cur) return undefined;
    const draft = clone(cur);
    mutate(draft);
    return this.update(t, draft);
  }

  delete(t: ResourceType, ns: string | undefined, name: string): KubeObject {
    const table = this.table(t);
    const k = objKey(t.namespaced ? ns : undefined, name);
    const prev = table.get(k);
    if (!prev) throw notFound(t.resource, name, t.group);
    table.delete(k);
    this.rv++;
    const obj = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(this.rv) } };
    this.record(t, "DELETED", obj, prev);
    return obj;
  }

  /**
   * Starts a watch. `sinceRv` undefined → only future changes (callers send the initial state
   * themselves); a number → replays logged changes after it, or throws 410 Expired when the log
   * no longer reaches back that far.
   */
  watch(t: ResourceType, opts: { namespace?: string; filter: WatchFilter; sinceRv?: number }, send: Watcher["send"]): () => void {
    const w: Watcher = { key: typeKey(t), filter: opts.filter, send, ...(opts.namespace && t.namespaced ? { namespace: opts.namespace } : {}) };
    if (opts.sinceRv !== undefined) {
      if (opts.sinceRv < this.compactedRv) throw new KubeApiError(410, "Expired", `too old resource version: ${opts.sinceRv} (${this.compactedRv + 1})`);
      const since = opts.sinceRv;
      // Binary search: events are ordered by rv.
      let lo = 0;
      let hi = this.events.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.events[mid]!.rv <= since) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.events.length; i++) this.deliver(w, this.events[i]!);
    }
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  snapshot(): StoreSnapshot {
    const objects: StoreSnapshot["objects"] = [];
    for (const [key, table] of this.tables) for (const object of table.values()) objects.push({ key, object });
    return { resourceVersion: this.rv, objects };
  }

  restore(s: StoreSnapshot): void {
    this.tables.clear();
    this.events.length = 0;
    this.rv = s.resourceVersion;
    this.compactedRv = s.resourceVersion;
    for (const { key, object } of s.objects) {
      let m = this.tables.get(key);
      if (!m) this.tables.set(key, (m = new Map()));
      m.set(objKey(object.metadata.namespace, object.metadata.name), object);
    }
  }
}

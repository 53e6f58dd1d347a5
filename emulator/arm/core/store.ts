/**
 * All state of the local ARM: resources (their wire JSON), long-running operations, provider
 * registrations and per-provider settings. Kept in memory and persisted as one JSON snapshot,
 * written atomically (temp file + rename) shortly after every change and on close, so
 * resources and in-flight operations survive a restart of the local Azure.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { idKey, isDescendant } from "./paths";
import { operationRecordSchema, type OperationRecord } from "./operations";

export interface StoredResource {
  /** Canonical id as Azure returns it. */
  id: string;
  /** Wire JSON: id, name, type, location, tags, properties, … exactly as answered to GETs. */
  body: Record<string, unknown>;
  createdAt: string;
  /** Provider state that is never answered on the wire (e.g. a cluster's kubeconfig token). */
  internal?: Record<string, unknown>;
}

export type RegistrationState = "NotRegistered" | "Registering" | "Registered" | "Unregistering";
export interface RegistrationRecord {
  state: RegistrationState;
  /** When Registering turns Registered (epoch ms). */
  dueAt?: number;
}

const snapshotSchema = z.object({
  version: z.literal(1),
  resources: z.array(
    z.object({ id: z.string(), body: z.record(z.string(), z.unknown()), createdAt: z.string(), internal: z.record(z.string(), z.unknown()).optional() }),
  ),
  operations: z.array(operationRecordSchema),
  registrations: z.record(
    z.string(),
    z.record(z.string(), z.object({ state: z.enum(["NotRegistered", "Registering", "Registered", "Unregistering"]), dueAt: z.number().optional() })),
  ),
  providerState: z.record(z.string(), z.unknown()),
});

export class ResourceStore {
  private readonly resources = new Map<string, StoredResource>();
  readonly operations = new Map<string, OperationRecord>();
  /** subscriptionId (lower) → namespace (lower) → registration. */
  private readonly registrations = new Map<string, Map<string, RegistrationRecord>>();
  private readonly providerState = new Map<string, unknown>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string | undefined) {
    if (file && existsSync(file)) this.load(file);
  }

  get(id: string): StoredResource | undefined {
    return this.resources.get(idKey(id));
  }

  /** Insert or replace; keeps the original creation time on replace. */
  put(id: string, body: Record<string, unknown>, internal?: Record<string, unknown>): StoredResource {
    const existing = this.resources.get(idKey(id));
    const keep = internal ?? existing?.internal;
    const stored: StoredResource = { id, body, createdAt: existing?.createdAt ?? new Date().toISOString(), ...(keep ? { internal: keep } : {}) };
    this.resources.set(idKey(id), stored);
    this.changed();
    return stored;
  }

  /** Apply a change to a stored body in place (no-op when the resource is gone). */
  update(id: string, change: (body: Record<string, unknown>) => void): StoredResource | undefined {
    const stored = this.resources.get(idKey(id));
    if (!stored) return undefined;
    change(stored.body);
    this.changed();
    return stored;
  }

  /** Remove a resource and everything below it; returns what was removed. */
  delete(id: string): StoredResource[] {
    const removed: StoredResource[] = [];
    for (const [key, r] of this.resources) {
      if (key === idKey(id) || isDescendant(r.id, id)) {
        removed.push(r);
        this.resources.delete(key);
      }
    }
    if (removed.length > 0) this.changed();
    return removed;
  }

  /** Every stored resource, in creation order. */
  all(): StoredResource[] {
    return [...this.resources.values()];
  }

  /**
   * Direct children of `parentId` reached by `childSegment`, e.g.
   * (".../managedClusters/aks1", "agentPools") → that cluster's pools.
   */
  children(parentId: string, childSegment: string): StoredResource[] {
    const prefix = `${idKey(parentId)}/${childSegment.toLowerCase()}/`;
    return this.all().filter((r) => {
      const key = idKey(r.id);
      return key.startsWith(prefix) && !key.slice(prefix.length).includes("/");
    });
  }

  registration(subscriptionId: string, namespace: string): RegistrationRecord | undefined {
    return this.registrations.get(subscriptionId.toLowerCase())?.get(namespace.toLowerCase());
  }

  setRegistration(subscriptionId: string, namespace: string, record: RegistrationRecord): void {
    const sub = subscriptionId.toLowerCase();
    const map = this.registrations.get(sub) ?? new Map<string, RegistrationRecord>();
    map.set(namespace.toLowerCase(), record);
    this.registrations.set(sub, map);
    this.changed();
  }

  /** Provider-owned persistent settings (e.g. compute quotas), validated by the provider. */
  providerSetting(key: string): unknown {
    return this.providerState.get(key);
  }

  setProviderSetting(key: string, value: unknown): void {
    this.providerState.set(key, value);
    this.changed();
  }

  /** Call after mutating an OperationRecord in place. */
  changed(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.flush();
    }, 20);
    this.saveTimer.unref();
  }

  /** Write the snapshot now (atomic). */
  flush(): void {
    if (!this.file) return;
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const snapshot = {
      version: 1 as const,
      resources: this.all(),
      operations: [...this.operations.values()],
      registrations: Object.fromEntries([...this.registrations].map(([sub, m]) => [sub, Object.fromEntries(m)])),
      providerState: Object.fromEntries(this.providerState),
    };
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, this.file);
  }

  private load(file: string): void {
    const parsed = snapshotSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    for (const r of parsed.resources) {
      const { internal, ...rest } = r;
      this.resources.set(idKey(r.id), internal ? { ...rest, internal } : rest);
    }
    for (const op of parsed.operations) this.operations.set(op.id, op);
    for (const [sub, m] of Object.entries(parsed.registrations)) {
      this.registrations.set(sub, new Map(Object.entries(m).map(([ns, r]) => [ns, r.dueAt === undefined ? { state: r.state } : { state: r.state, dueAt: r.dueAt }])));
    }
    for (const [k, v] of Object.entries(parsed.providerState)) this.providerState.set(k, v);
  }
}

/**
 * A short in-process cache of Azure Monitor answers (per console replica), keyed by the question:
 * resource, metrics, aggregations, filter, grain and range. Preset ranges are keyed by their name
 * ("last 6 h"), not by timestamps, so every view within the TTL shares one answer; the answer
 * carries the window it covers. Concurrent identical questions share one in-flight call. Failures
 * are not cached: the next view asks again.
 */
import type { CallLedger } from "./call-ledger";

export const METRICS_CACHE_TTL_MS = 45_000;
const MAX_ENTRIES = 500;

interface Entry {
  at: number;
  value: Promise<unknown>;
  settled: boolean;
}

export class TtlCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number = METRICS_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached (or in-flight) answer to `key`, else `load()`'s; the ledger learns which. */
  async get<T>(key: string, what: string, ledger: CallLedger, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && (!hit.settled || this.now() - hit.at < this.ttlMs)) {
      const t0 = performance.now();
      const value = (await hit.value) as T;
      ledger.record(what, true, performance.now() - t0);
      return value;
    }
    const t0 = performance.now();
    const entry: Entry = { at: this.now(), value: load(), settled: false };
    this.entries.set(key, entry);
    this.evict();
    try {
      const value = (await entry.value) as T;
      entry.settled = true;
      entry.at = this.now();
      return value;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    } finally {
      ledger.record(what, false, performance.now() - t0);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    if (this.entries.size <= MAX_ENTRIES) return;
    const now = this.now();
    for (const [key, e] of this.entries) if (e.settled && now - e.at >= this.ttlMs) this.entries.delete(key);
    // Still too many fresh answers: drop the oldest (Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}

/** The process's cache, kept across hot reloads in development. */
const holder = globalThis as typeof globalThis & { __consoleMonitorCache?: TtlCache };
export function monitorCache(): TtlCache {
  holder.__consoleMonitorCache ??= new TtlCache();
  return holder.__consoleMonitorCache;
}

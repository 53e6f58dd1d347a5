/**
 * Keyspace by prefix, from a bounded SAMPLE: `SCAN` (COUNT 500) until the cursor ends, the key
 * budget (10 000) or the time budget is spent — never `KEYS`, which blocks Redis for the whole
 * keyspace. Per key one PTTL (pipelined with the batch); `MEMORY USAGE` only on a few keys per
 * prefix. The result says how many keys were scanned of DBSIZE, so nobody mistakes it for a count.
 */
import type { Redis } from "ioredis";
import { withTimeout } from "./timeout";
import { keyPrefix, summariseKeys, type KeyObservation, type PrefixStats } from "./keyspace-summary";

export interface KeyspaceOptions {
  /** SCAN COUNT hint. */
  scanCount?: number;
  /** Stop after this many distinct keys. */
  maxKeys?: number;
  /** Stop scanning after this long (ms); the sample is then partial. */
  budgetMs?: number;
  /** MEMORY USAGE on at most this many keys per prefix. */
  memorySamplePerPrefix?: number;
  /** Deadline per command (ms). */
  timeoutMs?: number;
}

export interface KeyspaceSample {
  dbsize: number;
  scanned: number;
  /** Why scanning stopped: the cursor came back to 0, the key budget, or the time budget. */
  stoppedBy: "end" | "max-keys" | "time-budget";
  scanCalls: number;
  elapsedMs: number;
  /** Largest first; `(no prefix)` gathers keys without ':' or '/'. */
  prefixes: PrefixStats[];
  /** PTTL counts as a keyspace hit (or miss) in Redis' stats: what this sample added, to be taken out of the hit ratio. */
  lookups: { hits: number; misses: number };
}

export const KEYSPACE_DEFAULTS = { scanCount: 500, maxKeys: 10_000, budgetMs: 3_000, memorySamplePerPrefix: 5, timeoutMs: 2_000 } as const;

export async function sampleKeyspace(redis: Redis, opts: KeyspaceOptions = {}): Promise<KeyspaceSample> {
  const o = { ...KEYSPACE_DEFAULTS, ...opts };
  const started = Date.now();
  const dbsize = await withTimeout(redis.dbsize(), o.timeoutMs, "DBSIZE");
  const seen = new Map<string, KeyObservation>();
  let cursor = "0";
  let scanCalls = 0;
  let stoppedBy: KeyspaceSample["stoppedBy"] = "end";
  const lookups = { hits: 0, misses: 0 };
  do {
    const [next, batch] = await withTimeout(redis.scan(cursor, "COUNT", o.scanCount), o.timeoutMs, "SCAN");
    scanCalls++;
    cursor = next;
    // SCAN may return a key twice across calls: count each once.
    const fresh = [...new Set(batch)].filter((k) => !seen.has(k)).slice(0, o.maxKeys - seen.size);
    if (fresh.length > 0) {
      const pipe = redis.pipeline();
      for (const k of fresh) pipe.pttl(k);
      const ttls = (await withTimeout(pipe.exec(), o.timeoutMs, "PTTL")) ?? [];
      fresh.forEach((key, i) => {
        const [err, ttl] = ttls[i] ?? [null, null];
        if (err || typeof ttl !== "number") return;
        if (ttl === -2) {
          lookups.misses++; // expired between SCAN and PTTL
          return;
        }
        lookups.hits++;
        seen.set(key, { key, ttlMs: ttl });
      });
    }
    if (seen.size >= o.maxKeys) stoppedBy = "max-keys";
    else if (cursor !== "0" && Date.now() - started >= o.budgetMs) stoppedBy = "time-budget";
  } while (cursor !== "0" && stoppedBy === "end");
  await measureMemory(redis, [...seen.values()], o.memorySamplePerPrefix, o.timeoutMs);
  return { dbsize, scanned: seen.size, stoppedBy, scanCalls, elapsedMs: Date.now() - started, prefixes: summariseKeys([...seen.values()], { scanned: seen.size, dbsize }), lookups };
}

/** MEMORY USAGE on the first few keys of each prefix (in SCAN order, which is hash order: unbiased enough). */
async function measureMemory(redis: Redis, keys: KeyObservation[], perPrefix: number, timeoutMs: number): Promise<void> {
  const taken = new Map<string, number>();
  const chosen = keys.filter((k) => {
    const p = keyPrefix(k.key);
    const n = taken.get(p) ?? 0;
    if (n >= perPrefix) return false;
    taken.set(p, n + 1);
    return true;
  });
  if (chosen.length === 0) return;
  const pipe = redis.pipeline();
  for (const k of chosen) pipe.memory("USAGE", k.key);
  const replies = (await withTimeout(pipe.exec(), timeoutMs, "MEMORY USAGE")) ?? [];
  chosen.forEach((k, i) => {
    const [err, bytes] = replies[i] ?? [null, null];
    if (!err && typeof bytes === "number") k.memoryBytes = bytes;
  });
}

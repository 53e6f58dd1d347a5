/**
 * Pure part of the keyspace sample: which prefix a key belongs to, TTL buckets, and per-prefix
 * statistics with estimates scaled from the sample to DBSIZE (said to be estimates on the page).
 */

export interface KeyObservation {
  key: string;
  /** PTTL: -1 = no expiry, otherwise milliseconds left. */
  ttlMs: number;
  /** MEMORY USAGE, for the few keys measured. */
  memoryBytes?: number;
}

export const TTL_BUCKETS = ["none", "<1m", "1m-1h", "1h-1d", ">1d"] as const;
export type TtlBucket = (typeof TTL_BUCKETS)[number];

export const NO_PREFIX = "(no prefix)";
export const OTHER_PREFIXES = "(other prefixes)";
/** Distinct prefixes shown; beyond this (keys with ids as first segment) they are folded together. */
export const MAX_PREFIXES = 40;

/** What OpenHands' keys are for (knowledge/openhands.md; enterprise/server/clustered_conversation_manager.py). */
export const KNOWN_PREFIXES: Record<string, string> = {
  ohcnv: "OpenHands: running conversations (ohcnv:{user_id}:{conversation_id}, 15 s TTL refreshed every 5 s)",
  ohcnct: "OpenHands: connections to conversations (ohcnct:{user_id}:{conversation_id}:{connection_id})",
};

export interface PrefixStats {
  prefix: string;
  /** What the keys are, when the prefix is one OpenHands uses. */
  label?: string;
  /** Keys of this prefix in the sample. */
  sampled: number;
  /** sampled × DBSIZE / scanned: an estimate when the sample is partial, exact otherwise. */
  estimatedKeys: number;
  withTtl: number;
  withoutTtl: number;
  ttl: Record<TtlBucket, number>;
  /** Keys whose MEMORY USAGE was read, and their average size. */
  memorySampled: number;
  avgBytes: number | null;
  /** avgBytes × estimatedKeys. */
  estimatedBytes: number | null;
}

/** The leading segment before the first ':' (Redis convention) or '/', else NO_PREFIX. */
export function keyPrefix(key: string): string {
  const m = /^([^:/]+)[:/]/.exec(key);
  return m?.[1] ?? NO_PREFIX;
}

export function ttlBucket(ttlMs: number): TtlBucket {
  if (ttlMs < 0) return "none";
  if (ttlMs < 60_000) return "<1m";
  if (ttlMs < 3_600_000) return "1m-1h";
  if (ttlMs < 86_400_000) return "1h-1d";
  return ">1d";
}

function emptyStats(prefix: string): PrefixStats {
  return {
    prefix,
    ...(KNOWN_PREFIXES[prefix] ? { label: KNOWN_PREFIXES[prefix] } : {}),
    sampled: 0,
    estimatedKeys: 0,
    withTtl: 0,
    withoutTtl: 0,
    ttl: { none: 0, "<1m": 0, "1m-1h": 0, "1h-1d": 0, ">1d": 0 },
    memorySampled: 0,
    avgBytes: null,
    estimatedBytes: null,
  };
}

export function summariseKeys(keys: KeyObservation[], size: { scanned: number; dbsize: number }): PrefixStats[] {
  const byPrefix = new Map<string, PrefixStats & { memoryTotal: number }>();
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(keyPrefix(k.key), (counts.get(keyPrefix(k.key)) ?? 0) + 1);
  // Keep the largest prefixes (and OpenHands' own, always) by name; fold the long tail.
  const kept = new Set([...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_PREFIXES).map(([p]) => p));
  for (const p of Object.keys(KNOWN_PREFIXES)) if (counts.has(p)) kept.add(p);
  for (const k of keys) {
    const p = kept.has(keyPrefix(k.key)) ? keyPrefix(k.key) : OTHER_PREFIXES;
    let s = byPrefix.get(p);
    if (!s) byPrefix.set(p, (s = { ...emptyStats(p), memoryTotal: 0 }));
    s.sampled++;
    if (k.ttlMs < 0) s.withoutTtl++;
    else s.withTtl++;
    s.ttl[ttlBucket(k.ttlMs)]++;
    if (k.memoryBytes !== undefined) {
      s.memorySampled++;
      s.memoryTotal += k.memoryBytes;
    }
  }
  const scale = size.scanned > 0 ? Math.max(1, size.dbsize / size.scanned) : 1;
  return [...byPrefix.values()]
    .map(({ memoryTotal, ...s }) => {
      const estimatedKeys = Math.round(s.sampled * scale);
      const avgBytes = s.memorySampled > 0 ? Math.round(memoryTotal / s.memorySampled) : null;
      return { ...s, estimatedKeys, avgBytes, estimatedBytes: avgBytes === null ? null : avgBytes * estimatedKeys };
    })
    .sort((a, b) => b.sampled - a.sampled || a.prefix.localeCompare(b.prefix));
}

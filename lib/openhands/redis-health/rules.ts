/**
 * Thresholds of the Redis health page, in one place (issue #6 item 4). Each says why it sits where
 * it does; `lib/openhands/redis-health/items.ts` turns INFO/SLOWLOG/keyspace evidence into verdicts with them.
 * Cache sizes and connection limits are Azure Cache for Redis' published SKU figures.
 */
import type { Threshold } from "../verdict";

const MB = 1024 ** 2;
const GB = 1024 ** 3;

export const REDIS_RULES = {
  /**
   * used_memory / maxmemory. Azure reserves headroom of its own (maxmemory-reserved) and advises
   * alerting at 80 %; at 90 % evictions (volatile-lru) or OOM write errors (noeviction) are close.
   */
  memoryUsed: { warn: 0.8, critical: 0.9, worse: "above" },
  /**
   * Evicted keys per minute over the sampling window. Any eviction means the cache is full and is
   * dropping keys OpenHands set (ohcnv entries → conversations look stopped); a steady stream is an outage.
   */
  evictionsPerMinute: { warn: 0.001, critical: 100, worse: "above" },
  /**
   * keyspace_hits / (hits + misses). OpenHands uses Redis for coordination, not as a cache: a GET of
   * `ohcnv:` for a conversation running nowhere is a legitimate miss, so the bar is lower than a cache's 95 %.
   */
  hitRatio: { warn: 0.8, critical: 0.5, worse: "below" },
  /** Fewer lookups than this over the window/lifetime say nothing about the ratio. */
  hitRatioMinLookups: 100,
  /** connected_clients / maxclients: new connections are refused at 100 % (OpenHands pods then fail /ready). */
  clients: { warn: 0.8, critical: 0.95, worse: "above" },
  /**
   * blocked_clients (BLPOP, XREAD BLOCK, WAIT…). OpenHands issues no blocking commands (pub/sub is not
   * counted here), so a few mean some other client is parked on this cache; many tie up connections.
   */
  blockedClients: { warn: 5, critical: 50, worse: "above" },
  /**
   * instantaneous_ops_per_sec. One Redis thread serves roughly 100k simple ops/s; Azure's server load
   * climbs well before that on the smaller SKUs, so warn at 40k and call 80k saturation.
   */
  opsPerSecond: { warn: 40_000, critical: 80_000, worse: "above" },
  /**
   * mem_fragmentation_ratio (RSS / used). Above 1.5 a third of the resident memory is waste; above 2 half.
   * Below 1 the OS has swapped Redis out (every command pays a page fault) — judged separately.
   */
  fragmentation: { warn: 1.5, critical: 2, worse: "above" },
  /** Below this used memory the fragmentation ratio is dominated by the allocator's fixed overhead: not judged. */
  fragmentationMinUsedBytes: 64 * MB,
  /** Below this RSS/used ratio the OS is swapping Redis. */
  fragmentationSwapRatio: 0.9,
  /**
   * The slowest command in the last hour, in milliseconds. Redis runs one command at a time: a 50 ms
   * command stalls every client for 50 ms; at 500 ms OpenHands' 2 s socket timeout is within reach.
   */
  slowestCommandMs: { warn: 50, critical: 500, worse: "above" },
  /** Slowlog entries older than this are shown but do not count towards the verdict. */
  slowlogRecentMs: 60 * 60 * 1000,
  /** Restarted this recently: the cache has no persistence, so every key set before the restart is gone. */
  recentRestartSeconds: 5 * 60,
  /** Redis versions Azure Cache for Redis no longer supports (4 retired in 2023). */
  oldestSupportedMajor: 6,
  /**
   * ohcnv keys are set with a 15 s expiry and refreshed every 5 s (enterprise
   * clustered_conversation_manager.py): one without a TTL outlives its conversation and is counted
   * as running forever, towards the user's concurrent-conversation limit.
   */
  ohcnvWithoutTtl: { warn: 1, critical: 100, worse: "above" },
} as const satisfies Record<string, Threshold | number>;

/** Cache memory by SKU (Azure Cache for Redis pricing page): used when maxmemory reads 0 (no limit). */
const SKU_MEMORY: Record<string, readonly number[]> = {
  C: [250 * MB, 1 * GB, 2.5 * GB, 6 * GB, 13 * GB, 26 * GB, 53 * GB],
  P: [0, 6 * GB, 13 * GB, 26 * GB, 53 * GB, 120 * GB],
};

/** Connection limit by SKU (Azure's documented maxclients): used when INFO lacks maxclients (Redis < 7, CONFIG disabled). */
const SKU_MAX_CLIENTS: Record<string, readonly number[]> = {
  C: [256, 1000, 2000, 5000, 10_000, 15_000, 20_000],
  P: [0, 7500, 15_000, 30_000, 40_000, 40_000],
};

export interface RedisSku {
  /** Basic, Standard, Premium. */
  name?: string;
  /** C (Basic/Standard) or P (Premium). */
  family: string;
  capacity: number;
}

function bySku(table: Record<string, readonly number[]>, sku: RedisSku | undefined): number | undefined {
  if (!sku) return undefined;
  const v = table[sku.family.toUpperCase()]?.[sku.capacity];
  return v ? v : undefined;
}

export const skuMemoryBytes = (sku: RedisSku | undefined) => bySku(SKU_MEMORY, sku);
export const skuMaxClients = (sku: RedisSku | undefined) => bySku(SKU_MAX_CLIENTS, sku);

/** "C1", "P2" — how Azure names a size. */
export function skuLabel(sku: RedisSku): string {
  return `${sku.name ? `${sku.name} ` : ""}${sku.family.toUpperCase()}${sku.capacity}`;
}

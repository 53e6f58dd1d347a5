/**
 * Background pollers that read the real engines (pg_stat_activity and database sizes; Redis INFO)
 * every `intervalMs` and feed Insights through SampledMetricSources. Derived values are marked:
 * cpu/memory percent of PostgreSQL are plausible functions of connections and size, since a
 * shared local machine's CPU says nothing about one server.
 */
import type { RunningPostgresDataPlane } from "./postgres/data-plane";
import type { RunningRedisDataPlane } from "./redis/data-plane";
import { localMaxMemoryBytes } from "./redis/sizing";
import { SampledMetricSource } from "./sampled-metric-source";

const GIB = 1024 ** 3;

export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Keys over all databases from INFO's keyspace lines (`db0:keys=3,expires=0,avg_ttl=0`). */
export function totalKeys(info: Record<string, string>): number {
  return Object.entries(info)
    .filter(([k]) => /^db\d+$/.test(k))
    .reduce((sum, [, v]) => sum + Number(/keys=(\d+)/.exec(v)?.[1] ?? 0), 0);
}

export function startEnginePollers(opts: { postgres: RunningPostgresDataPlane; redis: RunningRedisDataPlane; intervalMs: number; log: (line: string) => void; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const postgresSource = new SampledMetricSource("postgresql-engine");
  const redisSource = new SampledMetricSource("redis-info");
  const lastCounters = new Map<string, number>();
  const delta = (key: string, value: number): number => {
    const before = lastCounters.get(key);
    lastCounters.set(key, value);
    return before === undefined || value < before ? 0 : value - before;
  };

  async function pollPostgres(minute: number): Promise<void> {
    for (const info of opts.postgres.down()) postgresSource.gauge(info.id, "is_db_alive", {}, minute, 0);
    for (const { info, engine } of opts.postgres.running()) {
      try {
        const s = await engine.stats();
        const storageBytes = (info.storageSizeGB ?? 32) * GIB;
        const g = (metric: string, value: number) => postgresSource.gauge(info.id, metric, {}, minute, value);
        g("active_connections", s.connections);
        g("database_size_bytes", s.databaseBytes);
        g("storage_used", s.databaseBytes);
        g("storage_free", Math.max(0, storageBytes - s.databaseBytes));
        g("storage_percent", Math.min(100, (100 * s.databaseBytes) / storageBytes));
        g("is_db_alive", 1);
        // Derived, not measured (see the header).
        g("cpu_percent", Math.min(100, 3 + s.connections * 1.5));
        g("memory_percent", Math.min(100, 25 + s.connections * 0.8 + (10 * s.databaseBytes) / storageBytes));
      } catch (err) {
        opts.log(`metrics: reading ${info.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  async function pollRedis(minute: number): Promise<void> {
    for (const { info, server } of opts.redis.running()) {
      const client = server.client(info);
      try {
        const raw = parseRedisInfo(String(await client.info()));
        const dims = { ShardId: "0" };
        const g = (metric: string, value: number) => redisSource.gauge(info.id, metric, dims, minute, value);
        const c = (metric: string, field: string) => redisSource.counter(info.id, metric, dims, minute, delta(`${info.id}|${field}`, Number(raw[field] ?? 0)));
        const usedMemory = Number(raw.used_memory ?? 0);
        // The poller's own connection is not a client of the cache.
        g("connectedclients", Math.max(0, Number(raw.connected_clients ?? 1) - 1));
        g("usedmemory", usedMemory);
        g("usedmemoryRss", Number(raw.used_memory_rss ?? 0));
        g("usedmemorypercentage", Math.min(100, (100 * usedMemory) / localMaxMemoryBytes(info.sku)));
        g("totalkeys", totalKeys(raw));
        g("operationsPerSecond", Number(raw.instantaneous_ops_per_sec ?? 0));
        c("cachehits", "keyspace_hits");
        c("cachemisses", "keyspace_misses");
        c("totalcommandsprocessed", "total_commands_processed");
        c("evictedkeys", "evicted_keys");
        c("expiredkeys", "expired_keys");
      } catch (err) {
        opts.log(`metrics: reading ${info.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        client.disconnect();
      }
    }
  }

  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    const minute = Math.floor(now() / 60_000);
    try {
      await Promise.all([pollPostgres(minute), pollRedis(minute)]);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs);
  timer.unref();
  return {
    sources: [postgresSource, redisSource],
    tick,
    stop: () => clearInterval(timer),
  };
}

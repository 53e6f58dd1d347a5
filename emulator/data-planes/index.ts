/**
 * Real data planes of the local Azure: a PostgreSQL (or PGlite) per flexible server, a
 * redis-server per cache, and metric sources read from them. Pass `hooks` to
 * `startLocalAzure({ hooks })`; `close()` stops every child process. See README.md.
 */
import type { ProviderHooks } from "../arm/providers";
import { startEnginePollers } from "./engine-metrics";
import { startPostgresDataPlane } from "./postgres/data-plane";
import { startRedisDataPlane } from "./redis/data-plane";

export interface DataPlanesOptions {
  /** Stack data folder; engines keep their files under <dataDir>/data-planes/. */
  dataDir: string;
  log: (line: string) => void;
  /** Serve PostgreSQL servers with PGlite even when binaries exist (tests of the fallback). */
  forcePglite?: boolean;
  /** redis-server to use; null: behave as if there were none. Default: found on the PATH folders. */
  redisServer?: string | null;
  /** How often the engines are read for metrics (default 15 s). */
  metricsIntervalMs?: number;
  /** The clock that puts samples in minutes: the one the local Azure's metrics read (tests move it). */
  now?: () => number;
}

export interface DataPlanes {
  hooks: Pick<ProviderHooks, "postgresDataPlane" | "redisDataPlane" | "metricSources">;
  postgresEngine: "postgresql" | "pglite";
  redisAvailable: boolean;
  /** Read the engines now (tests; the poller does it every metricsIntervalMs). */
  pollMetrics(): Promise<void>;
  close(): Promise<void>;
}

export function createDataPlanes(opts: DataPlanesOptions): DataPlanes {
  const postgres = startPostgresDataPlane({ dataDir: opts.dataDir, log: opts.log, ...(opts.forcePglite ? { forcePglite: true } : {}) });
  const redis = startRedisDataPlane({ dataDir: opts.dataDir, log: opts.log, ...(opts.redisServer !== undefined ? { binary: opts.redisServer } : {}) });
  const pollers = startEnginePollers({ postgres, redis, intervalMs: opts.metricsIntervalMs ?? 15_000, log: opts.log, ...(opts.now ? { now: opts.now } : {}) });
  return {
    hooks: { postgresDataPlane: postgres.hook, redisDataPlane: redis.hook, metricSources: pollers.sources },
    postgresEngine: postgres.engineKind,
    redisAvailable: redis.available,
    pollMetrics: pollers.tick,
    async close() {
      pollers.stop();
      await Promise.all([postgres.close(), redis.close()]);
    },
  };
}

/**
 * The seam between the ARM control plane of Azure Cache for Redis and whatever serves the data
 * plane (a real `redis-server` per cache, or nothing). Pass an implementation as
 * `ProviderHooks.redisDataPlane`. Hooks run synchronously inside ARM requests and operation
 * completions: start slow work in the background and never throw for it.
 *
 * The access keys are the cache's passwords; ARM keeps them in its persisted state (listKeys
 * must answer them after a restart) and hands them to the data plane here, never to logs.
 *
 * A hook may return a Promise: the cache then stays Creating/Updating (and regenerateKey waits)
 * until it settles, so the ARM reports Succeeded only once the real server answers.
 */
import type { DataPlaneResult } from "../postgresql/data-plane";

export interface RedisCacheInfo {
  id: string;
  name: string;
  /** hostName as answered by ARM; the data plane listens there on `port` (non-TLS) and `sslPort`. */
  hostName: string;
  port: number;
  sslPort: number;
  enableNonSslPort: boolean;
  minimumTlsVersion: string;
  redisVersion: string;
  primaryKey: string;
  secondaryKey: string;
  /** SKU (sizes maxmemory), e.g. { name: "Standard", family: "C", capacity: 1 }. */
  sku?: { name: string; family: string; capacity: number };
}

export interface RedisDataPlane {
  /** Host clients connect to; must resolve on this machine. Default: a loopback address per cache (127.0.20.x). */
  hostFor?(cache: { id: string; name: string }): string;
  /** The cache finished creating (provisioningState Succeeded); also for Succeeded caches when the local Azure starts. */
  cacheReady?(cache: RedisCacheInfo): DataPlaneResult;
  /** Settings (ports, TLS, keys, SKU) changed on a ready cache. */
  cacheUpdated?(cache: RedisCacheInfo): DataPlaneResult;
  cacheDeleted?(cacheId: string): DataPlaneResult;
}

export const noRedisDataPlane: RedisDataPlane = {};

/**
 * The seam between the ARM control plane of Azure Cache for Redis and whatever serves the data
 * plane (a real `redis-server` per cache, or nothing). Pass an implementation as
 * `ProviderHooks.redisDataPlane`. Hooks run synchronously inside ARM requests and operation
 * completions: start slow work in the background and never throw for it.
 *
 * The access keys are the cache's passwords; ARM keeps them in its persisted state (listKeys
 * must answer them after a restart) and hands them to the data plane here, never to logs.
 */

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
}

export interface RedisDataPlane {
  /** Host clients connect to; must resolve on this machine. Default: a loopback address per cache (127.0.20.x). */
  hostFor?(cache: { id: string; name: string }): string;
  /** The cache finished creating (provisioningState Succeeded). */
  cacheReady?(cache: RedisCacheInfo): void;
  /** Settings (ports, TLS, keys) changed on a ready cache. */
  cacheUpdated?(cache: RedisCacheInfo): void;
  cacheDeleted?(cacheId: string): void;
}

export const noRedisDataPlane: RedisDataPlane = {};

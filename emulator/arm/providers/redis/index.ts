/**
 * Microsoft.Cache (Azure Cache for Redis) of the local Azure: caches with Azure's create /
 * scale / delete behaviour, access keys, firewall rules and name checks. The data plane behind
 * each cache is pluggable (see data-plane.ts); without one, caches get loopback hosts.
 */
import type { ResourceProvider } from "../../core/types";
import { REDIS_API_VERSIONS } from "./api-versions";
import { cacheRoutes } from "./caches";
import { cacheInfo, isCache, NAMESPACE, provisioningStateOf } from "./common";
import { runInBackground } from "../postgresql/data-plane-wait";
import { cacheCompletions, releaseCache } from "./completions";
import { noRedisDataPlane, type RedisDataPlane } from "./data-plane";
import { redisFirewallRuleRoutes } from "./firewall-rules";

export type { RedisCacheInfo, RedisDataPlane } from "./data-plane";

export function createRedisProvider(locations: string[], dataPlane: RedisDataPlane = noRedisDataPlane, log: (line: string) => void = () => {}): ResourceProvider {
  const apiVersions = [...REDIS_API_VERSIONS];
  return {
    namespace: NAMESPACE,
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "Redis", locations, apiVersions, capabilities: "SupportsTags, SupportsLocation" },
      { resourceType: "Redis/firewallRules", locations, apiVersions },
      { resourceType: "CheckNameAvailability", locations: [], apiVersions },
      { resourceType: "locations/operationResults", locations, apiVersions },
    ],
    routes: [...cacheRoutes(dataPlane), ...redisFirewallRuleRoutes],
    completions: cacheCompletions(dataPlane),
    onCascadeDelete(removed, env) {
      for (const r of removed) if (isCache(r)) releaseCache(env, dataPlane, r.id);
    },
    // Bring the redis-server of each ready cache back after a restart of the local Azure.
    onStart(env) {
      for (const r of env.store.all()) {
        if (!isCache(r) || provisioningStateOf(r) !== "Succeeded") continue;
        runInBackground(dataPlane.cacheReady?.(cacheInfo(env, r)), log, `data plane: restoring ${String(r.body.name)}`);
      }
    },
  };
}

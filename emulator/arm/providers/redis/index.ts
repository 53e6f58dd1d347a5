/**
 * Microsoft.Cache (Azure Cache for Redis) of the local Azure: caches with Azure's create /
 * scale / delete behaviour, access keys, firewall rules and name checks. The data plane behind
 * each cache is pluggable (see data-plane.ts); without one, caches get loopback hosts.
 */
import type { ResourceProvider } from "../../core/types";
import { REDIS_API_VERSIONS } from "./api-versions";
import { cacheRoutes } from "./caches";
import { isCache, NAMESPACE } from "./common";
import { cacheCompletions, releaseCache } from "./completions";
import { noRedisDataPlane, type RedisDataPlane } from "./data-plane";
import { redisFirewallRuleRoutes } from "./firewall-rules";

export type { RedisCacheInfo, RedisDataPlane } from "./data-plane";

export function createRedisProvider(locations: string[], dataPlane: RedisDataPlane = noRedisDataPlane): ResourceProvider {
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
  };
}

/**
 * Azure Cache for Redis. OpenHands speaks plain redis:// only, so the plan enables the non-TLS
 * port; reachability is limited to the VNet by the cache's firewall rules (Basic/Standard have
 * no VNet injection). Create is 201 + body polling (no async headers); changes are PATCH.
 */
import type { RedisCreateParameters, RedisFirewallRule, RedisUpdateParameters } from "@azure/arm-rediscache";
import { autorestLro, nameSegments } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const redisHandler: ResourceHandler = {
  types: ["Microsoft.Cache/redis"],
  apply: (ctx, r) => {
    const planned = r.armBody as RedisCreateParameters;
    return reconcile(ctx, r, {
      get: () => ctx.clients.redis.redis.get(r.resourceGroup, r.name),
      put: async () => {
        const exists = ctx.pollers()[r.key] === undefined && (await ctx.clients.redis.redis.get(r.resourceGroup, r.name).then(() => true, () => false));
        if (!exists) return autorestLro(ctx, r.key, (o) => ctx.clients.redis.redis.beginCreate(r.resourceGroup, r.name, planned, o));
        // Location, zones and subnet cannot change on an existing cache.
        const { location: _l, zones: _z, subnetId: _s, staticIP: _ip, ...update } = planned;
        return autorestLro(ctx, r.key, (o) => ctx.clients.redis.redis.beginUpdate(r.resourceGroup, r.name, update as RedisUpdateParameters, o));
      },
      facts: (c) => ({ hostName: c.hostName ?? "", port: c.port ?? 6379, sslPort: c.sslPort ?? 6380, enableNonSslPort: c.enableNonSslPort ?? false }),
    });
  },
};

export const redisFirewallRuleHandler: ResourceHandler = {
  types: ["Microsoft.Cache/redis/firewallRules"],
  apply: (ctx, r) => {
    const [cache = "", rule = ""] = nameSegments(r, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.redis.firewallRules.get(r.resourceGroup, cache, rule),
      put: () => ctx.clients.redis.firewallRules.createOrUpdate(r.resourceGroup, cache, rule, r.armBody as RedisFirewallRule),
    });
  },
};

/** Shared pieces of the Microsoft.Cache provider: paths, ids as Redis answers them, lookups, busy checks. */
import { ArmError, armErrors } from "../../core/errors";
import { providerResourceId } from "../../core/paths";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest } from "../../core/types";
import { keysOf } from "./access-keys";
import type { RedisCacheInfo, RedisDataPlane } from "./data-plane";
import { loopbackHost } from "../postgresql/loopback-host";

export const NAMESPACE = "Microsoft.Cache";
/** Redis answers its type and ids with a capital R ("Microsoft.Cache/Redis"), as in the spec examples. */
export const CACHE_TYPE = "Microsoft.Cache/Redis";
export const CACHES = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Cache/redis";
export const CACHE = `${CACHES}/{name}`;
export const HOSTS_SETTING = "Microsoft.Cache/loopbackHosts";

export const OPS = {
  create: "Microsoft.Cache/redis/create",
  update: "Microsoft.Cache/redis/update",
  scale: "Microsoft.Cache/redis/scale",
  delete: "Microsoft.Cache/redis/delete",
} as const;

export function cacheId(req: ArmRequest, name: string): string {
  return providerResourceId(req.params.subscriptionId!, req.params.resourceGroupName!, NAMESPACE, ["Redis"], [name]);
}

export function isCache(r: StoredResource): boolean {
  return String(r.body.type).toLowerCase() === CACHE_TYPE.toLowerCase();
}

export function requireCache(env: ArmEnvironment, req: ArmRequest, name: string): StoredResource {
  const cache = env.store.get(cacheId(req, name));
  if (!cache) throw armErrors.resourceNotFound("Microsoft.Cache/redis", name, req.params.resourceGroupName!);
  return cache;
}

export function provisioningStateOf(cache: StoredResource): string | undefined {
  return (cache.body.properties as { provisioningState?: string } | undefined)?.provisioningState;
}

/** Azure's answer to a change while the cache is creating, scaling or updating. */
export function refuseWhileBusy(env: ArmEnvironment, cache: StoredResource): void {
  const state = provisioningStateOf(cache);
  if (env.operations.inFlightFor(cache.id) || (state !== "Succeeded" && state !== "Failed")) {
    throw new ArmError(
      409,
      "Conflict",
      `The resource '${cache.id}' is busy processing a previous update request or is undergoing system maintenance. As such, it is currently unable to accept the update request. Please try again later.`,
    );
  }
}

export function hostFor(env: ArmEnvironment, dataPlane: RedisDataPlane, id: string, name: string): string {
  return dataPlane.hostFor?.({ id, name }) ?? loopbackHost(env, HOSTS_SETTING, id, 20);
}

export function cacheInfo(env: ArmEnvironment, cache: StoredResource): RedisCacheInfo {
  const p = (cache.body.properties ?? {}) as Record<string, unknown>;
  const keys = keysOf(env, cache.id);
  return {
    id: cache.id,
    name: String(cache.body.name),
    hostName: String(p.hostName ?? ""),
    port: Number(p.port ?? 6379),
    sslPort: Number(p.sslPort ?? 6380),
    enableNonSslPort: p.enableNonSslPort === true,
    minimumTlsVersion: String(p.minimumTlsVersion ?? "1.2"),
    redisVersion: String(p.redisVersion ?? ""),
    primaryKey: keys.primaryKey,
    secondaryKey: keys.secondaryKey,
    ...skuOf(cache),
  };
}

function skuOf(cache: StoredResource): Pick<RedisCacheInfo, "sku"> {
  const sku = (cache.body.properties as { sku?: { name?: unknown; family?: unknown; capacity?: unknown } } | undefined)?.sku;
  if (!sku || typeof sku.name !== "string" || typeof sku.family !== "string" || typeof sku.capacity !== "number") return {};
  return { sku: { name: sku.name, family: sku.family, capacity: sku.capacity } };
}

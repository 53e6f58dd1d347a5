/**
 * Caches: create (PUT → 201 with the body in provisioningState "Creating" and no async headers;
 * the SDK polls the resource until "Succeeded", as with Azure), get, list, update (PATCH → 202
 * + Location while "Updating", or "Scaling" for a SKU change, 200 when nothing changes), delete
 * (202 + Location), listKeys, regenerateKey (409 while busy) and
 * Microsoft.Cache/CheckNameAvailability (200 when free, 409 NameNotAvailable when taken).
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { locationName } from "../../core/locations";
import { lroHeaders, type OperationRecord } from "../../core/operations";
import { parseResourceId } from "../../core/paths";
import { pageOf, parseBody, requireResourceGroup, setProvisioningState, snapshot } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute } from "../../core/types";
import { keysOf, regenerate } from "./access-keys";
import { REDIS_API_VERSIONS } from "./api-versions";
import { applySettings, cachePatchSchema, cachePutSchema, displayLocation, settingsAfterPatch, settingsOf, type CachePatch, type CacheSettings } from "./cache-body";
import { cacheNameProblem, premiumOnlyProblem, redisConfigurationProblem, redisVersionFor, scaleProblem, skuProblem, type RedisSku, type RuleProblem } from "./cache-rules";
import { CACHE, CACHES, CACHE_TYPE, cacheId, cacheInfo, hostFor, isCache, NAMESPACE, OPS, provisioningStateOf, refuseWhileBusy, requireCache } from "./common";
import type { RedisDataPlane } from "./data-plane";

const versions = [...REDIS_API_VERSIONS];

function reject(problem: RuleProblem | null): void {
  if (problem) throw new ArmError(400, problem.code, problem.message, problem.target ? { target: problem.target } : {});
}

export function cacheNamed(env: ArmEnvironment, name: string): StoredResource | undefined {
  const lower = name.toLowerCase();
  return env.store.all().find((r) => isCache(r) && String(r.body.name).toLowerCase() === lower);
}

function nameTaken(name: string): ArmError {
  return new ArmError(409, "NameNotAvailable", `The name '${name}' is already in use by another cache. Cache names are global DNS names (${name}.redis.cache.windows.net in Azure); choose a different name.`);
}

function subnetProblem(env: ArmEnvironment, subnetId: string): RuleProblem | null {
  const target = "properties.subnetId";
  if (parseResourceId(subnetId)?.type?.toLowerCase() !== "microsoft.network/virtualnetworks/subnets") {
    return { code: "InvalidSubnetId", message: `'${subnetId}' is not a subnet resource id.`, target };
  }
  const networkServed = env.providers.some((p) => p.namespace.toLowerCase() === "microsoft.network");
  return networkServed && !env.store.get(subnetId) ? { code: "SubnetNotFound", message: `The subnet '${subnetId}' was not found.`, target } : null;
}

function beginOp(env: ArmEnvironment, req: ArmRequest, cache: StoredResource, kind: string, args?: Record<string, unknown>) {
  return env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: NAMESPACE,
    location: locationName(env.settings.locations, String(cache.body.location)) ?? String(cache.body.location),
    resourceId: cache.id,
    kind,
    completion: kind,
    result: kind === OPS.delete ? "none" : "resource",
    fault: req.lroFault,
    ...(args ? { args } : {}),
  });
}

function sameSku(a: RedisSku, b: RedisSku): boolean {
  return a.name === b.name && a.family === b.family && a.capacity === b.capacity;
}

/**
 * A change to an existing cache. PATCH is a long-running operation in the spec (Redis_Update:
 * x-ms-long-running-operation, 200 or 202 + Location, final-state-via location; example
 * RedisCacheUpdate.json in Azure/azure-rest-api-specs specification/redis/…/2024-11-01): a change
 * answers 202 + Location, polled until the cache is Succeeded again; a PATCH that changes nothing
 * answers 200 with the cache (azure-sdk-assets recording_redis_update_test.json). A PUT on an
 * existing cache answers 200 with the body, polled on the resource as the create is.
 */
function update(env: ArmEnvironment, req: ArmRequest, cache: StoredResource, patch: CachePatch, method: "PUT" | "PATCH"): ArmResponse {
  refuseWhileBusy(env, cache);
  const current = settingsOf(cache.body);
  const p = patch.properties ?? {};
  const redisVersion = p.redisVersion === undefined ? undefined : redisVersionFor(p.redisVersion);
  if (redisVersion === null) throw new ArmError(400, "InvalidRedisVersion", `Redis version '${p.redisVersion}' is not supported. Supported: 6 (latest).`, { target: "properties.redisVersion" });
  if (redisVersion && Number(redisVersion[0]) < Number(current.redisVersion[0])) {
    throw new ArmError(400, "InvalidRedisVersion", `Downgrading Redis from ${current.redisVersion} to ${redisVersion} is not supported.`, { target: "properties.redisVersion" });
  }
  const sku = p.sku ?? current.sku;
  reject(skuProblem(sku) ?? scaleProblem(current.sku, sku));
  const next = settingsAfterPatch(current, p, redisVersion);
  reject(premiumOnlyProblem(sku, { shardCount: p.shardCount, replicasPerPrimary: p.replicasPerPrimary ?? p.replicasPerMaster }) ?? redisConfigurationProblem(p.redisConfiguration ?? {}, sku));
  const changed = JSON.stringify(next) !== JSON.stringify(current);
  env.store.update(cache.id, (body) => {
    if (patch.tags) body.tags = patch.tags;
    applySettings(body, next);
  });
  let op: OperationRecord | undefined;
  if (!sameSku(sku, current.sku)) {
    op = beginOp(env, req, cache, OPS.scale, { sku });
    setProvisioningState(env, cache.id, "Scaling");
  } else if (changed) {
    op = beginOp(env, req, cache, OPS.update);
    setProvisioningState(env, cache.id, "Updating");
  }
  const body = snapshot(env.store.get(cache.id)!.body);
  if (!op || method === "PUT") return { status: 200, body };
  return { status: 202, body, headers: lroHeaders(env, op, { location: true, apiVersion: req.apiVersion }) };
}

function create(env: ArmEnvironment, req: ArmRequest, dataPlane: RedisDataPlane, name: string, body: z.infer<typeof cachePutSchema>): ArmResponse {
  reject(cacheNameProblem(name));
  const location = locationName(env.settings.locations, body.location);
  if (!location) throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${body.location}' is not available for resource type '${CACHE_TYPE}'. List of available regions for the resource type is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
  if (cacheNamed(env, name)) throw nameTaken(name);
  const p = body.properties;
  const redisVersion = redisVersionFor(p.redisVersion);
  if (!redisVersion) throw new ArmError(400, "InvalidRedisVersion", `Redis version '${p.redisVersion}' is not supported. Supported: 6 (latest).`, { target: "properties.redisVersion" });
  const replicasPerPrimary = p.replicasPerPrimary ?? p.replicasPerMaster;
  reject(
    skuProblem(p.sku) ??
      premiumOnlyProblem(p.sku, { shardCount: p.shardCount, replicasPerPrimary, subnetId: p.subnetId }) ??
      redisConfigurationProblem(p.redisConfiguration ?? {}, p.sku) ??
      (p.subnetId ? subnetProblem(env, p.subnetId) : null),
  );
  const settings: CacheSettings = {
    sku: p.sku,
    redisVersion,
    enableNonSslPort: p.enableNonSslPort ?? false,
    minimumTlsVersion: p.minimumTlsVersion ?? "1.2",
    publicNetworkAccess: p.publicNetworkAccess ?? "Enabled",
    replicasPerPrimary: replicasPerPrimary ?? 1,
    ...(p.shardCount !== undefined ? { shardCount: p.shardCount } : {}),
    redisConfiguration: p.redisConfiguration ?? {},
    updateChannel: p.updateChannel ?? "Stable",
    disableAccessKeyAuthentication: p.disableAccessKeyAuthentication ?? false,
    zonalAllocationPolicy: p.zonalAllocationPolicy ?? (body.zones?.length ? "UserDefined" : "Automatic"),
    ...(p.subnetId ? { subnetId: p.subnetId } : {}),
    ...(p.staticIP ? { staticIP: p.staticIP } : {}),
  };
  const id = cacheId(req, name);
  const stored: Record<string, unknown> = {
    id,
    location: displayLocation(env.settings.locations, location),
    ...(body.zones ? { zones: body.zones } : {}),
    name,
    type: CACHE_TYPE,
    tags: body.tags ?? {},
    properties: {
      provisioningState: "Creating",
      hostName: hostFor(env, dataPlane, id, name),
      port: 6379,
      sslPort: 6380,
      linkedServers: [],
      privateEndpointConnections: [],
    },
  };
  applySettings(stored, settings);
  const cache = env.store.put(id, stored);
  beginOp(env, req, cache, OPS.create);
  // Azure returns the keys in the create answer only (never in GET/list).
  const answer = snapshot(stored);
  (answer.properties as Record<string, unknown>).accessKeys = keysOf(env, id);
  return { status: 201, body: answer };
}

const regenerateSchema = z.object({ keyType: z.enum(["Primary", "Secondary"]) });
const nameCheckSchema = z.object({ name: z.string().min(1), type: z.string().min(1) });

export function cacheRoutes(dataPlane: RedisDataPlane): ArmRoute[] {
  const read = "Microsoft.Cache/redis/read";
  return [
    {
      method: "PUT",
      path: CACHE,
      apiVersions: versions,
      action: "Microsoft.Cache/redis/write",
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!, { forWrite: true });
        const body = parseBody(cachePutSchema, req.body);
        const existing = env.store.get(cacheId(req, req.params.name!));
        if (!existing) return create(env, req, dataPlane, req.params.name!, body);
        // A repeated create while the first still runs (a retried step) answers the cache as it is.
        if (env.operations.inFlightFor(existing.id)?.kind === OPS.create) return { status: 200, body: snapshot(existing.body) };
        const { subnetId, staticIP, ...props } = body.properties;
        const current = settingsOf(existing.body);
        if ((subnetId ?? "") !== (current.subnetId ?? "") || (staticIP !== undefined && staticIP !== current.staticIP)) {
          throw new ArmError(400, "SubnetChangeNotSupported", "The subnet and static IP of a cache cannot be changed after creation.", { target: "properties.subnetId" });
        }
        return update(env, req, existing, { ...(body.tags ? { tags: body.tags } : {}), properties: props }, "PUT");
      },
    },
    {
      method: "PATCH",
      path: CACHE,
      apiVersions: versions,
      action: "Microsoft.Cache/redis/write",
      handle: (req, env) => update(env, req, requireCache(env, req, req.params.name!), parseBody(cachePatchSchema, req.body), "PATCH"),
    },
    {
      method: "GET",
      path: CACHE,
      apiVersions: versions,
      action: read,
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        return { status: 200, body: snapshot(requireCache(env, req, req.params.name!).body) };
      },
    },
    {
      method: "DELETE",
      path: CACHE,
      apiVersions: versions,
      action: "Microsoft.Cache/redis/delete",
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const cache = env.store.get(cacheId(req, req.params.name!));
        if (!cache) return { status: 204 };
        const running = env.operations.inFlightFor(cache.id);
        const op = running?.kind === OPS.delete ? running : (refuseWhileBusy(env, cache), beginOp(env, req, cache, OPS.delete));
        setProvisioningState(env, cache.id, "Deleting");
        return { status: 202, headers: lroHeaders(env, op, { location: true, apiVersion: req.apiVersion }) };
      },
    },
    {
      method: "GET",
      path: CACHES,
      apiVersions: versions,
      action: read,
      handle: (req, env) => {
        const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const prefix = `${group.id}/providers/`.toLowerCase();
        return pageOf(env, req, env.store.all().filter((r) => isCache(r) && r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Cache/redis",
      apiVersions: versions,
      action: read,
      handle: (req, env) => {
        const prefix = `/subscriptions/${req.params.subscriptionId!}/`.toLowerCase();
        return pageOf(env, req, env.store.all().filter((r) => isCache(r) && r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
    {
      method: "POST",
      path: `${CACHE}/listKeys`,
      apiVersions: versions,
      action: "Microsoft.Cache/redis/listKeys/action",
      handle: (req, env) => ({ status: 200, body: keysOf(env, requireCache(env, req, req.params.name!).id) }),
    },
    {
      method: "POST",
      path: `${CACHE}/regenerateKey`,
      apiVersions: versions,
      action: "Microsoft.Cache/redis/regenerateKey/action",
      handle: async (req, env) => {
        const cache = requireCache(env, req, req.params.name!);
        const { keyType } = parseBody(regenerateSchema, req.body);
        // A key answered while an update runs would not work until it ends (the engine gets the
        // cache's settings when the update completes): refuse as every other write is refused.
        refuseWhileBusy(env, cache);
        const keys = regenerate(env, cache.id, keyType);
        if (provisioningStateOf(cache) === "Succeeded") {
          // The old key stops working before the answer, as on Azure.
          const applied = dataPlane.cacheUpdated?.(cacheInfo(env, cache));
          if (applied instanceof Promise) await applied.catch(() => undefined);
        }
        return { status: 200, body: keys };
      },
    },
    {
      method: "POST",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Cache/CheckNameAvailability",
      apiVersions: versions,
      action: "Microsoft.Cache/CheckNameAvailability/action",
      handle: (req, env) => {
        const { name, type } = parseBody(nameCheckSchema, req.body);
        if (type.toLowerCase() !== "microsoft.cache/redis") throw new ArmError(400, "InvalidResourceType", `Resource type '${type}' is not supported; use 'Microsoft.Cache/redis'.`, { target: "type" });
        reject(cacheNameProblem(name));
        if (cacheNamed(env, name)) throw nameTaken(name);
        return { status: 200 };
      },
    },
  ];
}

/**
 * Request schemas of caches (PUT, PATCH) and the wire body Azure answers, shaped like the
 * RedisCacheCreate / RedisCacheGet spec examples (location as display name, type
 * "Microsoft.Cache/Redis", `instances`, service-set redisConfiguration values).
 */
import { z } from "zod";
import type { LocationInfo } from "../../core/types";
import { instancesFor, serviceRedisConfiguration, type RedisSku } from "./cache-rules";

const tagsSchema = z.record(z.string().max(512), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, "at most 50 tags");
const skuSchema = z.object({ name: z.enum(["Basic", "Standard", "Premium"]), family: z.enum(["C", "P"]), capacity: z.number().int() });

const commonProperties = {
  redisConfiguration: z.record(z.string(), z.string()).optional(),
  redisVersion: z.string().optional(),
  enableNonSslPort: z.boolean().optional(),
  replicasPerMaster: z.number().int().optional(),
  replicasPerPrimary: z.number().int().optional(),
  tenantSettings: z.record(z.string(), z.string()).optional(),
  shardCount: z.number().int().optional(),
  minimumTlsVersion: z.enum(["1.0", "1.1", "1.2"]).optional(),
  publicNetworkAccess: z.enum(["Enabled", "Disabled"]).optional(),
  updateChannel: z.enum(["Stable", "Preview"]).optional(),
  disableAccessKeyAuthentication: z.boolean().optional(),
  zonalAllocationPolicy: z.enum(["Automatic", "UserDefined", "NoZones"]).optional(),
};

export const cachePutSchema = z
  .object({
    location: z.string().min(1),
    zones: z.array(z.string()).optional(),
    tags: tagsSchema.optional(),
    identity: z.unknown().optional(),
    properties: z.object({ ...commonProperties, sku: skuSchema, subnetId: z.string().optional(), staticIP: z.string().optional() }).loose(),
  })
  .loose();
export type CachePut = z.infer<typeof cachePutSchema>;

export const cachePatchSchema = z
  .object({ tags: tagsSchema.optional(), identity: z.unknown().optional(), properties: z.object({ ...commonProperties, sku: skuSchema.optional() }).loose().optional() })
  .loose();
export type CachePatch = z.infer<typeof cachePatchSchema>;

/** What a client decides about a cache; everything else in the body is derived. */
export interface CacheSettings {
  sku: RedisSku;
  redisVersion: string;
  enableNonSslPort: boolean;
  minimumTlsVersion: string;
  publicNetworkAccess: string;
  replicasPerPrimary: number;
  shardCount?: number;
  redisConfiguration: Record<string, string>;
  updateChannel: string;
  disableAccessKeyAuthentication: boolean;
  zonalAllocationPolicy: string;
  subnetId?: string;
  staticIP?: string;
}

export function displayLocation(locations: readonly LocationInfo[], name: string): string {
  return locations.find((l) => l.name === name)?.displayName ?? name;
}

/** Write settings into a stored body (wire shape). */
export function applySettings(body: Record<string, unknown>, s: CacheSettings): void {
  const props = (body.properties ?? {}) as Record<string, unknown>;
  const zones = Array.isArray(body.zones) ? (body.zones as string[]) : undefined;
  Object.assign(props, {
    redisVersion: s.redisVersion,
    sku: { ...s.sku },
    enableNonSslPort: s.enableNonSslPort,
    replicasPerMaster: s.replicasPerPrimary,
    replicasPerPrimary: s.replicasPerPrimary,
    updateChannel: s.updateChannel,
    zonalAllocationPolicy: s.zonalAllocationPolicy,
    redisConfiguration: { ...serviceRedisConfiguration(s.sku), ...s.redisConfiguration },
    minimumTlsVersion: s.minimumTlsVersion,
    publicNetworkAccess: s.publicNetworkAccess,
    disableAccessKeyAuthentication: s.disableAccessKeyAuthentication,
    instances: instancesFor(s.sku, s.shardCount, s.replicasPerPrimary, zones),
  });
  if (s.shardCount !== undefined) props.shardCount = s.shardCount;
  else delete props.shardCount;
  if (s.subnetId) props.subnetId = s.subnetId;
  if (s.staticIP) props.staticIP = s.staticIP;
  body.properties = props;
}

const storedSchema = z.object({
  properties: z
    .object({
      sku: skuSchema,
      redisVersion: z.string(),
      enableNonSslPort: z.boolean(),
      minimumTlsVersion: z.string(),
      publicNetworkAccess: z.string(),
      replicasPerPrimary: z.number(),
      shardCount: z.number().optional(),
      redisConfiguration: z.record(z.string(), z.string()),
      updateChannel: z.string(),
      disableAccessKeyAuthentication: z.boolean(),
      zonalAllocationPolicy: z.string(),
      subnetId: z.string().optional(),
      staticIP: z.string().optional(),
    })
    .loose(),
});

const SERVICE_KEYS = ["maxclients", "maxmemory-reserved", "maxfragmentationmemory-reserved", "maxmemory-delta"];

export function settingsOf(body: Record<string, unknown>): CacheSettings {
  const p = storedSchema.parse(body).properties;
  const service = serviceRedisConfiguration(p.sku);
  // Only the values a client changed are settings; the service's defaults are derived again.
  const redisConfiguration = Object.fromEntries(Object.entries(p.redisConfiguration).filter(([k, v]) => !(SERVICE_KEYS.includes(k) && service[k] === v)));
  return {
    sku: p.sku,
    redisVersion: p.redisVersion,
    enableNonSslPort: p.enableNonSslPort,
    minimumTlsVersion: p.minimumTlsVersion,
    publicNetworkAccess: p.publicNetworkAccess,
    replicasPerPrimary: p.replicasPerPrimary,
    ...(p.shardCount !== undefined ? { shardCount: p.shardCount } : {}),
    redisConfiguration,
    updateChannel: p.updateChannel,
    disableAccessKeyAuthentication: p.disableAccessKeyAuthentication,
    zonalAllocationPolicy: p.zonalAllocationPolicy,
    ...(p.subnetId ? { subnetId: p.subnetId } : {}),
    ...(p.staticIP ? { staticIP: p.staticIP } : {}),
  };
}

/** Settings after a PATCH (the sku is applied separately, when scaling completes). */
export function settingsAfterPatch(current: CacheSettings, patch: NonNullable<CachePatch["properties"]>, redisVersion: string | undefined): CacheSettings {
  return {
    ...current,
    ...(redisVersion ? { redisVersion } : {}),
    enableNonSslPort: patch.enableNonSslPort ?? current.enableNonSslPort,
    minimumTlsVersion: patch.minimumTlsVersion ?? current.minimumTlsVersion,
    publicNetworkAccess: patch.publicNetworkAccess ?? current.publicNetworkAccess,
    replicasPerPrimary: patch.replicasPerPrimary ?? patch.replicasPerMaster ?? current.replicasPerPrimary,
    ...(patch.shardCount !== undefined ? { shardCount: patch.shardCount } : {}),
    redisConfiguration: { ...current.redisConfiguration, ...patch.redisConfiguration },
    updateChannel: patch.updateChannel ?? current.updateChannel,
    disableAccessKeyAuthentication: patch.disableAccessKeyAuthentication ?? current.disableAccessKeyAuthentication,
    zonalAllocationPolicy: patch.zonalAllocationPolicy ?? current.zonalAllocationPolicy,
  };
}

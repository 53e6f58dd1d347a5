/**
 * Pure rules of Azure Cache for Redis as Azure states them: cache names, SKU families and
 * capacities, allowed scaling, Premium-only features, redisConfiguration keys, firewall rule
 * names, and the per-SKU defaults the service answers with (maxclients, instances).
 */

export interface RuleProblem {
  code: string;
  message: string;
  target?: string;
}

/** 1–63 letters, digits and hyphens; starts and ends with a letter or digit; no consecutive hyphens. */
export function cacheNameProblem(name: string): RuleProblem | null {
  if (name.length < 1 || name.length > 63 || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name) || name.includes("--")) {
    return {
      code: "InvalidCacheName",
      message: `Cache name '${name}' is not valid. It must be 1 to 63 characters long, contain only letters, numbers and hyphens, start and end with a letter or number, and must not contain consecutive hyphens.`,
      target: "name",
    };
  }
  return null;
}

export type SkuName = "Basic" | "Standard" | "Premium";
export interface RedisSku {
  name: SkuName;
  family: "C" | "P";
  capacity: number;
}

export function skuProblem(sku: { name: string; family: string; capacity: number }): RuleProblem | null {
  const family = sku.name === "Premium" ? "P" : "C";
  if (!["Basic", "Standard", "Premium"].includes(sku.name)) return { code: "InvalidSku", message: `SKU name '${sku.name}' is not valid. Allowed: Basic, Standard, Premium.`, target: "properties.sku.name" };
  if (sku.family !== family) return { code: "InvalidSku", message: `SKU '${sku.name}' requires family '${family}', not '${sku.family}'.`, target: "properties.sku.family" };
  const [min, max] = family === "C" ? [0, 6] : [1, 5];
  if (!Number.isInteger(sku.capacity) || sku.capacity < min || sku.capacity > max) {
    return { code: "InvalidSku", message: `Capacity ${sku.capacity} is not valid for family '${family}'. Allowed: ${min} to ${max}.`, target: "properties.sku.capacity" };
  }
  return null;
}

const TIER_RANK: Record<SkuName, number> = { Basic: 0, Standard: 1, Premium: 2 };

/** Azure scales up a tier but never down (Standard→Basic, Premium→Standard are refused). */
export function scaleProblem(from: RedisSku, to: RedisSku): RuleProblem | null {
  if (TIER_RANK[to.name] < TIER_RANK[from.name]) {
    return { code: "InvalidScaleOperation", message: `Scaling from the ${from.name} tier down to the ${to.name} tier is not supported. Create a new cache instead.`, target: "properties.sku.name" };
  }
  return null;
}

export function premiumOnlyProblem(sku: RedisSku, features: { shardCount?: number | undefined; replicasPerPrimary?: number | undefined; subnetId?: string | undefined; zones?: string[] | undefined }): RuleProblem | null {
  if (sku.name === "Premium") {
    if (features.shardCount !== undefined && (features.shardCount < 1 || features.shardCount > 30)) return { code: "InvalidShardCount", message: "shardCount must be between 1 and 30.", target: "properties.shardCount" };
    if (features.replicasPerPrimary !== undefined && (features.replicasPerPrimary < 1 || features.replicasPerPrimary > 3)) return { code: "InvalidReplicaCount", message: "replicasPerPrimary must be between 1 and 3.", target: "properties.replicasPerPrimary" };
    return null;
  }
  const used = (["shardCount", "subnetId", "zones"] as const).find((f) => features[f] !== undefined && !(f === "zones" && features.zones?.length === 0));
  const replicas = features.replicasPerPrimary !== undefined && features.replicasPerPrimary !== 1;
  if (used || replicas) {
    const what = used ?? "replicasPerPrimary";
    return { code: "FeatureRequiresPremium", message: `'${what}' is available only in the Premium tier (the cache is ${sku.name}).`, target: `properties.${what}` };
  }
  return null;
}

const EVICTION_POLICIES = ["volatile-lru", "allkeys-lru", "volatile-random", "allkeys-random", "volatile-ttl", "noeviction", "volatile-lfu", "allkeys-lfu"];
/** redisConfiguration keys a client may set (Azure's list, minus the Premium persistence settings it rejects elsewhere). */
const SETTABLE_KEYS = new Set([
  "maxmemory-policy", "maxmemory-reserved", "maxfragmentationmemory-reserved", "maxmemory-delta", "notify-keyspace-events", "authnotrequired",
  "rdb-backup-enabled", "rdb-backup-frequency", "rdb-backup-max-snapshot-count", "rdb-storage-connection-string", "aof-backup-enabled", "aof-storage-connection-string-0",
  "aof-storage-connection-string-1", "preferred-data-persistence-auth-method", "storage-subscription-id", "aad-enabled",
]);

export function redisConfigurationProblem(config: Record<string, string>, sku: RedisSku): RuleProblem | null {
  for (const [key, value] of Object.entries(config)) {
    const target = `properties.redisConfiguration.${key}`;
    if (!SETTABLE_KEYS.has(key)) return { code: "InvalidRedisConfiguration", message: `'${key}' is not a configurable Redis setting.`, target };
    if (key === "maxmemory-policy" && !EVICTION_POLICIES.includes(value)) return { code: "InvalidRedisConfiguration", message: `maxmemory-policy '${value}' is not valid. Allowed: ${EVICTION_POLICIES.join(", ")}.`, target };
    if (["maxmemory-reserved", "maxfragmentationmemory-reserved", "maxmemory-delta"].includes(key) && !/^\d+$/.test(value)) return { code: "InvalidRedisConfiguration", message: `'${key}' must be a whole number of megabytes.`, target };
    if (key.startsWith("rdb-") || key.startsWith("aof-")) {
      if (sku.name !== "Premium") return { code: "FeatureRequiresPremium", message: `Data persistence ('${key}') is available only in the Premium tier.`, target };
    }
    if (key === "authnotrequired" && !["true", "false"].includes(value)) return { code: "InvalidRedisConfiguration", message: "authnotrequired must be 'true' or 'false'.", target };
  }
  return null;
}

/** Firewall rule names: letters, digits and underscores only. */
export function firewallRuleNameProblem(name: string): RuleProblem | null {
  return /^\w{1,256}$/.test(name) ? null : { code: "InvalidFirewallRuleName", message: `Firewall rule name '${name}' is not valid: use only letters, digits and underscores.`, target: "ruleName" };
}

const MAX_CLIENTS: Record<string, number[]> = { C: [256, 1000, 2000, 5000, 10000, 15000, 20000], P: [0, 7500, 15000, 30000, 40000, 40000] };

/** Settings the service reports on top of the ones the client set. */
export function serviceRedisConfiguration(sku: RedisSku): Record<string, string> {
  const maxclients = MAX_CLIENTS[sku.family]?.[sku.capacity] ?? 1000;
  const reserved = sku.family === "C" && sku.capacity <= 1 ? "30" : "50";
  return { maxclients: String(maxclients), "maxmemory-reserved": reserved, "maxfragmentationmemory-reserved": reserved, "maxmemory-delta": reserved };
}

export interface RedisInstance {
  sslPort: number;
  nonSslPort: number;
  zone?: string;
  shardId?: number;
  isMaster: boolean;
  isPrimary: boolean;
}

/** Nodes of a cache: Basic 1, Standard primary + replica, Premium (1 + replicas) per shard. */
export function instancesFor(sku: RedisSku, shardCount: number | undefined, replicasPerPrimary: number, zones: string[] | undefined): RedisInstance[] {
  const shards = sku.name === "Premium" ? Math.max(1, shardCount ?? 1) : 1;
  const perShard = sku.name === "Basic" ? 1 : 1 + (sku.name === "Premium" ? replicasPerPrimary : 1);
  const out: RedisInstance[] = [];
  for (let shard = 0; shard < shards; shard++) {
    for (let n = 0; n < perShard; n++) {
      const i = out.length;
      const instance: RedisInstance = { sslPort: 15000 + i, nonSslPort: 13000 + i, isMaster: n === 0, isPrimary: n === 0 };
      if (zones && zones.length > 0) instance.zone = zones[i % zones.length]!;
      if (sku.name === "Premium" && shardCount !== undefined) instance.shardId = shard;
      out.push(instance);
    }
  }
  return out;
}

/** The full version the service answers for a requested major ("6", "latest", unset → 6). */
export function redisVersionFor(requested: string | undefined): string | null {
  const v = (requested ?? "6").toLowerCase();
  if (v === "latest" || v === "6" || v.startsWith("6.")) return "6.0.14";
  if (v === "4" || v.startsWith("4.")) return "4.0.14";
  return null;
}

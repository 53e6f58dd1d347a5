/**
 * Server-side read of the Redis page: the environment's cache over OpenHands' own connection
 * settings, its SKU from ARM (for limits Redis does not report; cached 5 min — SKUs change by a
 * scale operation, not by the minute), then the health report. A cache that cannot be reached
 * is an answer too ("unreachable" with the reason), never an error page.
 */
import type { ArmClients } from "@/lib/azure/clients";
import { DataPlaneUnreachableError, environmentArm, openhandsRedis } from "@/lib/environments/data-plane";
import type { EnvironmentTarget } from "@/lib/environments/target";
import { redisHealth, type RedisHealthReport } from "@/lib/openhands/redis-health";
import { failureReason } from "@/lib/openhands/redis-health/timeout";
import { skuLabel, type RedisSku } from "@/lib/openhands/redis-health/rules";
import type { RedisConnectionFacts } from "@/components/redis/redis-health-view";

export type RedisPageData =
  | { ok: true; report: RedisHealthReport; connection: RedisConnectionFacts }
  | { ok: false; cacheName: string; reason: string };

const SKU_TTL_MS = 5 * 60_000;
const skus = new Map<string, { sku: RedisSku | undefined; expires: number }>();

async function cacheSku(target: EnvironmentTarget, arm: ArmClients): Promise<RedisSku | undefined> {
  const hit = skus.get(target.ids.redis);
  if (hit && hit.expires > Date.now()) return hit.sku;
  const sku = await arm.redis.redis.get(target.resourceGroup, target.names.redisCache)
    .then((c) => (c.sku ? { name: c.sku.name, family: c.sku.family, capacity: c.sku.capacity } : undefined))
    .catch(() => undefined); // the report still judges against maxmemory / INFO maxclients
  skus.set(target.ids.redis, { sku, expires: Date.now() + SKU_TTL_MS });
  return sku;
}

/** `arm`: the environment's ARM clients (default: the console's own identity); tests pass their own. */
export async function loadRedisPage(target: EnvironmentTarget, deps: { arm?: ArmClients } = {}): Promise<RedisPageData> {
  const cacheName = target.names.redisCache;
  try {
    const arm = deps.arm ?? environmentArm(target);
    const [redis, sku] = await Promise.all([openhandsRedis(target, { arm }), cacheSku(target, arm)]);
    const report = await redisHealth(redis, { sku });
    const { host, port, tls } = redis.options;
    return { ok: true, report, connection: { cacheName, host: host ?? "", port: port ?? 6379, tls: !!tls, ...(sku ? { sku: skuLabel(sku) } : {}) } };
  } catch (err) {
    // Unreachable from here (outside the VNet): the whole plain sentence, not a truncated driver error.
    return { ok: false, cacheName, reason: err instanceof DataPlaneUnreachableError ? err.message : failureReason(err) };
  }
}

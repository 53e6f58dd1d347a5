/**
 * `kubernetes.configuration`: the app's non-secret environment as a ConfigMap (envFrom). The
 * plan's `DB_HOST` / `REDIS_HOST` are the names Azure would give; here they come from what ARM
 * answers for the real resources (the flexible server's `fullyQualifiedDomainName`, the cache's
 * `hostName` and plain `port`), so the app connects wherever Azure (or the local Azure) put them.
 */
import type { StepOutcome } from "../types";
import { applyAll, stepOutcome, type Manifest } from "./apply";
import type { DeployContext } from "./context";
import { DeployError } from "./errors";
import { CONFIG_MAP_NAME, MANAGED_LABELS } from "./labels";

/** What ARM says about the data services. */
export interface DataServiceFacts {
  postgresHost: string;
  postgresLogin?: string;
  redisHost: string;
  redisPort: number;
  redisPlainPortEnabled: boolean;
}

export function configMapManifest(namespace: string, env: Record<string, string>, facts: DataServiceFacts): Manifest {
  if (!facts.redisPlainPortEnabled) {
    throw new DeployError("RedisPlainPortDisabled", "The Redis cache's non-TLS port is disabled, and OpenHands speaks plain redis:// only (it has no TLS option for Redis)");
  }
  const data: Record<string, string> = {
    ...env,
    DB_HOST: facts.postgresHost,
    ...(facts.postgresLogin ? { DB_USER: facts.postgresLogin } : {}),
    REDIS_HOST: facts.redisHost,
    REDIS_PORT: String(facts.redisPort),
  };
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b)));
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: CONFIG_MAP_NAME, namespace, labels: { ...MANAGED_LABELS } }, data: sorted };
}

export async function dataServiceFacts(d: DeployContext): Promise<DataServiceFacts> {
  const { resourceGroup, postgresServer, redisCache } = d.target;
  const [server, cache] = await Promise.all([
    d.step.clients.postgres.servers.get(resourceGroup, postgresServer),
    d.step.clients.redis.redis.get(resourceGroup, redisCache),
  ]);
  if (!server.fullyQualifiedDomainName) throw new DeployError("PostgresNotReady", `PostgreSQL server ${postgresServer} has no host name yet (state ${server.state ?? "unknown"})`);
  if (!cache.hostName) throw new DeployError("RedisNotReady", `Redis cache ${redisCache} has no host name yet (state ${cache.provisioningState ?? "unknown"})`);
  return {
    postgresHost: server.fullyQualifiedDomainName,
    ...(server.administratorLogin ? { postgresLogin: server.administratorLogin } : {}),
    redisHost: cache.hostName,
    redisPort: cache.port ?? 6379,
    redisPlainPortEnabled: cache.enableNonSslPort === true,
  };
}

export async function applyConfiguration(d: DeployContext, title: string): Promise<StepOutcome> {
  const facts = await dataServiceFacts(d);
  const cm = configMapManifest(d.openhands.namespace, d.openhands.env, facts);
  const out = stepOutcome(title, await applyAll(d, [{ key: "config-map", manifest: cm }]));
  // Non-secret facts for the operation page: where the app will connect.
  out.resources = out.resources.map((r) => ({ ...r, facts: { DB_HOST: facts.postgresHost, REDIS_HOST: facts.redisHost, REDIS_PORT: facts.redisPort } }));
  return out;
}

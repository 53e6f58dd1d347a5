/**
 * Connections from the console to an environment's own services, the way OpenHands reaches them:
 * the flexible server's `openhands` database (admin login; its password is derived from
 * SECRETS_KEY, never stored — lib/operations/generated-secrets.ts), the Redis cache on the port and
 * key OpenHands uses, and the AKS cluster's API with the user kubeconfig. Hosts come from ARM
 * (what Azure answers), so the same code works on Azure and on the local stack. Connections are
 * cached per environment for a few minutes; secrets stay in this process's memory only.
 */
import { KubeConfig } from "@kubernetes/client-node";
import Redis from "ioredis";
import pg from "pg";
import { armClients, type ArmClients } from "@/lib/azure/clients";
import { clusterUserKubeconfig } from "@/lib/azure/provisioning/steps/kubernetes";
import { config } from "@/lib/config";
import { derivedSecret } from "@/lib/operations/generated-secrets";
import { secretsKeyFrom } from "@/lib/store/secret-box";
import { describeUnreachable, probeTcp } from "./reachability";
import type { EnvironmentTarget } from "./target";
import { CONSOLE_REDIS_CLIENT_NAME } from "@/lib/openhands/redis-health/slowlog";

/** A private data plane that this process cannot reach (outside the VNet): its message says so plainly. */
export class DataPlaneUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataPlaneUnreachableError";
  }
}

/** A short TCP probe before a driver connects, so an unreachable host fails in seconds with a sentence. */
async function assertReachable(service: string, host: string, port: number): Promise<void> {
  const r = await probeTcp(host, port);
  if (!r.ok) throw new DataPlaneUnreachableError(describeUnreachable(service, host, port, r));
}

/** How long a resolved connection is reused before ARM is asked again (hosts and keys can change). */
const REUSE_MS = 5 * 60_000;

interface Entry<T> {
  value: Promise<T>;
  expires: number;
}
const holder = globalThis as typeof globalThis & { __environmentConnections?: Map<string, Entry<unknown>> };
const entries = (holder.__environmentConnections ??= new Map());

/** One shared value per key; an expired or failed one is replaced (and the old one disposed). */
function reuse<T>(key: string, create: () => Promise<T>, dispose: (value: T) => void): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit && hit.expires > now) return hit.value;
  if (hit) void hit.value.then(dispose, () => undefined);
  const value = create();
  entries.set(key, { value, expires: now + REUSE_MS });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

const armBySubscription = new Map<string, ArmClients>();

export function environmentArm(target: Pick<EnvironmentTarget, "subscriptionId">): ArmClients {
  let c = armBySubscription.get(target.subscriptionId);
  if (!c) armBySubscription.set(target.subscriptionId, (c = armClients({ subscriptionId: target.subscriptionId })));
  return c;
}

/** The environment's OpenHands database as the server admin: TLS verified, a small pool. */
export function openhandsDatabase(target: EnvironmentTarget, opts: { arm?: ArmClients; secretsKey?: Buffer } = {}): Promise<pg.Pool> {
  return reuse(
    `pg:${target.environment.id}`,
    async () => {
      const arm = opts.arm ?? environmentArm(target);
      const server = await arm.postgres.servers.get(target.resourceGroup, target.names.postgresServer);
      if (!server.fullyQualifiedDomainName || !server.administratorLogin) {
        throw new Error(`PostgreSQL server ${target.names.postgresServer} has no host name or admin login yet (state: ${server.state ?? "unknown"})`);
      }
      await assertReachable(`PostgreSQL server ${target.names.postgresServer}`, server.fullyQualifiedDomainName, 5432);
      const key = opts.secretsKey ?? secretsKeyFrom(config().SECRETS_KEY);
      const pool = new pg.Pool({
        host: server.fullyQualifiedDomainName,
        port: 5432,
        user: server.administratorLogin,
        password: derivedSecret(key, target.environment.id, "postgresAdminPassword"),
        database: "openhands",
        ssl: { rejectUnauthorized: true },
        max: 3,
        idleTimeoutMillis: 30_000,
        connectionTimeoutMillis: 5_000,
        application_name: "openhands-console",
      });
      // An idle client's error (server restart) must not crash the console.
      pool.on("error", () => undefined);
      return pool;
    },
    (pool) => void pool.end().catch(() => undefined),
  );
}

/** The cache as OpenHands reaches it: plain 6379 with the primary key when the non-TLS port is on, else TLS 6380. */
export function openhandsRedis(target: EnvironmentTarget, opts: { arm?: ArmClients } = {}): Promise<Redis> {
  return reuse(
    `redis:${target.environment.id}`,
    async () => {
      const arm = opts.arm ?? environmentArm(target);
      const cache = await arm.redis.redis.get(target.resourceGroup, target.names.redisCache);
      if (!cache.hostName) throw new Error(`Redis cache ${target.names.redisCache} has no host name yet (state: ${cache.provisioningState ?? "unknown"})`);
      const keys = await arm.redis.redis.listKeys(target.resourceGroup, target.names.redisCache);
      const plain = cache.enableNonSslPort === true;
      await assertReachable(`Redis cache ${target.names.redisCache}`, cache.hostName, plain ? (cache.port ?? 6379) : (cache.sslPort ?? 6380));
      const client = new Redis({
        host: cache.hostName,
        port: plain ? (cache.port ?? 6379) : (cache.sslPort ?? 6380),
        password: keys.primaryKey,
        ...(plain ? {} : { tls: { servername: cache.hostName } }),
        lazyConnect: true,
        connectTimeout: 3_000,
        commandTimeout: 2_000,
        maxRetriesPerRequest: 1,
        connectionName: CONSOLE_REDIS_CLIENT_NAME,
      });
      client.on("error", () => undefined);
      await client.connect();
      return client;
    },
    (client) => client.disconnect(),
  );
}

/** The AKS cluster's API with the user kubeconfig from ARM (listClusterUserCredential); never written to disk. */
export function kubeConfig(target: EnvironmentTarget, opts: { arm?: ArmClients } = {}): Promise<KubeConfig> {
  return reuse(
    `kube:${target.environment.id}`,
    async () => {
      const clients = opts.arm ?? environmentArm(target);
      const kc = new KubeConfig();
      kc.loadFromString(await clusterUserKubeconfig({ clients }, target.resourceGroup, target.names.aksCluster));
      return kc;
    },
    () => undefined,
  );
}

/** Drops cached connections (tests; an environment deleted). */
export async function forgetConnections(environmentId?: string): Promise<void> {
  for (const [key, entry] of [...entries]) {
    if (environmentId && !key.endsWith(`:${environmentId}`)) continue;
    entries.delete(key);
    const v = await entry.value.catch(() => undefined);
    if (v instanceof pg.Pool) await v.end().catch(() => undefined);
    else if (v instanceof Redis) v.disconnect();
  }
}

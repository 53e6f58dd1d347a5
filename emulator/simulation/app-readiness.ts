/**
 * The OpenHands app server's `/ready` check (enterprise/server/routes/readiness.py): `SELECT 1`
 * on the database named by DB_* and `PING` on the Redis named by REDIS_*, each with a 2 s
 * timeout. Failures answer 503 with OpenHands' detail text. Results are cached briefly per
 * configuration so probes and ingress traffic do not open a connection each time.
 *
 * TLS follows DB_SSL_MODE / PGSSLMODE (OpenHands PR #14695): disable → plain; require and the
 * verify modes → TLS with the server certificate verified (Azure's is publicly trusted, the local
 * one is issued by the local CA that NODE_EXTRA_CA_CERTS trusts); prefer (the chart's default) and
 * unset → TLS when the server offers it, else plain, like libpq. Redis is plain `redis://` only.
 */
import pg from "pg";
import { Redis } from "ioredis";

export interface DependencySettings {
  db: { host: string; port: number; user: string; password: string; database: string; sslMode: string };
  redis: { host: string; port: number; password: string; db: number };
}

export interface ReadinessResult {
  ok: boolean;
  /** OpenHands' detail text on failure, e.g. `Database is not accessible: password authentication failed for user "x"`. */
  detail?: string;
}

const TIMEOUT_MS = 2000;

function intOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isInteger(n) ? n : fallback;
}

/** OpenHands' defaults for unset variables (knowledge §2). */
export function dependencySettings(env: Record<string, string>): DependencySettings {
  return {
    db: {
      host: env.DB_HOST || "localhost",
      port: intOr(env.DB_PORT, 5432),
      user: env.DB_USER || "postgres",
      password: (env.DB_PASS ?? "postgres").trim(),
      database: env.DB_NAME || "openhands",
      sslMode: (env.DB_SSL_MODE || env.PGSSLMODE || "prefer").toLowerCase(),
    },
    redis: { host: env.REDIS_HOST || "localhost", port: intOr(env.REDIS_PORT, 6379), password: env.REDIS_PASSWORD ?? "", db: intOr(env.REDIS_DB, 0) },
  };
}

export function message(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return message(err.errors[0]);
  return err instanceof Error && err.message ? err.message : String(err);
}

async function runOnce(db: DependencySettings["db"], ssl: boolean, sql: string, queryTimeoutMs: number): Promise<void> {
  const client = new pg.Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: queryTimeoutMs,
    ssl: ssl ? { rejectUnauthorized: true, servername: /^[\d.]+$/.test(db.host) ? undefined : db.host } : false,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

export function selectOne(db: DependencySettings["db"], ssl: boolean): Promise<void> {
  return runOnce(db, ssl, "SELECT 1", TIMEOUT_MS);
}

/** Runs SQL on the app's database with its TLS mode (for `prefer`: TLS when offered, like libpq). */
export async function runOnDatabase(db: DependencySettings["db"], sql: string, queryTimeoutMs = TIMEOUT_MS): Promise<void> {
  if (db.sslMode === "disable" || db.sslMode === "allow") return runOnce(db, false, sql, queryTimeoutMs);
  if (db.sslMode !== "prefer") return runOnce(db, true, sql, queryTimeoutMs);
  try {
    await runOnce(db, true, sql, queryTimeoutMs);
  } catch (err) {
    if (!/does not support SSL/i.test(message(err))) throw err;
    await runOnce(db, false, sql, queryTimeoutMs);
  }
}

export function checkDatabase(db: DependencySettings["db"]): Promise<void> {
  return runOnDatabase(db, "SELECT 1");
}

export async function checkRedis(r: DependencySettings["redis"]): Promise<void> {
  // AUTH and SELECT are sent by hand: ioredis only warns when a password is given to a server
  // without one, where redis-py (OpenHands) fails the connection.
  const client = new Redis({
    host: r.host,
    port: r.port,
    // RESP2 and no INFO ready check, like redis-py: ioredis 6 opens with HELLO 3 and INFO, which a
    // password-protected server (Azure Cache, the local data planes) refuses with NOAUTH before the
    // AUTH below is sent.
    protocol: 2,
    enableReadyCheck: false,
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let socketError: unknown;
  client.on("error", (err) => {
    socketError ??= err;
  });
  try {
    await client.connect().catch((err: unknown) => {
      throw socketError ?? err;
    });
    if (r.password) await client.call("AUTH", r.password);
    if (r.db !== 0) await client.select(r.db);
    const pong = await client.ping();
    if (pong !== "PONG") throw new Error(`unexpected PING answer ${pong}`);
  } finally {
    client.disconnect();
  }
}

/** One readiness check, uncached: the database first, then Redis, as OpenHands does. */
export async function checkReadiness(s: DependencySettings): Promise<ReadinessResult> {
  try {
    await checkDatabase(s.db);
  } catch (err) {
    return { ok: false, detail: `Database is not accessible: ${message(err)}` };
  }
  try {
    await checkRedis(s.redis);
  } catch (err) {
    return { ok: false, detail: `Redis cache is not accessible: ${message(err)}` };
  }
  return { ok: true };
}

/** Caches readiness per configuration for `ttlMs`; concurrent callers share one check. */
export class ReadinessCache {
  private readonly entries = new Map<string, { at: number; result: Promise<ReadinessResult> }>();

  constructor(
    private readonly ttlMs = 3000,
    private readonly check: (s: DependencySettings) => Promise<ReadinessResult> = checkReadiness,
  ) {}

  ready(s: DependencySettings): Promise<ReadinessResult> {
    // The key holds the password: it stays in this map, never in logs.
    const key = JSON.stringify(s);
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.result;
    const result = this.check(s);
    this.entries.set(key, { at: now, result });
    for (const [k, e] of this.entries) if (now - e.at > 10 * this.ttlMs) this.entries.delete(k);
    return result;
  }
}

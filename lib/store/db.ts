/**
 * The console store's connection pool. One driver (`pg`) for real PostgreSQL and for embedded
 * PGlite behind its socket server. With PGlite keep DATABASE_POOL_MAX=1: it has one backend and
 * one session for all connections (see README.md).
 */
import pg from "pg";
import { config } from "@/lib/config";

export type Queryable = pg.Pool | pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  max?: number;
  ssl?: boolean;
}

export function createPool(opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    // Azure Database for PostgreSQL presents a publicly trusted certificate: verify it.
    ssl: opts.ssl ? { rejectUnauthorized: true } : undefined,
    // Fail loudly instead of hanging when every connection is busy (e.g. pool of 1 with PGlite).
    connectionTimeoutMillis: 30_000,
    idleTimeoutMillis: 30_000,
    application_name: "openhands-console",
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  // Only the code/message is logged: pg errors never carry the password, the URL is not logged.
  pool.on("error", (err) => {
    console.error(`console store: idle connection error: ${err.message}`);
  });
  return pool;
}

const holder = globalThis as typeof globalThis & { __openhandsConsoleStorePool?: pg.Pool };

/** The process's pool, from config(); kept on globalThis so Next.js dev hot reload reuses it. */
export function getPool(): pg.Pool {
  if (!holder.__openhandsConsoleStorePool) {
    const cfg = config();
    holder.__openhandsConsoleStorePool = createPool({
      connectionString: cfg.DATABASE_URL,
      max: cfg.DATABASE_POOL_MAX,
      ssl: cfg.DATABASE_SSL,
    });
  }
  return holder.__openhandsConsoleStorePool;
}

/** Ends the process's pool (graceful shutdown, and tests that drop their database afterwards). */
export async function closePool(): Promise<void> {
  const pool = holder.__openhandsConsoleStorePool;
  holder.__openhandsConsoleStorePool = undefined;
  await pool?.end();
}

/** Runs fn inside BEGIN/COMMIT on one client; rolls back and rethrows when fn throws. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackErr) {
      // A client that cannot roll back is in an unknown state: destroy it rather than reuse it.
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Runs fn atomically: a Pool gets its own transaction; a client is used as is, so the caller
 * owns the transaction (pass a client only from inside withTransaction when atomicity matters).
 */
export function inTransaction<T>(db: Queryable, fn: (client: Queryable) => Promise<T>): Promise<T> {
  return db instanceof pg.Pool ? withTransaction(db, fn) : fn(db);
}

/**
 * The console store's connection pool. One driver (`pg`) for real PostgreSQL and for embedded
 * PGlite behind its socket server. With PGlite keep DATABASE_POOL_MAX=1: it has one backend and
 * one session for all connections (see README.md).
 */
import { AsyncLocalStorage } from "node:async_hooks";
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
  routeQueriesToAmbientTransaction(pool);
  return pool;
}

/**
 * The ambient store transaction (see `withStoreTransaction`): while one is open for a pool, that
 * pool's `query` runs on the transaction's client and `withTransaction` nests as a savepoint.
 * So repositories called with `getPool()` inside an action join the action's transaction
 * without every call site passing a client, and a pool of 1 (PGlite) cannot deadlock on itself.
 * `open` turns false at COMMIT/ROLLBACK: work an action started in the background (same async
 * context) then falls back to the pool instead of using a released client.
 */
interface AmbientTransaction {
  pool: pg.Pool;
  client: pg.PoolClient;
  open: boolean;
}
// On globalThis, like the pool: Next bundles this module into several chunks (server actions,
// pages, route handlers), and every copy must see the one transaction the action wrapper opened —
// a copy with its own storage would connect a second client and deadlock a pool of one.
const ambientHolder = globalThis as typeof globalThis & { __openhandsConsoleStoreAmbient?: AsyncLocalStorage<AmbientTransaction> };
const ambient = (ambientHolder.__openhandsConsoleStoreAmbient ??= new AsyncLocalStorage<AmbientTransaction>());

function ambientClient(pool: pg.Pool): pg.PoolClient | undefined {
  const tx = ambient.getStore();
  return tx && tx.open && tx.pool === pool ? tx.client : undefined;
}

function routeQueriesToAmbientTransaction(pool: pg.Pool): void {
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const query = (...args: unknown[]): unknown => {
    const client = ambientClient(pool);
    return client ? (client.query as (...a: unknown[]) => unknown)(...args) : poolQuery(...args);
  };
  pool.query = query as typeof pool.query;
}

/**
 * Runs fn in one transaction on `pool` that every repository call on that pool inside fn joins
 * (the action wrapper: a change and its audit row commit together or not at all).
 */
export async function withStoreTransaction<T>(pool: pg.Pool, fn: () => Promise<T>): Promise<T> {
  if (ambientClient(pool)) return fn();
  return withTransaction(pool, async (client) => {
    const tx: AmbientTransaction = { pool, client, open: true };
    try {
      return await ambient.run(tx, fn);
    } finally {
      tx.open = false;
    }
  });
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
  const outer = ambientClient(pool);
  if (outer) return inSavepoint(outer, fn);
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

/** A transaction nested in the ambient one: its failure undoes only its own statements. */
async function inSavepoint<T>(client: pg.PoolClient, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  await client.query("SAVEPOINT nested");
  try {
    const result = await fn(client);
    await client.query("RELEASE SAVEPOINT nested");
    return result;
  } catch (err) {
    await client.query("ROLLBACK TO SAVEPOINT nested");
    await client.query("RELEASE SAVEPOINT nested");
    throw err;
  }
}

/**
 * Runs fn atomically: a Pool gets its own transaction; a client is used as is, so the caller
 * owns the transaction (pass a client only from inside withTransaction when atomicity matters).
 */
export function inTransaction<T>(db: Queryable, fn: (client: Queryable) => Promise<T>): Promise<T> {
  return db instanceof pg.Pool ? withTransaction(db, fn) : fn(db);
}

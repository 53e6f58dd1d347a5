/**
 * Applies the committed SQL files in lib/store/migrations in name order, once each.
 *
 * Safe with several console replicas starting at once: a session advisory lock serialises
 * whole runs on real PostgreSQL, and each file runs in its own transaction that re-checks
 * `schema_migrations` first. The re-check matters on PGlite, where every connection shares one
 * session, so the advisory lock excludes nobody; there its socket server runs one transaction
 * at a time, so the re-check sees whatever a concurrent migrator committed.
 * Everything runs on ONE client, so a pool of 1 (PGlite) is enough.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { MigrationError } from "./errors";

/** Arbitrary constant shared by every replica: "OHCSTORE" as an int8. */
const MIGRATION_LOCK_KEY = "5713883289406444101";
const FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;

export const defaultMigrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function listMigrationFiles(dir: string = defaultMigrationsDir): Promise<string[]> {
  const names = (await readdir(/*turbopackIgnore: true*/ dir)).filter((n) => n.endsWith(".sql"));
  const bad = names.filter((n) => !FILE_PATTERN.test(n));
  if (bad.length > 0) throw new Error(`Migration files must be named NNNN_name.sql: ${bad.join(", ")}`);
  return names.sort();
}

export async function migrate(pool: pg.Pool, opts: { dir?: string } = {}): Promise<{ applied: string[] }> {
  const dir = opts.dir ?? defaultMigrationsDir;
  const files = await listMigrationFiles(dir);
  const applied: string[] = [];
  const lockClient = await pool.connect();
  let failure: Error | undefined;
  try {
    await lockClient.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await lockClient.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const already = new Set(
      (await lockClient.query<{ name: string }>("SELECT name FROM schema_migrations")).rows.map((r) => r.name),
    );
    for (const file of files) {
      if (already.has(file)) continue;
      const sql = await readFile(path.join(/*turbopackIgnore: true*/ dir, file), "utf8");
      const didApply = await applyOne(lockClient, file, sql);
      if (didApply) applied.push(file);
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    try {
      await lockClient.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      lockClient.release();
    } catch (unlockErr) {
      // A connection that cannot even unlock is broken: destroy it (this also drops its lock).
      lockClient.release(failure ?? (unlockErr instanceof Error ? unlockErr : new Error(String(unlockErr))));
    }
  }
  return { applied };
}

async function applyOne(client: pg.PoolClient, file: string, sql: string): Promise<boolean> {
  await client.query("BEGIN");
  try {
    const seen = await client.query("SELECT 1 FROM schema_migrations WHERE name = $1", [file]);
    if (seen.rowCount) {
      await client.query("ROLLBACK");
      return false;
    }
    // No parameters: pg sends the multi-statement file as one simple-protocol Query message.
    await client.query(sql);
    await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
    await client.query("COMMIT");
    return true;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new MigrationError(file, err);
  }
}

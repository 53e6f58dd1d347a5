/**
 * Applies the committed SQL files in lib/store/migrations in name order, once each.
 *
 * Safe with several console replicas starting at once: a session advisory lock serialises
 * whole runs on real PostgreSQL, and each file runs in its own transaction that re-checks
 * `schema_migrations` first. The re-check matters on PGlite, where every connection shares one
 * session, so the advisory lock excludes nobody; there its socket server runs one transaction
 * at a time, so the re-check sees whatever a concurrent migrator committed.
 * Everything runs on ONE client, so a pool of 1 (PGlite) is enough.
 *
 * Integrity: each applied file's SHA-256 is kept in `schema_migrations.checksum`. Before
 * applying anything, a run refuses (MigrationIntegrityError) an applied file whose text has
 * changed since, and a new file named older than the newest applied one (it would run out of
 * order on databases that are ahead and never on some). Rows applied before checksums existed
 * take the file's current checksum on the first run (trust on first use).
 *
 * `runtimeRole`: the login role the console runs as when migrations use a separate owner
 * (DATABASE_MIGRATION_URL): it is made a member of `console_runtime` (0008_runtime_role.sql).
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { MigrationError, MigrationIntegrityError } from "./errors";

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

export async function migrate(pool: pg.Pool, opts: { dir?: string; runtimeRole?: string } = {}): Promise<{ applied: string[] }> {
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
    await lockClient.query("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text");
    const texts = new Map<string, string>();
    for (const file of files) texts.set(file, await readFile(path.join(/*turbopackIgnore: true*/ dir, file), "utf8"));
    const already = await checkIntegrity(lockClient, texts);
    for (const file of files) {
      if (already.has(file)) continue;
      const didApply = await applyOne(lockClient, file, texts.get(file) ?? "");
      if (didApply) applied.push(file);
    }
    if (opts.runtimeRole) await grantRuntimeRole(lockClient, opts.runtimeRole);
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
    await client.query("INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [file, checksumOf(sql)]);
    await client.query("COMMIT");
    return true;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new MigrationError(file, err);
  }
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** Refuses edited applied files and new files older than the newest applied one; returns the applied names. */
async function checkIntegrity(client: pg.PoolClient, texts: Map<string, string>): Promise<Set<string>> {
  const rows = (await client.query<{ name: string; checksum: string | null; applied_at: Date }>("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name")).rows;
  for (const row of rows) {
    const text = texts.get(row.name);
    if (text === undefined) continue; // applied by a newer console, or a test folder: not ours to judge
    const sum = checksumOf(text);
    if (row.checksum === null) {
      await client.query("UPDATE schema_migrations SET checksum = $2 WHERE name = $1 AND checksum IS NULL", [row.name, sum]);
    } else if (row.checksum !== sum) {
      throw new MigrationIntegrityError(
        row.name,
        `Migration ${row.name} was applied on ${row.applied_at.toISOString()} but the file has changed since (checksum ${row.checksum.slice(0, 12)}… applied, ${sum.slice(0, 12)}… now). ` +
          "An applied migration must never be edited: restore the file from version control and put the change in a new NNNN_name.sql file.",
      );
    }
  }
  const applied = new Set(rows.map((r) => r.name));
  const newest = rows.at(-1)?.name;
  const late = [...texts.keys()].filter((f) => !applied.has(f) && newest !== undefined && f < newest);
  if (late.length > 0) {
    throw new MigrationIntegrityError(
      late[0] ?? "",
      `Migration ${late.join(", ")} is new but numbered before ${newest}, which is already applied: it would run out of order here and in order elsewhere. ` +
        `Renumber it after ${newest} (and never renumber a file that any database has applied).`,
    );
  }
  return applied;
}

/** Makes the console's login role a member of console_runtime (when 0008 could create it). */
async function grantRuntimeRole(client: pg.PoolClient, role: string): Promise<void> {
  const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = 'console_runtime'");
  if (!exists.rowCount) throw new MigrationIntegrityError("0008_runtime_role.sql", `The role console_runtime does not exist (the migration role may not create roles), so ${role} cannot be given least privilege. Run migrations as a role with CREATEROLE.`);
  const self = await client.query<{ me: string }>("SELECT current_user AS me");
  if (self.rows[0]?.me === role) throw new MigrationIntegrityError("0008_runtime_role.sql", `DATABASE_MIGRATION_URL and DATABASE_URL use the same role (${role}): the runtime role must not own the schema.`);
  // GRANT takes no parameters: PostgreSQL quotes the name itself (format %I).
  const grant = await client.query<{ sql: string }>("SELECT format('GRANT console_runtime TO %I', $1::text) AS sql", [role]);
  await client.query(grant.rows[0]?.sql ?? "");
}

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, MigrationIntegrityError } from "./errors";
import { checksumOf, listMigrationFiles, migrate } from "./migrate";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

describe.each(BACKENDS)("migrate on %s", (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15432, migrate: false });
  });
  afterAll(async () => store?.close());

  it("two replicas migrating at once apply every file exactly once", async () => {
    const files = await listMigrationFiles();
    const other = store.newPool();
    const [a, b] = await Promise.all([migrate(store.pool), migrate(other)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(files);
    const rows = await store.pool.query<{ name: string }>("SELECT name FROM schema_migrations ORDER BY name");
    expect(rows.rows.map((r) => r.name)).toEqual(files);
    const tables = await store.pool.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.rows.map((r) => r.t)).toEqual(["audit_denial_windows", "audit_events", "console_sessions", "environments", "operation_plans", "operation_steps", "operations", "schema_migrations", "setup_drafts", "usage_rollup", "usage_rollup_days", "usage_rollup_state", "usage_rollup_users"]);
  });

  it("is idempotent: a second run applies nothing", async () => {
    expect(await migrate(store.pool)).toEqual({ applied: [] });
  });

  it("a failing migration names its file, rolls back, and stops before later files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
    try {
      // Numbered after the real ones (already applied here): an older number would be refused as out of order.
      await writeFile(path.join(dir, "9001_good.sql"), "CREATE TABLE mig_good (id int);");
      await writeFile(path.join(dir, "9002_bad.sql"), "CREATE TABLE mig_half (id int);\nSELECT no_such_function();");
      await writeFile(path.join(dir, "9003_later.sql"), "CREATE TABLE mig_later (id int);");
      const err = await migrate(store.pool, { dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as MigrationError).file).toBe("9002_bad.sql");
      expect((err as Error).message).toMatch(/^Migration 9002_bad\.sql failed: function no_such_function\(\) does not exist/);
      const present = await store.pool.query<{ t: string | null; h: string | null; l: string | null }>(
        "SELECT to_regclass('mig_good')::text AS t, to_regclass('mig_half')::text AS h, to_regclass('mig_later')::text AS l",
      );
      expect(present.rows[0]).toEqual({ t: "mig_good", h: null, l: null });
      const names = await store.pool.query<{ name: string }>("SELECT name FROM schema_migrations WHERE name LIKE '900%_%' ORDER BY name");
      expect(names.rows.map((r) => r.name)).toContain("9001_good.sql");
      expect(names.rows.map((r) => r.name)).not.toContain("9002_bad.sql");
      // The pool still works after the failure (no connection left inside an aborted transaction).
      expect((await store.pool.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps a checksum and refuses an applied file that was edited, applying nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
    try {
      await writeFile(path.join(dir, "9101_table.sql"), "CREATE TABLE mig_sum (id int);");
      expect(await migrate(store.pool, { dir })).toEqual({ applied: ["9101_table.sql"] });
      const row = await store.pool.query<{ checksum: string }>("SELECT checksum FROM schema_migrations WHERE name = '9101_table.sql'");
      expect(row.rows[0]?.checksum).toBe(checksumOf("CREATE TABLE mig_sum (id int);"));

      await writeFile(path.join(dir, "9101_table.sql"), "CREATE TABLE mig_sum (id int, extra text);");
      await writeFile(path.join(dir, "9102_next.sql"), "CREATE TABLE mig_next (id int);");
      const err = await migrate(store.pool, { dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationIntegrityError);
      expect((err as Error).message).toMatch(/^Migration 9101_table\.sql was applied on .* but the file has changed since .* restore the file from version control and put the change in a new NNNN_name\.sql file\.$/);
      expect((await store.pool.query("SELECT to_regclass('mig_next')::text AS t")).rows[0]).toEqual({ t: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a new file numbered older than the newest applied one, applying nothing", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
    try {
      await writeFile(path.join(dir, "9201_first.sql"), "CREATE TABLE mig_first (id int);");
      await writeFile(path.join(dir, "9203_third.sql"), "CREATE TABLE mig_third (id int);");
      expect(await migrate(store.pool, { dir })).toEqual({ applied: ["9201_first.sql", "9203_third.sql"] });
      await writeFile(path.join(dir, "9202_second.sql"), "CREATE TABLE mig_second (id int);");
      const err = await migrate(store.pool, { dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationIntegrityError);
      expect((err as Error).message).toBe(
        "Migration 9202_second.sql is new but numbered before 9203_third.sql, which is already applied: it would run out of order here and in order elsewhere. Renumber it after 9203_third.sql (and never renumber a file that any database has applied).",
      );
      expect((await store.pool.query("SELECT to_regclass('mig_second')::text AS t")).rows[0]).toEqual({ t: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a badly named migration file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
    try {
      await writeFile(path.join(dir, "add-things.sql"), "SELECT 1;");
      await expect(migrate(store.pool, { dir })).rejects.toThrow("Migration files must be named NNNN_name.sql: add-things.sql");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

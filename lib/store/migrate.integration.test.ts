import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MigrationError } from "./errors";
import { listMigrationFiles, migrate } from "./migrate";
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
    expect(tables.rows.map((r) => r.t)).toEqual(["audit_events", "environments", "operation_plans", "operation_steps", "operations", "schema_migrations", "setup_drafts"]);
  });

  it("is idempotent: a second run applies nothing", async () => {
    expect(await migrate(store.pool)).toEqual({ applied: [] });
  });

  it("a failing migration names its file, rolls back, and stops before later files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "store-migrations-"));
    try {
      await writeFile(path.join(dir, "0001_good.sql"), "CREATE TABLE mig_good (id int);");
      await writeFile(path.join(dir, "0002_bad.sql"), "CREATE TABLE mig_half (id int);\nSELECT no_such_function();");
      await writeFile(path.join(dir, "0003_later.sql"), "CREATE TABLE mig_later (id int);");
      const err = await migrate(store.pool, { dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as MigrationError).file).toBe("0002_bad.sql");
      expect((err as Error).message).toMatch(/^Migration 0002_bad\.sql failed: function no_such_function\(\) does not exist/);
      const present = await store.pool.query<{ t: string | null; h: string | null; l: string | null }>(
        "SELECT to_regclass('mig_good')::text AS t, to_regclass('mig_half')::text AS h, to_regclass('mig_later')::text AS l",
      );
      expect(present.rows[0]).toEqual({ t: "mig_good", h: null, l: null });
      const names = await store.pool.query<{ name: string }>("SELECT name FROM schema_migrations WHERE name LIKE '000%_%' ORDER BY name");
      expect(names.rows.map((r) => r.name)).toContain("0001_good.sql");
      expect(names.rows.map((r) => r.name)).not.toContain("0002_bad.sql");
      // The pool still works after the failure (no connection left inside an aborted transaction).
      expect((await store.pool.query("SELECT 1 AS one")).rows[0]).toEqual({ one: 1 });
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

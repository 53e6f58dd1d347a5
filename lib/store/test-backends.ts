/**
 * Test support (integration tests only): the two stores every repository test runs against —
 * a fresh database on the real PostgreSQL, and embedded PGlite served by our socket server —
 * both reached through the same `pg` driver.
 */
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPool } from "./db";
import { startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";

export type BackendKind = "postgres" | "pglite";
export const BACKENDS: BackendKind[] = ["postgres", "pglite"];

export interface TestStore {
  kind: BackendKind;
  url: string;
  /** Migrated, ready to use. PGlite: max 1 (the setting the console must use with it). */
  pool: pg.Pool;
  /** Another pool on the same store (a second console replica); closed by close(). */
  newPool(max?: number): pg.Pool;
  close(): Promise<void>;
}

/** Server of the real PostgreSQL (trust auth, user postgres); PGTEST_ADMIN_URL overrides. */
const ADMIN_URL = process.env.PGTEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * A fresh PGlite data dir costs an initdb in wasm (3 s idle, 20+ s on a busy CI box); copying a
 * cleanly closed, initialised one takes milliseconds. The template is built once per machine
 * (atomically: built aside, then renamed) under .data-test/.
 */
async function pgliteTemplate(): Promise<string> {
  const template = path.resolve(".data-test", "pglite-template-0.5.14");
  if (await stat(template).then(() => true, () => false)) return template;
  const building = `${template}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const db = await PGlite.create({ dataDir: building });
  await db.close();
  await rename(building, template).catch(async () => rm(building, { recursive: true, force: true })); // another process won
  return template;
}

export async function startTestStore(kind: BackendKind, opts: { pglitePort: number; migrate?: boolean }): Promise<TestStore> {
  const pools: pg.Pool[] = [];
  let url: string;
  let teardown: () => Promise<void>;
  if (kind === "postgres") {
    const dbName = `store_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
    teardown = async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "store-pglite-"));
    await cp(await pgliteTemplate(), path.join(dataDir, "pglite"), { recursive: true });
    const server = await startEmbeddedPostgres({ dataDir, port: opts.pglitePort });
    url = server.url;
    teardown = async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const newPool = (max?: number) => {
    const p = createPool({ connectionString: url, max: max ?? (kind === "pglite" ? 1 : 5) });
    pools.push(p);
    return p;
  };
  const pool = newPool();
  if (opts.migrate !== false) await migrate(pool);
  return {
    kind,
    url,
    pool,
    newPool,
    async close() {
      await Promise.all(pools.map((p) => p.end()));
      await teardown();
    },
  };
}

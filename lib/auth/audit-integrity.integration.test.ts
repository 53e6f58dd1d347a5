/**
 * The audit trail cannot be lost or flooded (real local Entra tokens, real PostgreSQL, the real
 * action wrapper):
 * - a change and its success row commit together: when the audit insert fails (here a real
 *   trigger in the test database refuses it) the change is rolled back and the caller gets an
 *   error — also for work nested in its own transaction, on a pool of ONE connection (PGlite's
 *   setting), which must not deadlock;
 * - `denied` rows are budgeted per actor, shared by every replica (two pools here), with a
 *   summary row of how many were counted but not written.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { DENIED_ROWS_PER_WINDOW } from "@/lib/store/audit-denials";
import { createPool, withTransaction } from "@/lib/store/db";
import { migrate } from "@/lib/store/migrate";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ActionDefinition } from "./action";
import { storeAuditWriter } from "./audit";
import { createTokenVerifier, type TokenVerifier } from "./token";

const PORT = 39447;
const DB = `audit_integrity_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let verify: TokenVerifier;

const input = z.object({ name: z.string().regex(/^[a-z-]+$/) });
/** A real change in two steps, the second in a nested transaction (as repositories do). */
function createThing(db: () => pg.Pool) {
  return {
    name: "thing.create",
    permission: "environment.create",
    input,
    audit: { action: "thing.create", target: (i) => `thing/${i.name}` },
    run: async (_ctx, i) => {
      await db().query("INSERT INTO things (name) VALUES ($1)", [i.name]);
      await withTransaction(db(), (tx) => tx.query("INSERT INTO things (name) VALUES ($1)", [`${i.name}-nested`]));
      return { name: i.name };
    },
  } satisfies ActionDefinition<typeof input, { name: string }>;
}

async function act(user: "admin" | "reader", def: ActionDefinition<typeof input, { name: string }>, name: string, store = pool) {
  const token = await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
  return executeAction(def, { token, requestId: `req-${name}-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(store), verify }, { name });
}

const things = async () => (await pool.query<{ name: string }>("SELECT name FROM things ORDER BY id")).rows.map((r) => r.name);
const auditRows = async (action: string) =>
  (await pool.query<{ outcome: string; target: string; detail: string | null }>("SELECT outcome, target, detail FROM audit_events WHERE action = $1 ORDER BY id", [action])).rows;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "audit-integrity-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dataDir);
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  // ONE connection, like the local stack's PGlite store: nested work must join the action's transaction.
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 1 });
  await migrate(pool);
  await pool.query("CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL)");
  // A real failure of the audit insert: the database refuses rows about "thing/doomed".
  await pool.query(`
    CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit storage refused this row'; END; $$;
    CREATE TRIGGER refuse_doomed BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.target = 'thing/doomed') EXECUTE FUNCTION refuse_doomed();`);
});

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await pool.query("TRUNCATE things");
});

describe("a change and its audit row commit together", () => {
  it("commits both when the audit row is written (nested work included, pool of one)", async () => {
    expect(await act("admin", createThing(() => pool), "kept")).toEqual({ ok: true, data: { name: "kept" } });
    expect(await things()).toEqual(["kept", "kept-nested"]);
    expect(await auditRows("thing.create")).toEqual([{ outcome: "success", target: "thing/kept", detail: null }]);
  });

  it("rolls the change back and reports an error when the audit insert fails", async () => {
    const result = await act("admin", createThing(() => pool), "doomed");
    expect(result).toMatchObject({ ok: false, error: { code: "internal_error", message: expect.stringMatching(/Request id: req-doomed-/) } });
    expect(await things()).toEqual([]);
    expect((await auditRows("thing.create")).map((r) => r.target)).toEqual(["thing/kept"]);
    // The pool's only connection is back and usable (not left inside an aborted transaction).
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

describe("refused attempts are budgeted per actor", () => {
  it("writes at most the budget of denied rows across two replicas, then one summary of the rest", async () => {
    const other = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 2 });
    try {
      const forbidden = createThing(() => pool); // environment.create: a Reader is refused
      const attempts = DENIED_ROWS_PER_WINDOW + 7;
      const results = await Promise.all(Array.from({ length: attempts }, (_, n) => act("reader", forbidden, `try-${n}`, n % 2 === 0 ? pool : other)));
      expect(results.every((r) => !r.ok && r.error.code === "forbidden")).toBe(true);
      expect(await things()).toEqual([]);
      expect(await auditRows("thing.create")).toHaveLength(1 + DENIED_ROWS_PER_WINDOW); // the admin's success row + the budget
      const window = await pool.query<{ written: number; suppressed: number }>("SELECT written, suppressed FROM audit_denial_windows");
      expect(window.rows).toEqual([{ written: DENIED_ROWS_PER_WINDOW, suppressed: 7 }]);

      // The window ends (moved back instead of waiting 10 minutes): the next refusal writes the summary, then itself.
      await pool.query("UPDATE audit_denial_windows SET window_start = window_start - interval '11 minutes'");
      expect(await act("reader", forbidden, "later", other)).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await auditRows("audit.denied.suppressed")).toEqual([{ outcome: "denied", target: expect.stringMatching(/^actor\//), detail: expect.stringMatching(/^7 more refused attempts by this actor between .* were counted but not recorded one by one/) }]);
      expect(await auditRows("thing.create")).toHaveLength(2 + DENIED_ROWS_PER_WINDOW);
    } finally {
      await other.end();
    }
  });
});

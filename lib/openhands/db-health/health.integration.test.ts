/**
 * Database health against the real PostgreSQL (127.0.0.1:5432, database `dbhealth_it`): each test
 * creates its condition on purpose — a row lock and a waiter, a long pg_sleep, dead tuples with
 * autovacuum off, a burst of connections — and sees the verdict change. The console's pool logs in
 * as a non-superuser member of pg_monitor and pg_signal_backend, as the admin login does on Azure;
 * the "OpenHands" sessions it watches log in as an ordinary role.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseHealth } from "./index";
import { readOnly } from "./read-only";
import type { DatabaseHealthItem, DatabaseHealthKey, DatabaseHealthReport } from "./types";

const DB = "dbhealth_it";
export const CONSOLE_ROLE = "dbhealth_it_console";
export const APP_ROLE = "dbhealth_it_app";
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let superPool: pg.Pool;
const sessions: pg.Client[] = [];

async function session(user = APP_ROLE, application = "openhands-it"): Promise<pg.Client> {
  const c = new pg.Client({ host: "127.0.0.1", port: 5432, user, database: DB, application_name: application });
  c.on("error", () => undefined); // a terminated or cancelled session is expected here
  await c.connect();
  sessions.push(c);
  return c;
}
async function pidOf(c: pg.Client): Promise<number> {
  return (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
}
/** Waits until pg_stat_activity shows the session in the given state/wait. */
async function until(pid: number, what: (r: { state: string | null; wait_event_type: string | null }) => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const r = (await superPool.query("SELECT state, wait_event_type FROM pg_stat_activity WHERE pid = $1", [pid])).rows[0];
    if (r && what(r)) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`session ${pid} never reached the expected state`);
}
function itemOf<K extends DatabaseHealthKey>(report: DatabaseHealthReport, key: K): Extract<DatabaseHealthItem, { key: K }> {
  const it = report.items.find((i) => i.key === key);
  if (!it) throw new Error(`no ${key} item in ${report.items.map((i) => i.key).join(", ")}`);
  return it as Extract<DatabaseHealthItem, { key: K }>;
}

beforeAll(async () => {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  for (const role of [CONSOLE_ROLE, APP_ROLE]) {
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`);
  }
  await admin.query(`GRANT pg_monitor, pg_signal_backend TO ${CONSOLE_ROLE}`);
  superPool = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: DB, max: 2 });
  superPool.on("error", () => undefined); // an idle connection ended by the server must not fail the run
  await superPool.query(`GRANT ALL ON SCHEMA public TO ${APP_ROLE}`);
  pool = new pg.Pool({ host: "127.0.0.1", port: 5432, user: CONSOLE_ROLE, database: DB, max: 3, application_name: "openhands-console" });
  pool.on("error", () => undefined); // an idle connection ended by the server must not fail the run
}, 60_000);

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end().catch(() => undefined)));
  await pool?.end();
  await superPool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
});

describe("database health on a real PostgreSQL", () => {
  it("reads every item read-only, each with a verdict", async () => {
    const report = await databaseHealth(pool);
    expect(report.database).toBe(DB);
    expect(report.items.map((i) => i.key)).toEqual(["connections", "long-queries", "blocking", "cache", "wraparound", "dead-tuples", "sizes", "top-queries"]);
    for (const i of report.items) expect(["ok", "warn", "critical", "unknown"]).toContain(i.verdict);
    const c = itemOf(report, "connections").data!;
    const server = (await superPool.query<{ max: number }>("SELECT current_setting('max_connections')::int AS max")).rows[0]!;
    expect(c.maxConnections).toBe(server.max);
    expect(c.used).toBeGreaterThanOrEqual(1);
    expect(itemOf(report, "wraparound").data!.databases.map((d) => d.name)).toContain(DB);
    expect(itemOf(report, "sizes")).toMatchObject({ verdict: "unknown" }); // no ARM: provisioned storage unknown
    expect(itemOf(report, "sizes").data!.databases.find((d) => d.name === DB)?.bytes).toBeGreaterThan(1_000_000);
  });

  it("never writes: a statement inside the probe fails as read-only", async () => {
    const r = await readOnly(pool, 3_000, (c) => c.query("CREATE TABLE must_not_exist (id int)"));
    expect(r).toMatchObject({ ok: false, reason: "error" });
    if (!r.ok) expect(r.message).toMatch(/read-only transaction/);
  });

  it("says 'unknown: timed out' for a query over its statement timeout, and for ARM that does not answer", async () => {
    const r = await readOnly(pool, 500, (c) => c.query("SELECT pg_sleep(2)"));
    expect(r).toEqual({ ok: false, reason: "timeout", message: "timed out after 0.5 s" });
    const report = await databaseHealth(pool, { rules: { armTimeoutMs: 300 }, server: () => new Promise(() => undefined) });
    expect(itemOf(report, "server")).toMatchObject({ verdict: "unknown", summary: "unknown: ARM did not answer within 0.3 s" });
  });

  it("shows a blocked session behind the session holding its row lock: chain 1 → 2, and the verdict turns warn", async () => {
    const holder = await session();
    const waiter = await session();
    await holder.query("CREATE TABLE IF NOT EXISTS locked (id int primary key, v int)");
    await holder.query("INSERT INTO locked VALUES (1, 0) ON CONFLICT DO NOTHING");
    const rules = { blockedSeconds: { warn: 0.2, critical: 3_600, worse: "above" as const } };
    expect(itemOf(await databaseHealth(pool, { rules }), "blocking").verdict).toBe("ok");

    await holder.query("BEGIN");
    await holder.query("UPDATE locked SET v = v + 1 WHERE id = 1");
    const [h, w] = [await pidOf(holder), await pidOf(waiter)];
    const waiting = waiter.query("UPDATE locked SET v = v + 1 WHERE id = 1");
    await until(w, (r) => r.wait_event_type === "Lock");
    await new Promise((res) => setTimeout(res, 300));

    const blocking = itemOf(await databaseHealth(pool, { rules }), "blocking");
    expect(blocking.verdict).toBe("warn");
    expect(blocking.data!.chains).toContainEqual({ path: [h, w] });
    expect(blocking.data!.backends.find((b) => b.pid === w)).toMatchObject({ blockedBy: [h], waitEventType: "Lock", user: APP_ROLE });
    expect(blocking.data!.backends.find((b) => b.pid === h)).toMatchObject({ state: "idle in transaction", blockedBy: [] });
    expect(blocking.summary).toMatch(/^1 blocked session behind 1 blocking root/);

    await holder.query("ROLLBACK");
    await waiting;
    expect(itemOf(await databaseHealth(pool, { rules }), "blocking").verdict).toBe("ok");
  });

  it("lists a long query (pg_sleep) with its user, application, wait and text, and judges it", async () => {
    const sleeper = await session(APP_ROLE, "openhands-it-sleeper");
    const pid = await pidOf(sleeper);
    const rules = { listLongQueriesAfterSeconds: 1, longQuerySeconds: { warn: 1, critical: 3_600, worse: "above" as const } };
    const sleeping = sleeper.query("SELECT pg_sleep(30) /* long one */").catch((e: Error) => e);
    await until(pid, (r) => r.state === "active");
    expect(itemOf(await databaseHealth(pool, { rules: { ...rules, listLongQueriesAfterSeconds: 60 } }), "long-queries").data!.page.rows.map((b) => b.pid)).not.toContain(pid);
    await new Promise((res) => setTimeout(res, 1_300));

    const long = itemOf(await databaseHealth(pool, { rules }), "long-queries");
    expect(long.verdict).toBe("warn");
    const row = long.data!.page.rows.find((b) => b.pid === pid);
    expect(row).toMatchObject({ database: DB, user: APP_ROLE, application: "openhands-it-sleeper", state: "active", waitEventType: "Timeout", waitEvent: "PgSleep", query: "SELECT pg_sleep(30) /* long one */" });
    expect(row!.seconds).toBeGreaterThanOrEqual(1);
    expect(row!.backendStart).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await superPool.query("SELECT pg_cancel_backend($1)", [pid]);
    expect(await sleeping).toBeInstanceOf(Error);
  });

  it("counts dead tuples on a table with autovacuum off and judges the ratio and the lag, paginated", async () => {
    const app = await session();
    await app.query("CREATE TABLE churn (id int primary key, pad text) WITH (autovacuum_enabled = false)");
    await app.query("INSERT INTO churn SELECT g, repeat('x', 50) FROM generate_series(1, 20000) g");
    // Flush this backend's counters before ANALYZE sets n_live_tup, so the insert is not counted twice.
    await app.query("SELECT pg_stat_force_next_flush()");
    await app.query("SELECT 1");
    await app.query("ANALYZE churn");
    await app.query("SELECT pg_stat_force_next_flush()");
    const before = itemOf(await databaseHealth(pool), "dead-tuples");
    expect(before.data!.page.rows.find((r) => r.table === "churn")).toMatchObject({ deadTuples: 0, verdict: "ok", autovacuumEnabled: false });

    await app.query("DELETE FROM churn WHERE id > 5000");
    await app.query("SELECT pg_stat_force_next_flush()");
    const after = itemOf(await databaseHealth(pool), "dead-tuples");
    expect(after.verdict).toBe("critical");
    const churn = after.data!.page.rows[0]!;
    expect(churn).toMatchObject({ table: "churn", deadTuples: 15_000, verdict: "critical", autovacuumEnabled: false });
    expect(churn.deadRatio).toBeCloseTo(0.75, 2);
    // Trigger: 50 + 0.2 × 20 000 reltuples = 4 050 → 15 000 dead is 3.7× behind.
    expect(churn.autovacuumLag).toBeCloseTo(15_000 / 4_050, 1);
    expect(after.summary).toContain("most dead tuples in public.churn: 15,000 (75 %)");

    const paged = itemOf(await databaseHealth(pool, { rules: { pageSize: 1 }, page: { deadTuples: 2 } }), "dead-tuples");
    expect(paged.data!.page).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.data!.page.rows).toHaveLength(1);
    expect(paged.data!.page.rows[0]!.table).not.toBe("churn");
    expect(paged.verdict).toBe("critical"); // the verdict covers every table, not just the page
  });

  it("sees connection pressure: more sessions, more use, and the verdict follows the configured thresholds", async () => {
    const base = itemOf(await databaseHealth(pool), "connections").data!;
    const rules = { connectionsUsed: { warn: (base.used + 4) / base.available, critical: (base.used + 7) / base.available, worse: "above" as const } };
    expect(itemOf(await databaseHealth(pool, { rules }), "connections").verdict).toBe("ok");
    await Promise.all(Array.from({ length: 12 }, () => session()));
    const pressed = itemOf(await databaseHealth(pool, { rules }), "connections");
    expect(pressed.data!.used).toBeGreaterThanOrEqual(base.used + 8);
    expect(pressed.verdict).toBe("critical");
    expect(pressed.data!.byState.find((s) => s.state === "idle")?.count).toBeGreaterThanOrEqual(12);
  });

  it("says honestly whether pg_stat_statements can be read on this server, and why not", async () => {
    const facts = (
      await superPool.query<{ available: boolean; preload: string; created: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
                current_setting('shared_preload_libraries') AS preload,
                EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS created`,
      )
    ).rows[0]!;
    const top = itemOf(await databaseHealth(pool), "top-queries");
    expect(top.optional).toBe(true);
    if (!facts.available) expect(top.data).toMatchObject({ available: false, reason: "not_installed" });
    else if (!facts.preload.includes("pg_stat_statements")) {
      expect(top.data).toMatchObject({ available: false, reason: "not_preloaded" });
      expect(top.summary).toMatch(/shared_preload_libraries/);
      if (top.data && !top.data.available) expect(top.data.howToEnable.join(" ")).toMatch(/azure\.extensions/);
    } else if (!facts.created) expect(top.data).toMatchObject({ available: false, reason: "not_created" });
    else expect(top.data).toMatchObject({ available: true });
  });
});

/**
 * Cancel and terminate end to end through `executeAction`: real local Entra tokens, real
 * PostgreSQL (database `dbhealth_it`, which also holds the console store's audit log). The console
 * logs in as a non-superuser member of pg_signal_backend (as the Azure admin login is); the
 * sessions it acts on are an ordinary role's. Operator may cancel, not terminate; Reader neither;
 * a pid reused by another session, the console's own and superuser sessions are refused.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ActionDefinition } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { handleRoute } from "@/lib/auth/route";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { migrate } from "@/lib/store/migrate";
import { backendActions } from "./backend-actions";

const ENTRA_PORT = 48550;
const DB = "dbhealth_it";
const CONSOLE_ROLE = "dbhealth_it_console";
const APP_ROLE = "dbhealth_it_app";
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool; // the console's connection to the environment's database
let store: pg.Pool; // the console store (audit log)
let dataDir: string;
let entra: RunningEntra;
let verify: TokenVerifier;
const actions = backendActions({ database: async (env) => (env === undefined || env === "it" ? { environment: "it", pool } : null) });
const sessions: pg.Client[] = [];

async function session(user = APP_ROLE, application = "openhands-it"): Promise<{ c: pg.Client; pid: number; backendStart: string }> {
  const c = new pg.Client({ host: "127.0.0.1", port: 5432, user, database: DB, application_name: application });
  c.on("error", () => undefined);
  await c.connect();
  sessions.push(c);
  const r = (await c.query<{ pid: number; bs: string }>(`SELECT pid, to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS bs FROM pg_stat_activity WHERE pid = pg_backend_pid()`)).rows[0]!;
  return { c, pid: r.pid, backendStart: r.bs };
}
async function alive(pid: number): Promise<boolean> {
  return (await store.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 1;
}
async function untilActive(pid: number) {
  for (let i = 0; i < 200; i++) {
    if ((await store.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [pid])).rowCount === 1) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`session ${pid} never became active`);
}
async function run<S extends ZodType, T>(def: ActionDefinition<S, T>, user: "admin" | "operator" | "reader", input: unknown) {
  const token = await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
  return executeAction(def, { token, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(store), verify }, input);
}
async function post(def: (typeof actions)["cancel"], user: "operator" | "reader", body: unknown): Promise<{ status: number; code: string | undefined }> {
  const token = await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
  const req = new Request("http://localhost/database/cancel", { method: "POST", headers: { cookie: `ohc_session=${token}`, "content-type": "application/json", origin: "http://localhost" }, body: JSON.stringify(body) });
  const res = await handleRoute({ ...def, inputFrom: "json" }, req, { audit: storeAuditWriter(store), verify, consoleUrl: "http://localhost" });
  return { status: res.status, code: res.ok ? undefined : ((await res.json()) as { error: { code: string } }).error.code };
}
async function lastAudit() {
  return (await store.query<{ action: string; target: string; outcome: string; changes: Record<string, { old?: unknown }> | null; detail: string | null }>(
    "SELECT action, target, outcome, changes, detail FROM audit_events ORDER BY id DESC LIMIT 1",
  )).rows[0];
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "dbhealth-actions-"));
  entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dataDir);
  // The credential seam: here a signed token stands in for the session (the console uses sessionVerifier).
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  for (const role of [CONSOLE_ROLE, APP_ROLE]) {
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`);
  }
  await admin.query(`GRANT pg_monitor, pg_signal_backend TO ${CONSOLE_ROLE}`);
  store = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: DB, max: 2 });
  store.on("error", () => undefined); // an idle connection ended by the server must not fail the run
  await migrate(store);
  pool = new pg.Pool({ host: "127.0.0.1", port: 5432, user: CONSOLE_ROLE, database: DB, max: 2, application_name: "openhands-console" });
  pool.on("error", () => undefined); // an idle connection ended by the server must not fail the run
}, 60_000);

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end().catch(() => undefined)));
  await pool?.end();
  await store?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("cancel a query, terminate a backend", () => {
  it("lets an operator cancel a running query; audits it with the statement's shape, never its literals", async () => {
    const s = await session();
    const running = s.c.query("SELECT pg_sleep(60), 'secret-literal-value' AS x").catch((e: Error) => e);
    await untilActive(s.pid);
    const res = await run(actions.cancel, "operator", { env: "it", pid: s.pid, backendStart: s.backendStart });
    expect(res).toMatchObject({ ok: true, data: { pid: s.pid, signal: "cancel", environment: "it", user: APP_ROLE, application: "openhands-it", state: "active" } });
    expect(String(await running)).toMatch(/canceling statement due to user request/);
    expect(await alive(s.pid)).toBe(true); // cancel ends the query, not the session
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: "database.cancelQuery", target: `database/it/backend/${s.pid}`, outcome: "success" });
    expect(audit?.changes?.query?.old).toBe("SELECT pg_sleep(?), ? AS x");
    expect(audit?.changes?.user?.old).toBe(APP_ROLE);
    expect(audit?.changes?.backendStart?.old).toBe(s.backendStart);
    expect(JSON.stringify(audit)).not.toContain("secret-literal-value");
  });

  it("refuses an operator who tries to terminate (audited as denied), and the session lives on", async () => {
    const s = await session();
    const res = await run(actions.terminate, "operator", { pid: s.pid, backendStart: s.backendStart });
    expect(res).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await lastAudit()).toMatchObject({ action: "database.terminateBackend", outcome: "denied" });
    expect(await alive(s.pid)).toBe(true);
  });

  it("refuses a reader both actions", async () => {
    const s = await session();
    const running = s.c.query("SELECT pg_sleep(3)");
    await untilActive(s.pid);
    for (const def of [actions.cancel, actions.terminate]) {
      expect(await run(def, "reader", { pid: s.pid, backendStart: s.backendStart })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastAudit()).toMatchObject({ action: def.name, outcome: "denied" });
    }
    await running; // not cancelled: it ran to its end
  });

  it("lets an admin terminate a backend left idle in a transaction", async () => {
    const s = await session();
    await s.c.query("BEGIN");
    await s.c.query("SELECT 1");
    const res = await run(actions.terminate, "admin", { env: "it", pid: s.pid, backendStart: s.backendStart });
    expect(res).toMatchObject({ ok: true, data: { signal: "terminate", state: "idle in transaction" } });
    for (let i = 0; i < 100 && (await alive(s.pid)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await alive(s.pid)).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: "database.terminateBackend", target: `database/it/backend/${s.pid}`, outcome: "success" });
  });

  it("refuses a stale backend_start (the pid now belongs to another session) and does nothing", async () => {
    const s = await session();
    const running = s.c.query("SELECT pg_sleep(1)");
    await untilActive(s.pid);
    const earlier = new Date(Date.parse(s.backendStart) - 5_000).toISOString().replace("Z", "123Z");
    const res = await run(actions.cancel, "admin", { pid: s.pid, backendStart: earlier });
    expect(res).toMatchObject({ ok: false, error: { code: "stale_backend" } });
    if (!res.ok) expect(res.error.message).toMatch(/is now a different session/);
    // One microsecond off is another session too.
    const oneUs = s.backendStart.replace(/(\d)Z$/, (_m, d: string) => `${(Number(d) + 1) % 10}Z`);
    expect(await run(actions.cancel, "admin", { pid: s.pid, backendStart: oneUs })).toMatchObject({ ok: false, error: { code: "stale_backend" } });
    expect(await lastAudit()).toMatchObject({ action: "database.cancelQuery", outcome: "failure", detail: expect.stringMatching(/^stale_backend: /) });
    await running; // ran to its end
  });

  it("refuses the console's own connections, superuser sessions, idle sessions for cancel, gone pids and bad input", async () => {
    const replica = await session(CONSOLE_ROLE, "openhands-console");
    expect(await run(actions.terminate, "admin", { pid: replica.pid, backendStart: replica.backendStart })).toMatchObject({ ok: false, error: { code: "console_backend" } });
    const superuser = await session("postgres", "psql");
    const res = await run(actions.terminate, "admin", { pid: superuser.pid, backendStart: superuser.backendStart });
    expect(res).toMatchObject({ ok: false, error: { code: "protected_backend" } });
    if (!res.ok) expect(res.error.message).toMatch(/superuser postgres/);
    const idle = await session();
    expect(await run(actions.cancel, "operator", { pid: idle.pid, backendStart: idle.backendStart })).toMatchObject({ ok: false, error: { code: "not_running" } });
    expect(await run(actions.cancel, "operator", { pid: 2 ** 31 - 2, backendStart: idle.backendStart })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await run(actions.cancel, "operator", { env: "nope", pid: idle.pid, backendStart: idle.backendStart })).toMatchObject({ ok: false, error: { code: "not_found" } });
    const bad = await run(actions.cancel, "operator", { pid: "abc", backendStart: "yesterday" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    if (!bad.ok) expect(Object.keys(bad.error.fieldErrors ?? {}).sort()).toEqual(["backendStart", "pid"]);
    for (const s of [replica, superuser, idle]) expect(await alive(s.pid)).toBe(true);
  });

  it("answers scripts through the route handlers with the same checks: 403 for a reader, 422 for a stale backend, 200 for an operator", async () => {
    const s = await session();
    const running = s.c.query("SELECT pg_sleep(60)").catch((e: Error) => e);
    await untilActive(s.pid);
    expect(await post(actions.cancel, "reader", { pid: s.pid, backendStart: s.backendStart })).toEqual({ status: 403, code: "forbidden" });
    expect(await post(actions.terminate, "operator", { pid: s.pid, backendStart: s.backendStart })).toEqual({ status: 403, code: "forbidden" });
    expect(await post(actions.cancel, "operator", { pid: s.pid, backendStart: "2020-01-01T00:00:00.000001Z" })).toEqual({ status: 422, code: "stale_backend" });
    expect(await post(actions.cancel, "operator", { pid: "x" })).toEqual({ status: 400, code: "invalid_input" });
    expect(await post(actions.cancel, "operator", { pid: s.pid, backendStart: s.backendStart })).toEqual({ status: 200, code: undefined });
    expect(String(await running)).toMatch(/canceling statement due to user request/);
  });
});

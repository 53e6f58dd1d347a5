/**
 * The session cookie routes (POST/DELETE /api/session), route handlers built with the action
 * pipeline, and the configured default verifier (`config()` → discovery → JWKS), against the
 * real local Entra and a real PostgreSQL store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closePool, createPool } from "@/lib/store/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "@/emulator/stack-identity";
import { migrate } from "@/lib/store/migrate";
import { storeAuditWriter } from "./audit";
import { handleRoute, type RouteDefinition } from "./route";
import { sessionFromToken } from "./session";
import { endSession, startSession } from "./session-route";

const PORT = 39445;
const DB = `auth_session_${process.pid}_${Date.now()}`;
const CONSOLE = "http://localhost:3000";
const adminClient = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let identity: StackIdentity;

const token = (user: "admin" | "operator" | "reader" | "norole", extra: Record<string, unknown> = {}, opts = {}) =>
  signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, user), ...extra }, opts);

async function auditSince(id: string) {
  const res = await pool.query<{ id: string; actor_id: string; action: string; outcome: string }>(
    "SELECT id::text, actor_id, action, outcome FROM audit_events WHERE id > $1 ORDER BY id",
    [id],
  );
  return res.rows.map(({ actor_id, action, outcome }) => ({ actor_id, action, outcome }));
}
const lastAuditId = async () => (await pool.query<{ max: string }>("SELECT coalesce(max(id),0)::text AS max FROM audit_events")).rows[0]?.max ?? "0";

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "auth-session-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: CONSOLE });
  identity = loadOrCreateStackIdentity(dataDir);
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
  // The default verifier reads config() on first use: give it this stack's settings.
  Object.assign(process.env, {
    CONSOLE_URL: CONSOLE,
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${DB}`,
    AUTH_TENANT_ID: identity.tenantId,
    AUTH_AUTHORITY: entra.authority,
    AUTH_SPA_CLIENT_ID: identity.spaClientId,
    AUTH_API_AUDIENCE: identity.apiAudience,
    AUTH_API_SCOPE: `${identity.apiAudience}/Console.Access`,
    SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
  });
});

afterAll(async () => {
  await pool?.end();
  await closePool(); // the route code's own pool (getPool) must not hold connections into the dropped database
  await adminClient.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await adminClient.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ctx = () => ({ audit: storeAuditWriter(pool), consoleUrl: CONSOLE });

describe("POST/DELETE /api/session", () => {
  it("turns a valid bearer token into an httpOnly SameSite=Strict cookie and audits the sign-in once", async () => {
    const before = await lastAuditId();
    const t = await token("admin");
    const res = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${t}` } }), ctx());
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^ohc_session=${t.replace(/[.]/g, "\\.")}; Path=/; Max-Age=(35\\d\\d|3600); HttpOnly; SameSite=Strict$`));
    const body = await res.text();
    expect(body).not.toContain(t); // the token never comes back to the page
    expect(JSON.parse(body)).toMatchObject({ name: "Ada Admin", roles: ["Console.Admin"] });

    // The hourly renewal re-posts with the cookie of the same user: no second sign-in row.
    const renewed = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${await token("admin")}`, cookie: `ohc_session=${t}` } }), ctx());
    expect(renewed.status).toBe(200);
    expect(await auditSince(before)).toEqual([{ actor_id: identity.users.admin, action: "auth.signIn", outcome: "success" }]);
  });

  it("marks the cookie Secure when the console is served over https", async () => {
    const res = await startSession(new Request("https://console.example/api/session", { method: "POST", headers: { authorization: `Bearer ${await token("reader")}` } }), { ...ctx(), consoleUrl: "https://console.example" });
    expect(res.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("refuses a missing, forged or wrong-tenant token without setting a cookie", async () => {
    const before = await lastAuditId();
    const none = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST" }), ctx());
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: "no_session", message: expect.stringMatching(/Authorization: Bearer/) } });
    const forged = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${await token("admin", {}, { foreignKey: true })}` } }), ctx());
    expect(forged.status).toBe(401);
    const foreign = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${await token("admin", { tid: "99999999-8888-7777-6666-555555555555" })}` } }), ctx());
    expect(foreign.status).toBe(401);
    expect((await foreign.json()) as unknown).toMatchObject({ error: { code: "wrong_tenant" } });
    for (const res of [none, forged, foreign]) expect(res.headers.get("set-cookie")).toBeNull();
    expect(await auditSince(before)).toEqual([{ actor_id: identity.users.admin, action: "auth.signIn", outcome: "denied" }]);
  });

  it("sign-out clears the cookie and is audited", async () => {
    const before = await lastAuditId();
    const res = await endSession(new Request(`${CONSOLE}/api/session`, { method: "DELETE", headers: { cookie: `other=1; ohc_session=${await token("operator")}` } }), ctx());
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBe("ohc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    expect(await auditSince(before)).toEqual([{ actor_id: identity.users.operator, action: "auth.signOut", outcome: "success" }]);
  });
});

describe("sessionFromToken with the configured verifier", () => {
  it("tells signed-in, signed-out, expired and invalid apart", async () => {
    expect(await sessionFromToken(undefined)).toEqual({ status: "signed-out" });
    expect(await sessionFromToken(await token("reader"))).toMatchObject({ status: "signed-in", principal: { username: "reader@contoso.test", roles: ["Console.Reader"] } });
    expect(await sessionFromToken(await token("reader", {}, { expiresInSeconds: -300 }))).toEqual({ status: "expired" });
    expect(await sessionFromToken(await token("reader", {}, { foreignKey: true }))).toEqual({ status: "invalid", reason: expect.stringMatching(/signature/) });
  });
});

describe("route handlers share the action pipeline", () => {
  const readSomething: RouteDefinition<z.ZodType<{ q: string }>, { echo: string }> = {
    name: "something.read",
    permission: "audit.read",
    input: z.object({ q: z.string().min(1) }),
    run: async (_ctx, input) => ({ echo: input.q }),
  };
  const writeSettings: RouteDefinition<z.ZodType<{ value: number }>, { saved: boolean }> = {
    name: "settings.update",
    permission: "settings.write",
    input: z.object({ value: z.number().int() }),
    audit: { action: "settings.update", target: () => "settings" },
    run: async () => ({ saved: true }),
  };
  const get = (cookie?: string, q = "x") => new Request(`${CONSOLE}/api/something?q=${q}`, { headers: cookie ? { cookie } : {} });
  const post = (body: string, cookie: string) => new Request(`${CONSOLE}/api/settings`, { method: "POST", body, headers: { cookie, "content-type": "application/json" } });

  it("answers 200/401/400 for reads by session state and input", async () => {
    const reader = `ohc_session=${await token("reader")}`;
    const ok = await handleRoute(readSomething, get(reader), ctx());
    expect([ok.status, await ok.json()]).toEqual([200, { echo: "x" }]);
    expect(ok.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await handleRoute(readSomething, get(), ctx())).status).toBe(401);
    const bad = await handleRoute(readSomething, get(reader, ""), ctx());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_input", fieldErrors: { q: [expect.any(String)] } } });
  });

  it("answers 403 to an operator writing settings, 400 to bad JSON, 200 to an admin", async () => {
    const before = await lastAuditId();
    expect((await handleRoute(writeSettings, post('{"value":1}', `ohc_session=${await token("operator")}`), ctx())).status).toBe(403);
    const admin = `ohc_session=${await token("admin")}`;
    const badJson = await handleRoute(writeSettings, post("{value:", admin), ctx());
    expect([badJson.status, await badJson.json()]).toEqual([400, { error: { code: "invalid_input", message: "The request body is not valid JSON." } }]);
    const ok = await handleRoute(writeSettings, post('{"value":2}', admin), ctx());
    expect([ok.status, await ok.json()]).toEqual([200, { saved: true }]);
    expect(await auditSince(before)).toEqual([
      { actor_id: identity.users.operator, action: "settings.update", outcome: "denied" },
      { actor_id: identity.users.admin, action: "settings.update", outcome: "success" },
    ]);
  });
});

/**
 * Server-side console sessions end to end: the cookie routes (POST/DELETE /api/session) with
 * real local Entra tokens, sessions in a real store (PostgreSQL and PGlite), two pools on one
 * store as two console replicas, route handlers and the admin's session actions through the
 * action pipeline. Time is the test's clock (`now`), so idle and absolute expiry are exact.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "@/emulator/stack-identity";
import { sessionAdminActions } from "@/app/(console)/settings/session-actions";
import { BACKENDS, startTestStore, type TestStore } from "@/lib/store/test-backends";
import { executeAction } from "./action";
import { storeAuditWriter } from "./audit";
import { handleRoute, type RouteDefinition } from "./route";
import { sessionFromCookie, sessionVerifier } from "./session";
import { endSession, startSession, type SessionRouteContext } from "./session-route";
import { createTokenVerifier, type TokenVerifier } from "./token";

const PORT = 39445;
const CONSOLE = "http://localhost:3000";
const lifetimes = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
const minutes = (n: number) => n * 60_000;
let dataDir: string;
let entra: RunningEntra;
let identity: StackIdentity;
let verifyToken: TokenVerifier;

const token = (user: "admin" | "operator" | "reader" | "norole", extra: Record<string, unknown> = {}, opts = {}) =>
  signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, user), ...extra }, opts);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "auth-session-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: CONSOLE });
  identity = loadOrCreateStackIdentity(dataDir);
  verifyToken = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
});

afterAll(async () => {
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(BACKENDS)("server-side sessions on %s", (kind) => {
  let store: TestStore;
  let replicaB: pg.Pool;
  let clock: Date;
  let baseline = "0";

  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15446 });
    replicaB = store.newPool();
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    clock = new Date();
    baseline = (await store.pool.query<{ max: string }>("SELECT coalesce(max(id), 0)::text AS max FROM audit_events")).rows[0]?.max ?? "0";
  });

  /** Replica A's session routes (the store's first pool); replica B is a second pool on the same store. */
  const routes = (overrides: Partial<SessionRouteContext> = {}): SessionRouteContext => ({
    audit: storeAuditWriter(store.pool),
    consoleUrl: CONSOLE,
    verify: verifyToken,
    pool: store.pool,
    lifetimes,
    now: () => clock,
    ...overrides,
  });
  const on = (pool: pg.Pool) => ({ pool, lifetimes, now: () => clock });
  const auditRows = async () =>
    (await store.pool.query<{ actor_id: string; action: string; outcome: string; target: string; changes: unknown; detail: string | null }>(
      "SELECT actor_id, action, outcome, target, changes, detail FROM audit_events WHERE id > $1 ORDER BY id",
      [baseline],
    )).rows;

  async function signIn(user: "admin" | "operator" | "reader" | "norole", cookie?: string, extra: Record<string, unknown> = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${await token(user, extra)}`, "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" };
    if (cookie) headers.cookie = `ohc_session=${cookie}`;
    const res = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers }), routes());
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    return { res, setCookie, secret: /^ohc_session=([^;]*)/.exec(setCookie)?.[1] ?? "" };
  }

  const readSomething: RouteDefinition<z.ZodType<{ q: string }>, { echo: string }> = {
    name: "something.read",
    permission: "audit.read",
    input: z.object({ q: z.string().min(1) }),
    run: async (_ctx, input) => ({ echo: input.q }),
  };
  const get = (headers: Record<string, string>, q = "x") => new Request(`${CONSOLE}/api/something?q=${q}`, { headers });
  const routeOn = (pool: pg.Pool, req: Request) => handleRoute(readSomething, req, { audit: storeAuditWriter(store.pool), verify: sessionVerifier(on(pool)) });

  it("turns a verified token into an opaque 256-bit cookie whose row holds only a hash", async () => {
    const bearer = await token("admin");
    const res = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${bearer}` } }), routes());
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^ohc_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const secret = /^ohc_session=([^;]*)/.exec(setCookie)?.[1] ?? "";
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    const body = await res.text();
    expect(body).not.toContain(bearer);
    expect(body).not.toContain(secret);
    expect(JSON.parse(body)).toMatchObject({ name: "Ada Admin", roles: ["Console.Admin"], sessionEndsAt: new Date(clock.getTime() + lifetimes.absoluteMs).toISOString() });

    // A database read yields no usable cookie: neither the secret nor the token is stored.
    const rows = (await store.pool.query<{ row: string; token_hash: string }>("SELECT row_to_json(s)::text AS row, token_hash FROM console_sessions s WHERE user_oid = $1", [identity.users.admin])).rows;
    expect(rows.map((r) => r.token_hash)).toContain(createHash("sha256").update(secret).digest("hex"));
    for (const r of rows) {
      expect(r.row).not.toContain(secret);
      expect(r.row).not.toContain(bearer.split(".")[2]);
    }
    // The cookie is the credential now, and the session knows the principal.
    expect(await sessionFromCookie(secret, on(store.pool))).toMatchObject({ status: "signed-in", principal: { oid: identity.users.admin, roles: ["Console.Admin"] } });
    expect(await auditRows()).toMatchObject([{ actor_id: identity.users.admin, action: "auth.signIn", outcome: "success" }]);
  });

  it("renewal refreshes the principal's roles, keeps the secret and never extends the absolute lifetime", async () => {
    const first = await signIn("operator");
    const start = clock.getTime();
    clock = new Date(start + minutes(28));
    expect((await sessionFromCookie(first.secret, on(replicaB))).status).toBe("signed-in"); // the user is active
    clock = new Date(start + minutes(55));
    const renewed = await signIn("operator", first.secret, { roles: ["Console.Reader"] });
    expect(renewed.secret).toBe(first.secret);
    expect(renewed.setCookie).toContain(`Max-Age=${(lifetimes.absoluteMs - minutes(55)) / 1000};`);
    expect(await sessionFromCookie(first.secret, on(replicaB))).toMatchObject({ status: "signed-in", principal: { roles: ["Console.Reader"] } });
    expect((await auditRows()).filter((r) => r.action === "auth.signIn")).toHaveLength(1); // a renewal is no new sign-in

    // Past the absolute end the old secret stays refused; a token exchange then is a new, audited sign-in.
    clock = new Date(clock.getTime() + lifetimes.absoluteMs);
    expect(await sessionFromCookie(first.secret, on(store.pool))).toEqual({ status: "expired", reason: expect.stringMatching(/at most 12 hours/) });
    const again = await signIn("operator", first.secret);
    expect(again.secret).not.toBe(first.secret);
    expect(await sessionFromCookie(first.secret, on(store.pool))).toMatchObject({ status: "expired" });
    expect((await auditRows()).filter((r) => r.action === "auth.signIn")).toHaveLength(2);
  });

  it("sign-out on one replica ends the session at once on the other, audited", async () => {
    const { secret } = await signIn("reader");
    const cookie = { cookie: `ohc_session=${secret}` };
    expect((await routeOn(replicaB, get(cookie))).status).toBe(200);

    // A same-site page on another port carries the cookie too: its DELETE is refused, the session stays.
    const forged = await endSession(new Request(`${CONSOLE}/api/session`, { method: "DELETE", headers: { ...cookie, origin: "http://localhost:3199" } }), routes());
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie")).toBeNull();
    expect(await forged.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringMatching(/another origin \(http:\/\/localhost:3199\)/) } });
    const noOrigin = await endSession(new Request(`${CONSOLE}/api/session`, { method: "DELETE", headers: cookie }), routes());
    expect(noOrigin.status).toBe(403);
    expect((await routeOn(replicaB, get(cookie))).status).toBe(200);

    const out = await endSession(new Request(`${CONSOLE}/api/session`, { method: "DELETE", headers: { ...cookie, origin: new URL(CONSOLE).origin } }), routes());
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toBe("ohc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");

    // The browser could keep the old cookie: replica B refuses it on the very next request.
    const after = await routeOn(replicaB, get(cookie));
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "session_expired", message: expect.stringMatching(/signed out/) } });
    expect(await sessionFromCookie(secret, on(replicaB))).toEqual({ status: "expired", reason: "You signed out of this session." });
    expect((await auditRows()).map((r) => [r.actor_id, r.action])).toEqual([
      [identity.users.reader, "auth.signIn"],
      [identity.users.reader, "auth.signOut"],
    ]);
    // Signing out twice changes nothing more.
    await endSession(new Request(`${CONSOLE}/api/session`, { method: "DELETE", headers: { ...cookie, origin: new URL(CONSOLE).origin } }), routes());
    expect(await auditRows()).toHaveLength(2);
  });

  it("ends a session after the idle timeout, counting requests on any replica, last-seen written at most once a minute", async () => {
    const { secret } = await signIn("norole");
    const start = clock.getTime();
    const lastSeen = async () => (await store.pool.query<{ t: Date }>("SELECT last_seen_at AS t FROM console_sessions WHERE token_hash = $1", [createHash("sha256").update(secret).digest("hex")])).rows[0]?.t.getTime();

    clock = new Date(start + 30_000);
    expect(await sessionFromCookie(secret, on(replicaB))).toMatchObject({ status: "signed-in" });
    expect(await lastSeen()).toBe(start); // throttled: no write within the first minute

    clock = new Date(start + minutes(29));
    expect(await sessionFromCookie(secret, on(replicaB))).toMatchObject({ status: "signed-in", session: { idleExpiresAt: new Date(start + minutes(59)) } });
    expect(await lastSeen()).toBe(start + minutes(29));

    clock = new Date(start + minutes(58));
    expect(await sessionFromCookie(secret, on(store.pool))).toMatchObject({ status: "signed-in" }); // activity at 29 min kept it alive
    clock = new Date(start + minutes(58) + minutes(30));
    expect(await sessionFromCookie(secret, on(store.pool))).toEqual({ status: "expired", reason: "The session ended after 30 minutes without activity." });
    // An open tab's keeper renewing the token cannot revive it (nor start a new session).
    const rows = async () => (await store.pool.query("SELECT 1 FROM console_sessions WHERE user_oid = $1", [identity.users.norole])).rowCount;
    const before = await rows();
    const renewal = await startSession(
      new Request(`${CONSOLE}/api/session?renew=1`, { method: "POST", headers: { authorization: `Bearer ${await token("norole")}`, cookie: `ohc_session=${secret}` } }),
      routes(),
    );
    expect([renewal.status, renewal.headers.get("set-cookie"), ((await renewal.json()) as { error: { code: string } }).error.code]).toEqual([401, null, "session_expired"]);
    expect(await rows()).toBe(before);
    const refused = await routeOn(replicaB, get({ cookie: `ohc_session=${secret}` }));
    expect([refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([401, "session_expired"]);
  });

  it("ends a session at its absolute lifetime however active it is", async () => {
    const { secret } = await signIn("admin");
    const start = clock.getTime();
    for (let m = 25; m < 12 * 60; m += 25) {
      clock = new Date(start + minutes(m));
      expect((await sessionFromCookie(secret, on(m % 2 ? store.pool : replicaB))).status).toBe("signed-in");
    }
    clock = new Date(start + lifetimes.absoluteMs);
    expect(await sessionFromCookie(secret, on(replicaB))).toMatchObject({ status: "expired" });
  });

  it("refuses malformed and unknown cookies, and refuses bearer tokens on routes even when valid", async () => {
    expect(await sessionFromCookie(undefined, on(store.pool))).toEqual({ status: "signed-out" });
    expect(await sessionFromCookie(await token("admin"), on(store.pool))).toEqual({ status: "invalid", reason: expect.stringMatching(/not one this console issued/) });
    expect(await sessionFromCookie("A".repeat(43), on(store.pool))).toEqual({ status: "invalid", reason: expect.stringMatching(/does not know this session/) });

    // An access token the SPA holds (readable by script in the browser) is no route credential…
    const bearer = await token("admin");
    for (const verify of [sessionVerifier(on(store.pool)), verifyToken]) {
      const res = await handleRoute(readSomething, get({ authorization: `Bearer ${bearer}` }), { audit: storeAuditWriter(store.pool), verify });
      expect([res.status, await res.json()]).toEqual([401, { error: { code: "no_session", message: expect.stringMatching(/not signed in/) } }]);
    }
    // …nor is it when sent as if it were the session cookie.
    const asCookie = await routeOn(store.pool, get({ cookie: `ohc_session=${bearer}` }));
    expect(asCookie.status).toBe(401);
  });

  it("lets an admin end one session or all of a user's, audited with the user and no session id; others are refused", async () => {
    // The change and its audit row share one store transaction, as in the console (one pool per
    // process); replica B then reads the result. (On PGlite, a change through another pool while
    // the audit pool holds the single backend in BEGIN would wait for ever.)
    const sessions = sessionAdminActions(() => store.pool);
    const admin = await signIn("admin");
    const operator = await signIn("operator");
    const reader1 = await signIn("reader");
    const reader2 = await signIn("reader");
    const ctx = (secret: string) => ({ token: secret, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(store.pool), verify: sessionVerifier(on(store.pool)) });
    const idOf = async (secret: string) => {
      const s = await sessionFromCookie(secret, on(store.pool));
      if (s.status !== "signed-in") throw new Error("expected a live session");
      return s.session.id;
    };
    const operatorSessionId = await idOf(operator.secret);
    baseline = (await store.pool.query<{ max: string }>("SELECT max(id)::text AS max FROM audit_events")).rows[0]?.max ?? "0";

    // Operators and readers may not, and nothing changes.
    for (const who of [operator.secret, reader1.secret]) {
      expect(await executeAction(sessions.endOne, ctx(who), { sessionId: operatorSessionId, user: identity.users.operator })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await executeAction(sessions.endAll, ctx(who), { user: identity.users.reader })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect((await sessionFromCookie(operator.secret, on(store.pool))).status).toBe("signed-in");
    // A stale list naming the wrong user ends nothing.
    expect(await executeAction(sessions.endOne, ctx(admin.secret), { sessionId: operatorSessionId, user: identity.users.reader })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await executeAction(sessions.endOne, ctx(admin.secret), { sessionId: "not-a-uuid", user: identity.users.reader })).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    const one = await executeAction(sessions.endOne, ctx(admin.secret), { sessionId: operatorSessionId, user: identity.users.operator });
    expect(one).toMatchObject({ ok: true, data: { user: "operator@contoso.test", ended: 1 } });
    expect(await sessionFromCookie(operator.secret, on(store.pool))).toEqual({ status: "expired", reason: "An administrator ended your session." });
    const all = await executeAction(sessions.endAll, ctx(admin.secret), { user: identity.users.reader });
    expect(all).toMatchObject({ ok: true, data: { user: "reader@contoso.test", ended: 2 } });
    for (const s of [reader1, reader2]) expect((await sessionFromCookie(s.secret, on(replicaB))).status).toBe("expired");
    expect((await sessionFromCookie(admin.secret, on(replicaB))).status).toBe("signed-in");

    const rows = await auditRows();
    expect(rows.filter((r) => r.outcome !== "denied").map((r) => [r.actor_id, r.action, r.outcome, r.target])).toEqual([
      [identity.users.admin, "session.end", "failure", `user/${identity.users.reader}`],
      [identity.users.admin, "session.end", "success", "user/operator@contoso.test"],
      [identity.users.admin, "session.endAllForUser", "success", "user/reader@contoso.test"],
    ]);
    expect(rows.filter((r) => r.outcome === "denied")).toHaveLength(4);
    const written = JSON.stringify(rows);
    for (const secret of [admin.secret, operator.secret, reader1.secret, reader2.secret]) {
      expect(written).not.toContain(secret);
      expect(written).not.toContain(createHash("sha256").update(secret).digest("hex"));
    }
    expect(written).not.toContain(operatorSessionId);
  });
});

describe("POST /api/session refusals", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await startTestStore("postgres", { pglitePort: 0 });
  });
  afterAll(async () => store?.close());

  it("refuses a missing, forged or wrong-tenant token without a cookie or a session row; Secure over https", async () => {
    const ctx = { audit: storeAuditWriter(store.pool), consoleUrl: CONSOLE, verify: verifyToken, pool: store.pool, lifetimes };
    const none = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST" }), ctx);
    expect([none.status, await none.json()]).toEqual([401, { error: { code: "no_session", message: expect.stringMatching(/Authorization: Bearer/) } }]);
    const forged = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${await token("admin", {}, { foreignKey: true })}` } }), ctx);
    expect(forged.status).toBe(401);
    const foreign = await startSession(new Request(`${CONSOLE}/api/session`, { method: "POST", headers: { authorization: `Bearer ${await token("admin", { tid: "99999999-8888-7777-6666-555555555555" })}` } }), ctx);
    expect([foreign.status, ((await foreign.json()) as { error: { code: string } }).error.code]).toEqual([401, "wrong_tenant"]);
    for (const res of [none, forged, foreign]) expect(res.headers.get("set-cookie")).toBeNull();
    expect((await store.pool.query("SELECT 1 FROM console_sessions")).rowCount).toBe(0);
    expect((await store.pool.query<{ action: string; outcome: string }>("SELECT action, outcome FROM audit_events")).rows).toEqual([{ action: "auth.signIn", outcome: "denied" }]);

    const secure = await startSession(new Request("https://console.example/api/session", { method: "POST", headers: { authorization: `Bearer ${await token("reader")}` } }), { ...ctx, consoleUrl: "https://console.example" });
    expect(secure.headers.get("set-cookie")).toMatch(/; Secure$/);
  });
});

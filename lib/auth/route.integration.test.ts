/**
 * `handleRoute` with real Requests, real local Entra tokens and the real store's audit log:
 * the caller is authenticated, permitted and (for cookie sessions) origin-checked before a byte of
 * the body is read; bodies are bounded and must be JSON. Bytes read are counted at the body
 * stream's source, so "not read" is measured, not assumed. Every refusal changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "@/emulator/stack-identity";
import { closePool, createPool } from "@/lib/store/db";
import { migrate } from "@/lib/store/migrate";
import { environmentBackendActions } from "@/app/(console)/database/environment-actions";
import { storeAuditWriter } from "./audit";
import { MAX_JSON_BODY_BYTES } from "./request-body";
import { handleRoute, type RouteDefinition } from "./route";
import { SESSION_COOKIE } from "./session";
import { createTokenVerifier, type TokenVerifier } from "./token";

const PORT = 39447;
const CONSOLE_URL = "http://localhost:3000";
const DB = `auth_route_${process.pid}_${Date.now()}`;
const MB = 1024 * 1024;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let identity: StackIdentity;
let verify: TokenVerifier;
let baseline = "0";

/** A real mutating route: inserts a row; Admin only (environment.create). */
const thingInput = z.object({ name: z.string().min(1) });
const createThing: RouteDefinition<typeof thingInput, { id: number }> = {
  name: "thing.create",
  permission: "environment.create",
  input: thingInput,
  inputFrom: "json",
  audit: { action: "thing.create", target: (i) => `thing/${i.name}` },
  run: async (_ctx, input) => {
    const res = await pool.query<{ id: number }>("INSERT INTO things (name) VALUES ($1) RETURNING id", [input.name]);
    return { id: res.rows[0]!.id };
  },
};

/** A body of `total` bytes that counts what the server side pulls from it. */
function countingBody(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const bytes = new Uint8Array(chunk).fill(0x7b); // "{{{{…": not JSON either
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(bytes.subarray(0, n));
    },
  });
  return { stream, pulled: () => sent };
}

// `admin` (and the like): the caller's session cookie sent the way the console's own page sends it
// (Origin = the console). `cookie`: the cookie alone, so a test sets Origin itself.
type Auth = { admin?: string; cookie?: string };
function request(body: BodyInit | ReadableStream<Uint8Array> | null, headers: Record<string, string>, auth: Auth = {}, url = `${CONSOLE_URL}/things`): Request {
  const h: Record<string, string> = { ...headers };
  if (auth.admin) {
    h.cookie = `${SESSION_COOKIE}=${auth.admin}`;
    h.origin ??= new URL(CONSOLE_URL).origin;
  }
  if (auth.cookie) h.cookie = `${SESSION_COOKIE}=${auth.cookie}`;
  return new Request(url, { method: "POST", headers: h, body, duplex: "half" } as RequestInit);
}

async function call<S extends z.ZodType, T>(def: RouteDefinition<S, T>, req: Request): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await handleRoute(def, req, { audit: storeAuditWriter(pool), verify, consoleUrl: CONSOLE_URL });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

async function token(user: "admin" | "reader") {
  return signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, user));
}

async function changes() {
  const things = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM things")).rows[0]!.n;
  const audit = (await pool.query<{ actor_id: string; action: string; outcome: string; detail: string | null }>("SELECT actor_id, action, outcome, detail FROM audit_events WHERE id > $1 ORDER BY id", [baseline])).rows;
  return { things, audit };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "auth-route-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: CONSOLE_URL });
  identity = loadOrCreateStackIdentity(dataDir);
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await closePool();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await pool.query("DROP TABLE IF EXISTS things; CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL)");
  baseline = (await pool.query<{ max: string }>("SELECT coalesce(max(id), 0)::text AS max FROM audit_events")).rows[0]!.max;
});

describe("authentication comes before the body", () => {
  it("answers a 60 MB POST without a session 401 after reading at most one chunk of it", async () => {
    const rssBefore = process.memoryUsage().rss;
    const body = countingBody(60 * MB);
    const res = await call(createThing, request(body.stream, { "content-type": "application/json" }));
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    console.log(`60 MB unauthenticated POST: status ${res.status}, body bytes pulled ${body.pulled()}, RSS growth ${(rssGrowth / MB).toFixed(1)} MB`);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("no_session");
    expect(body.pulled()).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES);
    expect(await changes()).toEqual({ things: 0, audit: [] });
  });

  it("answers invalid JSON without a session 401 (not 'not valid JSON')", async () => {
    const res = await call(createThing, request("{not json", { "content-type": "application/json" }));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe("no_session");
  });

  it("refuses a Reader 403 before reading the body (invalid JSON is not even looked at)", async () => {
    const body = countingBody(10 * MB);
    const res = await call(createThing, request(body.stream, { "content-type": "application/json" }, { admin: await token("reader") }));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("forbidden");
    expect(body.pulled()).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES);
    const after = await changes();
    expect(after.things).toBe(0);
    expect(after.audit).toEqual([expect.objectContaining({ actor_id: identity.users.reader, outcome: "denied" })]);
  });
});

describe("bounded JSON bodies for permitted callers", () => {
  it("refuses a declared Content-Length over 64 KiB with 413 before reading a byte", async () => {
    const body = countingBody(60 * MB);
    const res = await call(createThing, request(body.stream, { "content-type": "application/json", "content-length": String(60 * MB) }, { admin: await token("admin") }));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: "payload_too_large", message: expect.stringContaining("64 KiB") });
    expect(body.pulled()).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES);
    expect((await changes()).things).toBe(0);
  });

  it("cuts a streamed body without a length off at 64 KiB with 413", async () => {
    const body = countingBody(60 * MB, 16 * 1024);
    const res = await call(createThing, request(body.stream, { "content-type": "application/json" }, { admin: await token("admin") }));
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe("payload_too_large");
    expect(body.pulled()).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES + 2 * 16 * 1024);
    expect((await changes()).things).toBe(0);
  });

  it("requires Content-Type: application/json (415 for text/plain, nothing changed)", async () => {
    const res = await call(createThing, request(JSON.stringify({ name: "x" }), { "content-type": "text/plain;charset=UTF-8" }, { admin: await token("admin") }));
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({ code: "unsupported_media_type", message: expect.stringContaining("application/json") });
    expect((await changes()).things).toBe(0);
  });

  it("still parses JSON and says so when it is not valid, once the caller is permitted", async () => {
    const bad = await call(createThing, request("{not json", { "content-type": "application/json" }, { admin: await token("admin") }));
    expect(bad).toEqual({ status: 400, body: { error: { code: "invalid_input", message: "The request body is not valid JSON." } } });
    const ok = await call(createThing, request(JSON.stringify({ name: "x" }), { "content-type": "application/json; charset=utf-8" }, { admin: await token("admin") }));
    expect(ok).toEqual({ status: 200, body: { id: expect.any(Number) } });
    expect((await changes()).things).toBe(1);
  });
});

describe("cross-origin writes with the session cookie", () => {
  const cancel = { ...environmentBackendActions.cancel, inputFrom: "json" as const };
  const terminate = { ...environmentBackendActions.terminate, inputFrom: "json" as const };
  const input = JSON.stringify({ pid: 4242, backendStart: "2026-01-01T00:00:00.000000Z" });

  for (const [name, def] of [["database.cancel", cancel], ["database.terminate", terminate]] as const) {
    it(`refuses a text/plain no-cors POST to ${name} from another origin of the same site: 403, audited as denied, not run`, async () => {
      const req = request(input, { "content-type": "text/plain;charset=UTF-8", origin: "http://localhost:3001", "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors" }, { cookie: await token("admin") }, `${CONSOLE_URL}/database/${name.split(".")[1]}`);
      const res = await call(def, req);
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: "cross_origin", message: expect.stringContaining("http://localhost:3001") });
      const { audit } = await changes();
      expect(audit).toEqual([{ actor_id: identity.users.admin, action: def.audit?.action ?? def.name, outcome: "denied", detail: expect.stringMatching(/^cross_origin: /) }]);
    });
  }

  it("refuses a cookie POST with JSON from another origin, and one with neither Origin nor Sec-Fetch-Site", async () => {
    const cookie = await token("admin");
    const foreign = await call(createThing, request(JSON.stringify({ name: "x" }), { "content-type": "application/json", origin: "http://evil.localhost:3000" }, { cookie }));
    const unmarked = await call(createThing, request(JSON.stringify({ name: "y" }), { "content-type": "application/json" }, { cookie }));
    expect([foreign.status, unmarked.status]).toEqual([403, 403]);
    const after = await changes();
    expect(after.things).toBe(0);
    expect(after.audit.map((a) => a.outcome)).toEqual(["denied", "denied"]);
  });

  it("accepts the console's own origin (Origin, or Sec-Fetch-Site: same-origin), and no Bearer token from anywhere", async () => {
    const cookie = await token("admin");
    const own = await call(createThing, request(JSON.stringify({ name: "a" }), { "content-type": "application/json", origin: CONSOLE_URL }, { cookie }));
    const fetchMeta = await call(createThing, request(JSON.stringify({ name: "b" }), { "content-type": "application/json", "sec-fetch-site": "same-origin" }, { cookie }));
    // A Bearer token is no credential on routes (lib/auth/route.ts): only the session cookie is.
    const script = await call(createThing, new Request(`${CONSOLE_URL}/things`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${cookie}` }, body: JSON.stringify({ name: "c" }) }));
    expect([own.status, fetchMeta.status, script.status]).toEqual([200, 200, 401]);
    expect((await changes()).things).toBe(2);
  });
});

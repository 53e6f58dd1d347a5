/**
 * The action wrapper end to end: real local Entra (tokens verified over HTTPS against its JWKS),
 * real PostgreSQL with the store's migrations and audit log. Every refusal must change nothing
 * and leave at most one `denied` audit row, only when the actor is known.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closePool, createPool } from "@/lib/store/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "@/emulator/stack-identity";
import { migrate } from "@/lib/store/migrate";
import { ActionError, executeAction, type ActionDefinition, type ExecutionContext } from "./action";
import { storeAuditWriter } from "./audit";
import { createTokenVerifier, type TokenVerifier } from "./token";

const PORT = 39444;
const DB = `auth_action_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;
let dataDir: string;
let entra: RunningEntra;
let identity: StackIdentity;
let verify: TokenVerifier;
let baseline = "0";

/** A real mutating action: inserts an environment-like row in a table of its own. */
const createThing = {
  name: "thing.create",
  permission: "environment.create",
  input: z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "lower-case letters, digits and dashes, 2–20 long"), adminPassword: z.string().min(8) }),
  audit: {
    action: "thing.create",
    target: (input: { name: string }) => `thing/${input.name}`,
    changes: (input: { name: string; adminPassword: string }) => ({ name: { new: input.name }, adminPassword: { new: input.adminPassword } }),
  },
  run: async (_ctx, input: { name: string }) => {
    if (input.name === "taken") throw new ActionError("name_taken", 'A thing named "taken" already exists; choose another name.');
    if (input.name === "boom") throw new Error("database exploded: password=hunter2-secret at postgres://u:hunter2-secret@db/x");
    const res = await pool.query<{ id: number }>("INSERT INTO things (name) VALUES ($1) RETURNING id", [input.name]);
    return { id: res.rows[0]?.id ?? 0 };
  },
} satisfies ActionDefinition<z.ZodType<{ name: string; adminPassword: string }>, { id: number }>;

async function token(user: "admin" | "operator" | "reader" | "norole", extra: Record<string, unknown> = {}, opts = {}) {
  return signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, user), ...extra }, opts);
}

function ctx(t: string | undefined): ExecutionContext {
  return { token: t, requestId: `req-${Math.random().toString(36).slice(2)}`, audit: storeAuditWriter(pool), verify };
}

async function counts() {
  const things = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM things");
  const audit = await pool.query<{ actor_id: string; action: string; outcome: string; target: string; changes: unknown; detail: string | null; request_id: string }>(
    "SELECT actor_id, action, outcome, target, changes, detail, request_id FROM audit_events WHERE id > $1 ORDER BY id",
    [baseline],
  );
  return { things: things.rows[0]?.n, audit: audit.rows };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "auth-action-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: "http://localhost:3000" });
  identity = loadOrCreateStackIdentity(dataDir);
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 4 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await closePool(); // the route code's own pool (getPool) must not hold connections into the dropped database
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  // audit_events is append-only (even for tests): each case looks only at rows written after it started.
  await pool.query("DROP TABLE IF EXISTS things; CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL)");
  baseline = (await pool.query<{ max: string }>("SELECT coalesce(max(id), 0)::text AS max FROM audit_events")).rows[0]?.max ?? "0";
});

const input = { name: "prod", adminPassword: "correct-horse-battery" };

describe("executeAction", () => {
  it("runs for an admin and writes exactly one audit row with the secret redacted", async () => {
    const c = ctx(await token("admin"));
    const result = await executeAction(createThing, c, input);
    expect(result).toEqual({ ok: true, data: { id: expect.any(Number) } });
    const { things, audit } = await counts();
    expect(things).toBe(1);
    expect(audit).toEqual([
      { actor_id: identity.users.admin, action: "thing.create", outcome: "success", target: "thing/prod", changes: { name: { new: "prod" }, adminPassword: { new: "[redacted]" } }, detail: null, request_id: c.requestId },
    ]);
    expect(JSON.stringify(audit)).not.toContain("correct-horse");
  });

  it("refuses without a session: no_session, nothing written", async () => {
    const result = await executeAction(createThing, ctx(undefined), input);
    expect(result).toEqual({ ok: false, error: { code: "no_session", message: expect.stringMatching(/not signed in/) } });
    expect(await counts()).toEqual({ things: 0, audit: [] });
  });

  it("refuses a forged token: invalid_token, nothing written (the actor is unknown)", async () => {
    const result = await executeAction(createThing, ctx(await token("admin", {}, { foreignKey: true })), input);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_token", message: expect.stringMatching(/signature/) } });
    expect(await counts()).toEqual({ things: 0, audit: [] });
  });

  it.each([
    ["an expired token", () => token("admin", {}, { expiresInSeconds: -300 }), "session_expired", /session has expired/],
    ["a wrong-audience token", () => token("admin", { aud: "api://someone-else" }), "invalid_token", /audience/],
    ["a wrong-tenant token", () => token("admin", { tid: "99999999-8888-7777-6666-555555555555" }), "wrong_tenant", /different Entra ID tenant/],
  ])("refuses %s and records one denied row for the (signature-verified) actor", async (_label, make, code, message) => {
    const result = await executeAction(createThing, ctx(await make()), input);
    expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    const { things, audit } = await counts();
    expect(things).toBe(0);
    expect(audit).toEqual([expect.objectContaining({ actor_id: identity.users.admin, action: "thing.create", outcome: "denied", changes: null, detail: expect.stringContaining(code) })]);
  });

  it("refuses a reader calling an admin action: forbidden, names the roles that may, one denied row", async () => {
    const result = await executeAction(createThing, ctx(await token("reader")), input);
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/Console\.Reader.*environment\.create.*Console\.Admin/) } });
    const { things, audit } = await counts();
    expect(things).toBe(0);
    expect(audit).toEqual([expect.objectContaining({ actor_id: identity.users.reader, outcome: "denied" })]);
  });

  it("refuses an operator (no environment.create) and a user without any role (no_role)", async () => {
    expect(await executeAction(createThing, ctx(await token("operator")), input)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await executeAction(createThing, ctx(await token("norole")), input)).toMatchObject({ ok: false, error: { code: "no_role", message: expect.stringMatching(/no console role/) } });
    const { things, audit } = await counts();
    expect(things).toBe(0);
    expect(audit.map((r) => [r.actor_id, r.outcome])).toEqual([[identity.users.operator, "denied"], [identity.users.norole, "denied"]]);
  });

  it("returns zod field errors for bad input and changes nothing", async () => {
    const result = await executeAction(createThing, ctx(await token("admin")), { name: "Prod!", adminPassword: "short" });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/^The input is not valid\. name:/) } });
    if (result.ok) throw new Error("unreachable");
    expect(result.error.fieldErrors).toEqual({ name: ["lower-case letters, digits and dashes, 2–20 long"], adminPassword: [expect.stringMatching(/8/)] });
    expect(await counts()).toEqual({ things: 0, audit: [] });
  });

  it("passes an expected refusal from run through and audits it as a failure", async () => {
    const result = await executeAction(createThing, ctx(await token("admin")), { ...input, name: "taken" });
    expect(result).toEqual({ ok: false, error: { code: "name_taken", message: 'A thing named "taken" already exists; choose another name.' } });
    const { audit } = await counts();
    expect(audit).toEqual([expect.objectContaining({ outcome: "failure", target: "thing/taken", detail: expect.stringContaining("name_taken") })]);
  });

  it("hides unexpected errors behind the request id, logs them redacted, audits a failure", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));
    try {
      const c = ctx(await token("admin"));
      const result = await executeAction(createThing, c, { ...input, name: "boom" });
      expect(result).toEqual({ ok: false, error: { code: "internal_error", message: `Something went wrong on the server. Request id: ${c.requestId}.` } });
      expect(logged.join("\n")).toContain(c.requestId);
      expect(logged.join("\n")).toContain("database exploded");
      expect(logged.join("\n")).not.toContain("hunter2-secret");
      const { audit } = await counts();
      expect(audit).toEqual([expect.objectContaining({ outcome: "failure", detail: "internal error (see server log)" })]);
      expect(JSON.stringify(audit)).not.toContain("correct-horse");
    } finally {
      spy.mockRestore();
    }
  });
});

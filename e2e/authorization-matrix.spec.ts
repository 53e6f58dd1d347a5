/**
 * Guard rails (issue #14 item 9), against the production build the e2e stage runs:
 *
 * 1. Every server action in the build's server-reference manifest and every route handler in its
 *    app-paths manifest has a row in PERMISSION_OF below, and refuses a caller without a session:
 *    an endpoint that is not wrapped by defineAction/defineRoute would run instead, and a new
 *    endpoint without a row fails this test until someone states its permission.
 * 2. The authorization matrix: every endpoint × {no session, forged, expired, signed out, no role,
 *    Reader, Operator, Admin, Admin from another origin}. Exactly the callers the permission matrix
 *    (lib/auth/permissions.ts) allows get past authorization; every refused call changes nothing in
 *    the store. The matrix sends an input no endpoint accepts, so an allowed call stops at input
 *    validation (`invalid_input`) and never does anything: passing authorization is what is proven.
 *
 * Calls go over HTTP as a browser sends them: a server action is a POST with the `Next-Action`
 * header to a page that uses it; a route handler is a plain request with the session cookie.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { test, expect } from "./fixtures";
import { readLocalStackFile } from "../emulator/local-stack-file";
import { createPool } from "../lib/store/db";
import { hasPermission, type ConsoleRole, type Permission } from "../lib/auth/permissions";
import { E2E } from "./stack";
import { NO_ROLE_USER, authFile, type RoleKey } from "./roles";
import { signInAs } from "./sign-in";

const BASE = `http://localhost:${E2E.consolePort}`;
const FOREIGN_ORIGIN = `http://localhost:${E2E.consolePort + 7}`;
const COOKIE = "ohc_session";
const ANY_ID = "00000000-0000-4000-8000-000000000000";
/** No endpoint's input schema accepts a bare number. */
const UNACCEPTABLE_INPUT = 424242;

/** The permission each endpoint names. A new server action or route handler needs a row here. */
const PERMISSION_OF: Record<string, Permission | "public"> = {
  "action app/(console)/database/actions.ts#cancelQueryAction": "database.cancelQuery",
  "action app/(console)/database/actions.ts#terminateBackendAction": "database.terminateBackend",
  "action app/(console)/operations/[id]/actions.ts#retryOperationAction": "operation.retry",
  "action app/(console)/operations/[id]/actions.ts#cancelOperationAction": "operation.cancel",
  "action app/(console)/sandboxes/actions.ts#stopSandboxAction": "sandbox.stop",
  "action app/(console)/settings/actions.ts#endSessionAction": "session.manage",
  "action app/(console)/settings/actions.ts#endUserSessionsAction": "session.manage",
  "action app/(console)/settings/actions.ts#moveConsole": "console.move",
  "action app/(console)/setup/actions.ts#startSetup": "setup.run",
  "action app/(console)/setup/actions.ts#saveEnvironmentStep": "setup.run",
  "action app/(console)/setup/actions.ts#saveSizingStep": "setup.run",
  "action app/(console)/setup/actions.ts#saveIdentityStep": "setup.run",
  "action app/(console)/setup/actions.ts#saveOpenHandsStep": "setup.run",
  "action app/(console)/setup/actions.ts#discardSetup": "setup.run",
  "action app/(console)/setup/actions.ts#runPreflightStep": "setup.run",
  "action app/(console)/setup/actions.ts#registerProviderFix": "setup.run",
  "action app/(console)/setup/actions.ts#provisionSetup": "setup.run",
  "action app/(console)/setup/actions.ts#rerunSetup": "setup.run",
  "GET /database/report": "console.read",
  "POST /database/cancel": "database.cancelQuery",
  "POST /database/terminate": "database.terminateBackend",
  "GET /api/operations/[id]": "console.read",
  "GET /api/sandboxes/usage": "console.read",
  "GET /api/setup/export": "console.read",
  "GET /api/doctor": "diagnostics.run",
  // Public on purpose: the load balancer's probe, and the sign-in exchange itself (it verifies
  // the Entra access token it is given; tested in lib/auth and e2e/sessions.spec.ts).
  "GET /api/health": "public",
  "POST /api/session": "public",
  "DELETE /api/session": "public",
};

type Identity = "none" | "forged" | "expired" | "signedOut" | "noRole" | "reader" | "operator" | "admin" | "foreignOrigin";
const ROLE_OF: Partial<Record<Identity, ConsoleRole>> = {
  reader: "Console.Reader",
  operator: "Console.Operator",
  admin: "Console.Admin",
  foreignOrigin: "Console.Admin",
};

interface Endpoint {
  key: string;
  kind: "action" | "route";
  method: string;
  /** Page the action is called through, or the route's path. */
  path: string;
  actionId?: string;
}

// ── the build's manifests ────────────────────────────────────────────────────────────────────

function pagePath(appPath: string): string {
  // "app/(console)/operations/[id]/page" → "/operations/<id>"
  const segments = appPath.replace(/^app\//, "").replace(/\/?(page|route)$/, "").split("/");
  const kept = segments.filter((s) => s && !/^\(.*\)$/.test(s)).map((s) => (/^\[.*\]$/.test(s) ? ANY_ID : s));
  return `/${kept.join("/")}`;
}

function builtEndpoints(): Endpoint[] {
  const server = path.join(".next", "server");
  const references = JSON.parse(readFileSync(path.join(server, "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  const actions: Endpoint[] = Object.entries(references.node).map(([id, ref]) => ({
    key: `action ${ref.filename}#${ref.exportedName}`,
    kind: "action",
    method: "POST",
    path: pagePath(Object.keys(ref.workers)[0]!),
    actionId: id,
  }));
  const appPaths = JSON.parse(readFileSync(path.join(server, "app-paths-manifest.json"), "utf8")) as Record<string, string>;
  const routes: Endpoint[] = [];
  for (const appPath of Object.keys(appPaths).filter((p) => p.endsWith("/route"))) {
    const file = path.join("app", appPath.replace(/^\//, "").replace(/\/route$/, ""), "route.ts");
    // Metadata routes Next makes from files (app/icon.svg) have no handler of ours.
    if (!existsSync(file)) continue;
    const source = readFileSync(file, "utf8");
    const methods = [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
    const display = `/${appPath.replace(/^\//, "").replace(/\/route$/, "").split("/").filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;
    for (const method of methods) routes.push({ key: `${method} ${display}`, kind: "route", method, path: pagePath(`app${appPath}`) });
  }
  return [...actions, ...routes];
}

// ── calling an endpoint ──────────────────────────────────────────────────────────────────────

interface Outcome {
  status: number;
  /** The refusal or error code the console answered with, when it said one. */
  code?: string;
}

const REFUSALS = new Set(["no_session", "session_expired", "invalid_token", "wrong_tenant", "no_role", "forbidden", "cross_origin", "forbidden_origin"]);

function isRefused(o: Outcome): boolean {
  if (o.code && REFUSALS.has(o.code)) return true;
  // Next's own refusal of a server action from another origin answers an error page, no result.
  return o.status === 401 || o.status === 403 || (o.code === undefined && o.status >= 400 && o.status !== 404);
}

async function call(endpoint: Endpoint, cookie: string | undefined, origin: string): Promise<Outcome> {
  const headers: Record<string, string> = { origin };
  if (cookie) headers.cookie = `${COOKIE}=${cookie}`;
  let res: Response;
  if (endpoint.kind === "action") {
    res = await fetch(`${BASE}${endpoint.path}`, {
      method: "POST",
      headers: { ...headers, "next-action": endpoint.actionId!, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([UNACCEPTABLE_INPUT]),
      redirect: "manual",
    });
  } else if (endpoint.method === "GET") {
    res = await fetch(`${BASE}${endpoint.path}?env=${UNACCEPTABLE_INPUT}&id=${UNACCEPTABLE_INPUT}`, { headers, redirect: "manual" });
  } else {
    res = await fetch(`${BASE}${endpoint.path}`, {
      method: endpoint.method,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(UNACCEPTABLE_INPUT),
      redirect: "manual",
    });
  }
  const text = await res.text();
  const code = text.match(/"code":"([a-z_]+)"/)?.[1];
  return { status: res.status, code };
}

// ── identities ───────────────────────────────────────────────────────────────────────────────

function storedCookie(role: RoleKey): string {
  const state = JSON.parse(readFileSync(authFile(role), "utf8")) as { cookies: { name: string; value: string }[] };
  const cookie = state.cookies.find((c) => c.name === COOKIE);
  if (!cookie) throw new Error(`no ${COOKIE} in ${authFile(role)}`);
  return cookie.value;
}

async function freshSession(browser: Browser, username: string): Promise<string> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: BASE });
  try {
    const page = await context.newPage();
    await signInAs(page, username);
    await expect.poll(async () => (await context.cookies()).some((c) => c.name === COOKIE)).toBe(true);
    return (await context.cookies()).find((c) => c.name === COOKIE)!.value;
  } finally {
    await context.close();
  }
}

const store = () => createPool({ connectionString: readLocalStackFile(E2E.dataDir).databaseUrl, max: 1 });

/** Row counts of every store table a refused call must not touch. */
async function storeSnapshot(): Promise<Record<string, number>> {
  const pool = store();
  try {
    const tables = await pool.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      // Refusals are audited (and rate-limited), and sessions see their last use: those may move.
      if (/audit|session|migrations/.test(name)) continue;
      const r = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${name}"`);
      counts[name] = Number(r.rows[0]!.n);
    }
    return counts;
  } finally {
    await pool.end();
  }
}

// ── the tests ────────────────────────────────────────────────────────────────────────────────

test.describe.configure({ mode: "serial" });

let endpoints: Endpoint[] = [];
const cookies: Partial<Record<Identity, string>> = {};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  endpoints = builtEndpoints();
  cookies.reader = storedCookie("reader");
  cookies.operator = storedCookie("operator");
  cookies.admin = storedCookie("admin");
  cookies.foreignOrigin = cookies.admin;
  cookies.forged = randomBytes(32).toString("base64url");
  cookies.noRole = await freshSession(browser, NO_ROLE_USER.username);

  const signedOut = await freshSession(browser, "admin@contoso.test");
  const out = await fetch(`${BASE}/api/session`, { method: "DELETE", headers: { cookie: `${COOKIE}=${signedOut}`, origin: BASE } });
  expect(out.status, "sign-out").toBeLessThan(300);
  cookies.signedOut = signedOut;

  // An expired session: a real one whose absolute lifetime has run out (moved into the past in the store).
  const expired = await freshSession(browser, "operator@contoso.test");
  const pool = store();
  try {
    const hash = createHash("sha256").update(expired).digest("hex");
    const moved = await pool.query("UPDATE console_sessions SET absolute_expires_at = now() - interval '1 minute' WHERE token_hash = $1", [hash]);
    expect(moved.rowCount, "the expired session's row").toBe(1);
  } finally {
    await pool.end();
  }
  cookies.expired = expired;
});

test("every built server action and route handler has a permission row, and none runs without a session", async () => {
  const keys = endpoints.map((e) => e.key).sort();
  expect(keys.filter((k) => k.startsWith("action ")).length, "server actions in the build").toBeGreaterThanOrEqual(15);
  expect(keys.filter((k) => !(k in PERMISSION_OF)), "endpoints without a row in PERMISSION_OF").toEqual([]);
  expect(Object.keys(PERMISSION_OF).filter((k) => !keys.includes(k)), "rows for endpoints the build no longer has").toEqual([]);
  for (const endpoint of endpoints) {
    if (PERMISSION_OF[endpoint.key] === "public") continue;
    const outcome = await call(endpoint, undefined, BASE);
    expect.soft(isRefused(outcome), `${endpoint.key} without a session answered ${JSON.stringify(outcome)}`).toBe(true);
  }
});

test("authorization matrix: only the roles the permission matrix allows get past authorization; refusals change nothing", async () => {
  test.setTimeout(240_000);
  const before = await storeSnapshot();
  let cells = 0;
  const identities = Object.keys(cookies) as Identity[];
  identities.unshift("none");
  for (const endpoint of endpoints) {
    const permission = PERMISSION_OF[endpoint.key];
    if (!permission || permission === "public") continue;
    for (const identity of identities) {
      const role = ROLE_OF[identity];
      const unsafe = endpoint.method !== "GET";
      const allowed = role !== undefined && hasPermission([role], permission) && !(identity === "foreignOrigin" && unsafe);
      const outcome = await call(endpoint, identity === "none" ? undefined : cookies[identity], identity === "foreignOrigin" ? FOREIGN_ORIGIN : BASE);
      cells++;
      const what = `${endpoint.key} as ${identity} → ${JSON.stringify(outcome)}`;
      if (allowed) {
        expect.soft(isRefused(outcome), `${what}: should pass authorization`).toBe(false);
        expect.soft(outcome.status, `${what}: no server error`).toBeLessThan(500);
      } else {
        expect.soft(isRefused(outcome), `${what}: should be refused`).toBe(true);
      }
    }
  }
  expect(await storeSnapshot(), "store tables after the matrix").toEqual(before);
  console.log(`authorization matrix: ${cells} cells (${endpoints.length} endpoints × ${identities.length} callers, public ones aside)`);
  expect(cells).toBeGreaterThan(150);
});

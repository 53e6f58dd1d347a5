/**
 * User goal: the console cannot be framed, scripted or written to from another origin, and a
 * stranger cannot make it buffer a huge upload — checked against the real `next start` of the
 * local stack and in Chromium: security headers on every kind of answer, the pages working under
 * the nonce CSP with no violation reported, framing refused, cross-origin writes refused (route
 * handlers by the console, server actions by Next), unknown pages answering 404.
 */
import http from "node:http";
import { once } from "node:events";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { test, expect, type Page } from "./fixtures";
import { readLocalStackFile } from "../emulator/local-stack-file";
import { ROLES, authFile } from "./roles";
import { signInAs } from "./sign-in";
import { E2E } from "./stack";

const CONSOLE = `http://localhost:${E2E.consolePort}`;
const ENTRA_ORIGIN = `https://localhost:${E2E.entraPort}`;

/** The headers every answer carries (the local console is served over http: no HSTS). */
function expectSecurityHeaders(headers: Record<string, string>, what: string): void {
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

/** The page CSP: nonce + strict-dynamic, self, and the local Entra's origin for MSAL only. */
function expectPageCsp(csp: string | undefined): string {
  expect(csp).toBeDefined();
  const nonce = csp!.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'(;|$)/)?.[1];
  expect(nonce, csp).toBeDefined();
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain(`connect-src 'self' ${ENTRA_ORIGIN}`);
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  return nonce!;
}

test.describe("security headers on every kind of answer", () => {
  test("sign-in page, static asset, not-found, route handlers (GET, refused POST)", async ({ request }) => {
    const signIn = await request.get("/");
    expect(signIn.status()).toBe(200);
    expectSecurityHeaders(signIn.headers(), "sign-in page");
    const nonce = expectPageCsp(signIn.headers()["content-security-policy"]);
    const html = await signIn.text();
    // Next put this request's nonce on its scripts; a second request gets another nonce.
    expect(html).toContain(`nonce="${nonce}"`);
    const again = expectPageCsp((await request.get("/")).headers()["content-security-policy"]);
    expect(again).not.toBe(nonce);

    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset).toBeDefined();
    const js = await request.get(asset!);
    expect(js.status()).toBe(200);
    expectSecurityHeaders(js.headers(), "static asset");

    const icon = await request.get("/icon.svg");
    expectSecurityHeaders(icon.headers(), "metadata icon");

    const missing = await request.get("/no-such-page");
    expect(missing.status()).toBe(404);
    expectSecurityHeaders(missing.headers(), "not-found page");
    expectPageCsp(missing.headers()["content-security-policy"]);

    const health = await request.get("/api/health");
    expect(health.status()).toBe(200);
    expectSecurityHeaders(health.headers(), "route handler GET");

    const refused = await request.post("/database/cancel", { data: { pid: 1, backendStart: "2026-01-01T00:00:00Z" } });
    expect(refused.status()).toBe(401);
    expectSecurityHeaders(refused.headers(), "route handler POST (error answer)");
    expect(refused.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    console.log(`sign-in page headers:\n${Object.entries(signIn.headers()).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
  });

  test.describe("signed in", () => {
    test.use({ storageState: authFile("admin") });

    test("Overview page, and an unknown operation id answers 404 (not 200)", async ({ request }) => {
      const overview = await request.get("/");
      expect(overview.status()).toBe(200);
      expect(await overview.text()).toContain("Overview");
      expectSecurityHeaders(overview.headers(), "Overview");
      expectPageCsp(overview.headers()["content-security-policy"]);
      console.log(`Overview headers:\n${Object.entries(overview.headers()).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);

      const unknownOperation = await request.get(`/operations/${randomUUID()}`);
      expect(unknownOperation.status()).toBe(404);
      expect(await unknownOperation.text()).toContain("Page not found");
      expect((await request.get("/operations/not-an-id")).status()).toBe(404);
      expect((await request.get("/no-such-page")).status()).toBe(404);
    });
  });
});

/**
 * Collects CSP violations the page reports (event and console), from the first script on, and
 * any console document answered without the page CSP (so a console without one fails too).
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCsp", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.href}`);
    });
  });
  page.on("console", (msg) => {
    if (/Refused to|Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.request().resourceType() === "document" && res.url().startsWith(CONSOLE) && !/script-src [^;]*'nonce-/.test(res.headers()["content-security-policy"] ?? "")) {
      violations.push(`no nonce CSP on ${res.url()}`);
    }
  });
  return violations;
}

test.describe("the console works under its CSP", () => {
  test("signing in through MSAL and the local Entra reports no violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await signInAs(page, ROLES.reader.username);
    await expect(page.getByRole("banner")).toContainText(ROLES.reader.name);
    expect(violations).toEqual([]);
  });

  test.describe("as admin", () => {
    test.use({ storageState: authFile("admin") });

    test("Overview, Setup, Settings, Audit and Database render and hydrate with no violation", async ({ page }) => {
      const violations = await watchCsp(page);
      const pages: [string, string][] = [["/", "Overview"], ["/setup", "Setup"], ["/settings", "Settings"], ["/audit", "Audit log"], ["/database", "Database"]];
      for (const [path, heading] of pages) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      }
      // Client-side navigation works too (scripts loaded and hydrated under the nonce).
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Settings", exact: true }).click();
      await expect(page).toHaveURL(/\/settings$/);
      await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
      expect(violations).toEqual([]);

      // The watch can fail: content from an origin the policy does not name is refused and reported.
      // (An inline script added from page.evaluate would not do: 'strict-dynamic' trusts what
      // already-running script inserts, which is exactly Next's chunk loading.)
      await page.evaluate(() => {
        const img = document.createElement("img");
        img.src = "https://example.invalid/tracker.png";
        document.body.append(img);
      });
      await expect.poll(() => violations.some((v) => v.includes("example.invalid"))).toBe(true);
    });
  });
});

/** A page on another origin of the same site (another port of localhost), as an attacker would host. */
async function foreignSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  return { url: `http://localhost:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

test.describe("another origin of the same site", () => {
  test.use({ storageState: authFile("admin") });

  test("cannot frame the signed-in console", async ({ page }) => {
    const site = await foreignSite(`<!doctype html><h1>Free prizes</h1><iframe id="f" src="${CONSOLE}/settings" width="800" height="600"></iframe>`);
    try {
      await page.goto(site.url);
      await expect(page.getByRole("heading", { name: "Free prizes" })).toBeVisible();
      await page.waitForTimeout(2_000);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame).toBeDefined();
      // Chromium replaces a refused frame with its own error page: nothing of the console shows.
      expect(await frame!.locator("body").innerText().catch(() => "")).not.toContain("Settings");
      expect(await frame!.getByRole("heading", { name: "Settings" }).count()).toBe(0);
    } finally {
      await site.close();
    }
  });

  test("cannot cancel or terminate a query with a text/plain no-cors POST: refused, audited as denied", async ({ page }) => {
    const site = await foreignSite("<!doctype html><h1>Nothing to see</h1>");
    const store = new pg.Client({ connectionString: readLocalStackFile(E2E.dataDir).databaseUrl });
    await store.connect();
    try {
      const before = (await store.query<{ max: string }>("SELECT coalesce(max(id), 0)::text AS max FROM audit_events")).rows[0]!.max;
      await page.goto(site.url);
      await page.evaluate(async (consoleUrl) => {
        for (const route of ["cancel", "terminate"]) {
          await fetch(`${consoleUrl}/database/${route}`, { method: "POST", mode: "no-cors", credentials: "include", body: JSON.stringify({ pid: 4242, backendStart: "2026-01-01T00:00:00.000000Z" }) });
        }
      }, CONSOLE);
      const rows = (await store.query<{ action: string; outcome: string; detail: string | null; actor_name: string }>("SELECT action, outcome, detail, actor_name FROM audit_events WHERE id > $1 AND action LIKE 'database.%' ORDER BY id", [before])).rows;
      expect(rows.map((r) => [r.action, r.outcome, r.actor_name])).toEqual([
        ["database.cancelQuery", "denied", ROLES.admin.name],
        ["database.terminateBackend", "denied", ROLES.admin.name],
      ]);
      for (const r of rows) expect(r.detail).toMatch(/^cross_origin: .*another origin \(http:\/\/localhost:\d+\)/);
    } finally {
      await store.end();
      await site.close();
    }
  });
});

/** Any server action id from the build's manifest (the action itself does not matter: the origin check comes first). */
function someServerActionId(): string {
  const file = ".next/server/server-reference-manifest.json";
  expect(existsSync(file), "run against a build (next build)").toBe(true);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node: Record<string, unknown> };
  const id = Object.keys(manifest.node)[0];
  expect(id).toBeDefined();
  return id!;
}

test("a server action posted with a foreign Origin is refused by Next before it runs", async ({ request }) => {
  const id = someServerActionId();
  const post = (origin: string) =>
    request.post("/settings", { headers: { "next-action": id, origin, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, data: "[{}]", maxRedirects: 0 });
  const own = await post(CONSOLE);
  const foreign = await post("http://localhost:3199");
  // Same origin: the action ran (and, without a session, refused with its own answer).
  expect(own.status()).toBe(200);
  expect(await own.text()).toContain("no_session");
  // Foreign origin: Next's own CSRF check answers before the action runs.
  expect(foreign.status()).not.toBe(200);
  expect(await foreign.text()).not.toContain("no_session");
});

test("a 60 MB POST without a session is answered 401 without the console reading it", async () => {
  const pid = consolePid();
  const rssBefore = pid ? rssMb(pid) : undefined;
  const chunk = Buffer.alloc(64 * 1024, 0x7b);
  const total = 60 * 1024 * 1024;
  const req = http.request(`${CONSOLE}/database/cancel`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
  const answered = once(req, "response").then(([res]) => res as http.IncomingMessage);
  let sent = 0;
  let status: number | undefined;
  void answered.then((res) => (status = res.statusCode));
  req.on("error", () => undefined); // the server may close the socket on the unread rest
  // Paced at 1 MiB per 50 ms (the whole body takes ≥ 3 s): unpaced, loopback moves tens of MB in
  // the time a loaded machine takes to deliver the answer's 'response' event to this loop, so the
  // count would measure this loop's latency, not whether the console waited for the body.
  while (sent < total && status === undefined) {
    const more = req.write(chunk);
    sent += chunk.length;
    if (!more) await Promise.race([once(req, "drain"), answered, new Promise((r) => setTimeout(r, 2_000))]);
    if (sent % (1024 * 1024) === 0) await new Promise((r) => setTimeout(r, 50));
  }
  const res = await Promise.race([answered, new Promise<never>((_, no) => setTimeout(() => no(new Error("no answer")), 30_000))]);
  const sentWhenAnswered = sent;
  req.destroy();
  const rssAfter = pid ? rssMb(pid) : undefined;
  console.log(`60 MB POST: answered ${res.statusCode} after ${(sentWhenAnswered / 1024 / 1024).toFixed(1)} MB sent; console RSS ${rssBefore} MB → ${rssAfter} MB`);
  expect(res.statusCode).toBe(401);
  // Answered while most of the body was still to come (not after reading it): < half of 60 MB.
  expect(sentWhenAnswered).toBeLessThan(total / 2);
  if (rssBefore !== undefined && rssAfter !== undefined) expect(rssAfter - rssBefore).toBeLessThan(40);
});

/** The pid listening on the console's port (for its RSS), when `ss` can tell. */
function consolePid(): number | undefined {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${E2E.consolePort}`], { encoding: "utf8" });
    const pid = out.match(/pid=(\d+)/)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

function rssMb(pid: number): number {
  const kb = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

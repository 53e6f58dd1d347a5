/**
 * User goal: my console session is safe and ends when it should — no token readable by page
 * script, sign-out ends the session on the server (the old cookie is refused), an admin sees and
 * ends sessions in Settings, an expired session says so.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { test, expect } from "./fixtures";
import { E2E } from "./stack";
import { NO_ROLE_USER, ROLES, authFile } from "./roles";
import { signInAs } from "./sign-in";

const CONSOLE = `http://localhost:${E2E.consolePort}`;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** The e2e stack's console store (embedded PGlite unless the run points DATABASE_URL elsewhere). */
async function withStore<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${E2E.pglitePort}/postgres` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test("after sign-in no access or refresh token is in localStorage, and the session cookie is opaque and httpOnly", async ({ page, context }) => {
  await signInAs(page, ROLES.reader.username);
  await expect(page.getByRole("banner")).toContainText(ROLES.reader.name);
  const storage = await page.evaluate(() => ({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    cookie: document.cookie,
  }));
  const tokenEntries = (entries: [string, string][]) => entries.filter(([key, value]) => /accesstoken|refreshtoken|idtoken/i.test(key) || JWT.test(value) || /"credentialType":"(AccessToken|RefreshToken)"/.test(value));
  expect(tokenEntries(storage.local)).toEqual([]);
  // MSAL keeps its cache for this tab only (so the check above would see tokens if they were there).
  expect(tokenEntries(storage.session).length).toBeGreaterThan(0);
  expect(storage.cookie).not.toContain("ohc_session");
  const cookie = (await context.cookies()).find((c) => c.name === "ohc_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
  expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test("sign-out ends the session on the server: the old cookie is refused afterwards", async ({ page, context, browser }) => {
  await signInAs(page, ROLES.operator.username);
  await expect(page.getByRole("banner")).toContainText(ROLES.operator.name); // the cookie is set by now
  const old = (await context.cookies()).find((c) => c.name === "ohc_session");
  expect(old).toBeDefined();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out/);

  // Someone who kept a copy of the cookie gets nothing with it.
  const thief = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await thief.addCookies([{ name: "ohc_session", value: old?.value ?? "", url: CONSOLE, httpOnly: true, sameSite: "Strict" }]);
  const api = await fetch(`${CONSOLE}/api/sandboxes/usage?group=model`, { headers: { cookie: `ohc_session=${old?.value ?? ""}` } });
  expect(api.status).toBe(401);
  expect(await api.json()).toMatchObject({ error: { code: "session_expired" } });
  const tab = await thief.newPage();
  await tab.goto(`${CONSOLE}/settings`);
  await expect(tab.getByRole("heading", { name: "Your session has expired" })).toBeVisible();
  await expect(tab.getByText("You signed out of this session.")).toBeVisible();
  await expect(tab.getByRole("navigation", { name: "Console sections" })).toHaveCount(0);
  await thief.close();
});

test("an admin ends another user's sessions in Settings; that browser is signed out at its next request", async ({ browser }) => {
  const nico = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const nicoPage = await nico.newPage();
  await signInAs(nicoPage, NO_ROLE_USER.username);
  await expect(nicoPage.getByRole("heading", { name: "Access denied" })).toBeVisible();

  const admin = await browser.newContext({ storageState: authFile("admin") });
  const page = await admin.newPage();
  await page.goto(`${CONSOLE}/settings`);
  const panel = page.getByRole("region", { name: "Sessions", exact: true });
  const table = panel.getByRole("table", { name: "Active sessions" });
  await expect(table.getByRole("row").filter({ hasText: NO_ROLE_USER.username }).first()).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: ROLES.admin.username }).first()).toBeVisible();

  await table.getByRole("button", { name: `End all sessions of ${NO_ROLE_USER.username}` }).first().click();
  const dialog = page.getByRole("dialog", { name: `End every session of ${NO_ROLE_USER.username}?` });
  await expect(dialog).toContainText(NO_ROLE_USER.name);
  await dialog.getByRole("button", { name: "End all sessions" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.getByRole("row").filter({ hasText: NO_ROLE_USER.username })).toHaveCount(0);

  await nicoPage.reload();
  await expect(nicoPage.getByRole("heading", { name: "Your session has expired" })).toBeVisible();
  await expect(nicoPage.getByText("An administrator ended your session.")).toBeVisible();

  // The audit log names the user whose sessions ended.
  await page.goto(`${CONSOLE}/audit?action=session.`);
  await expect(page.getByRole("main")).toContainText(`user/${NO_ROLE_USER.username}`);
  await nico.close();
  await admin.close();
});

for (const key of ["operator", "reader"] as const) {
  test(`a ${key} sees no Sessions panel in Settings`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: authFile(key) });
    const page = await context.newPage();
    await page.goto(`${CONSOLE}/settings`);
    await expect(page.getByRole("region", { name: "Your identity" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Sessions", exact: true })).toHaveCount(0);
    await context.close();
  });
}

test("a session past its absolute lifetime says so and offers to sign in again, without a redirect loop", async ({ page, context }) => {
  await signInAs(page, ROLES.admin.username);
  await expect(page.getByRole("banner")).toContainText(ROLES.admin.name);
  const secret = (await context.cookies()).find((c) => c.name === "ohc_session")?.value ?? "";
  const hash = createHash("sha256").update(secret).digest("hex");
  const aged = await withStore((db) => db.query("UPDATE console_sessions SET absolute_expires_at = now() - interval '1 minute' WHERE token_hash = $1", [hash]));
  expect(aged.rowCount).toBe(1);

  const documentLoads: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documentLoads.push(request.url());
  });
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Your session has expired" })).toBeVisible();
  await expect(page.getByText(/Sessions last at most \d+ hours after sign-in/)).toBeVisible();
  await page.waitForTimeout(2_000);
  expect(documentLoads).toEqual([`${CONSOLE}/audit`]); // stayed put: no automatic redirect

  // This tab still has its Entra session and MSAL its account: Entra returns at once (no account
  // picker) and the console starts a new session from the fresh token.
  await page.getByRole("button", { name: "Sign in again" }).click();
  await expect(page.getByRole("banner")).toContainText(ROLES.admin.name, { timeout: 30_000 });
});

test("shortly before the IdP token expires, the open page renews the session's principal — loading MSAL only then", async ({ page }) => {
  await page.clock.install(); // real pace until fastForward
  const scripts: Promise<string>[] = [];
  await signInAs(page, ROLES.reader.username);
  await expect(page.getByRole("banner")).toContainText(ROLES.reader.name); // the cookie is set by now
  await page.goto("/monitoring"); // a fresh document: MSAL is not loaded by a signed-in page
  await expect(page.getByRole("banner")).toContainText(ROLES.reader.name);
  page.on("response", (res) => {
    if (res.request().resourceType() === "script") scripts.push(res.text().catch(() => ""));
  });
  const renewal = page.waitForResponse((res) => res.url().endsWith("/api/session?renew=1") && res.request().method() === "POST");
  await page.clock.fastForward("57:00"); // the local Entra's tokens live an hour; the keeper renews 4 minutes before
  expect((await renewal).status()).toBe(200);
  expect((await Promise.all(scripts)).some((body) => body.includes("@azure/msal-browser"))).toBe(true);
  await expect(page.getByRole("banner")).toContainText(ROLES.reader.name);
});

/**
 * The real msal-browser 5.30 in Debian's Chromium against the local Entra, configured as the
 * console configures it (authority = issuer, knownAuthorities, protocolMode OIDC): redirect
 * sign-in through the demo-user page, a forced refresh through the refresh token, and logout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { decodeJwt } from "jose";
import { loadOrCreateStackIdentity, type StackIdentity } from "../stack-identity";
import { startEntra, type RunningEntra } from "./server";

const ENTRA_PORT = 19444;
const SPA_PORT = 19445;
const SPA = `http://localhost:${SPA_PORT}`;
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const API_SCOPE = "api://openhands-console/Console.Access";

function spaPage(entra: RunningEntra, clientId: string): string {
  const cfg = {
    auth: { clientId, authority: entra.authority, knownAuthorities: [`localhost:${ENTRA_PORT}`], redirectUri: `${SPA}/auth/redirect`, postLogoutRedirectUri: `${SPA}/signed-out` },
    system: { protocolMode: "OIDC" },
    cache: { cacheLocation: "sessionStorage" },
  };
  return `<!DOCTYPE html><html><head><script src="/msal-browser.js"></script></head><body><h1>spa</h1><script>
const scopes = ["openid", "profile", "offline_access", ${JSON.stringify(API_SCOPE)}];
const pca = new msal.PublicClientApplication(${JSON.stringify(cfg)});
window.ready = (async () => {
  await pca.initialize();
  const r = await pca.handleRedirectPromise();
  if (r) window.loginResult = { username: r.account.username, tenantId: r.account.tenantId, homeAccountId: r.account.homeAccountId, roles: r.idTokenClaims.roles ?? null, accessToken: r.accessToken };
})().catch((e) => { window.loginError = String(e && (e.errorCode || e.message) || e); });
window.login = () => pca.loginRedirect({ scopes });
window.refresh = async () => {
  const account = pca.getAllAccounts()[0];
  const t = await pca.acquireTokenSilent({ scopes: [${JSON.stringify(API_SCOPE)}], account, forceRefresh: true });
  return t.accessToken;
};
window.armToken = async () => {
  const account = pca.getAllAccounts()[0];
  return (await pca.acquireTokenSilent({ scopes: ["https://management.azure.com/user_impersonation"], account })).accessToken;
};
window.logout = () => pca.logoutRedirect({ account: pca.getAllAccounts()[0] });
</script></body></html>`;
}

describe.skipIf(!CHROMIUM)("msal-browser against the local Entra", () => {
  let dataDir: string;
  let entra: RunningEntra;
  let identity: StackIdentity;
  let spa: http.Server;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "entra-msal-"));
    entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: SPA });
    identity = loadOrCreateStackIdentity(dataDir);
    const msalJs = readFileSync(path.resolve("node_modules/@azure/msal-browser/lib/msal-browser.js"));
    const html = spaPage(entra, identity.spaClientId);
    spa = http.createServer((req, res) => {
      if (req.url === "/msal-browser.js") {
        res.setHeader("content-type", "text/javascript");
        res.end(msalJs);
      } else {
        res.setHeader("content-type", "text/html");
        res.end(html);
      }
    });
    await new Promise<void>((r) => spa.listen(SPA_PORT, "127.0.0.1", r));
    // The stack CA is not in Chromium's store; the e2e suite ignores HTTPS errors the same way.
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (spa ? spa.close(() => r()) : r()));
    await entra?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs in by redirect, refreshes silently with the refresh token, and signs out without a click", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const tokenGrants: string[] = [];
    page.on("request", (req) => {
      if (req.method() === "POST" && new URL(req.url()).pathname.endsWith("/oauth2/v2.0/token")) tokenGrants.push(new URLSearchParams(req.postData() ?? "").get("grant_type") ?? "");
    });
    // MSAL's hidden-iframe renewal would hit /authorize with prompt=none; it must not be needed.
    const iframeRenewals: string[] = [];
    page.on("request", (req) => {
      if (req.url().includes("/oauth2/v2.0/authorize") && req.url().includes("prompt=none")) iframeRenewals.push(req.url());
    });

    await page.goto(`${SPA}/`);
    await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
    await page.evaluate(() => void (window as unknown as { login: () => Promise<void> }).login());
    await page.waitForURL(new RegExp(`^https://localhost:${ENTRA_PORT}/${identity.tenantId}/login/`));
    await expect.poll(() => page.getByText("Local Entra ID — demo users, no passwords").count()).toBe(1);
    await page.getByRole("button", { name: /Sign in as reader@contoso\.test/ }).click();
    await page.waitForURL((u) => u.origin === SPA);
    await page.waitForFunction(() => {
      const w = window as unknown as { loginResult?: unknown; loginError?: string };
      return w.loginResult !== undefined || w.loginError !== undefined;
    });
    const outcome = await page.evaluate(() => {
      const w = window as unknown as { loginResult?: { username: string; tenantId: string; homeAccountId: string; roles: string[] | null; accessToken: string }; loginError?: string };
      return { result: w.loginResult, error: w.loginError };
    });
    expect(outcome.error).toBeUndefined();
    const result = outcome.result!;
    expect(result).toMatchObject({ username: "reader@contoso.test", tenantId: identity.tenantId, roles: ["Console.Reader"] });
    expect(decodeJwt(result.accessToken)).toMatchObject({ aud: "api://openhands-console", roles: ["Console.Reader"], scp: "Console.Access", iss: entra.issuer });
    expect(tokenGrants).toEqual(["authorization_code"]);

    const refreshed = await page.evaluate(() => (window as unknown as { refresh: () => Promise<string> }).refresh());
    expect(decodeJwt(refreshed)).toMatchObject({ aud: "api://openhands-console", oid: identity.users.reader });
    expect(refreshed).not.toBe(result.accessToken);
    expect(tokenGrants).toEqual(["authorization_code", "refresh_token"]);
    expect(iframeRenewals).toEqual([]);

    // A token for ARM without another sign-in, through the same refresh token (as with Entra).
    const arm = await page.evaluate(() => (window as unknown as { armToken: () => Promise<string> }).armToken());
    expect(decodeJwt(arm)).toMatchObject({ aud: "https://management.azure.com", oid: identity.users.reader, scp: "user_impersonation" });
    expect(tokenGrants).toEqual(["authorization_code", "refresh_token", "refresh_token"]);
    expect(iframeRenewals).toEqual([]);

    await page.evaluate(() => void (window as unknown as { logout: () => Promise<void> }).logout());
    await page.waitForURL((u) => u.origin === SPA && u.pathname === "/signed-out");

    // The Entra session ended: signing in again shows the user picker instead of single sign-on.
    await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
    await page.evaluate(() => void (window as unknown as { login: () => Promise<void> }).login());
    await page.waitForURL(new RegExp(`^https://localhost:${ENTRA_PORT}/${identity.tenantId}/login/`));
    await context.close();
  });
});

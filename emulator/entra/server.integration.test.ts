import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { loadOrCreateStackIdentity, type StackIdentity } from "../stack-identity";
import { startEntra, type RunningEntra } from "./server";
import { browserRequest, CookieJar, fetchDiscovery, refreshAsMsal, signInWithoutBrowser, tokenResponseSchema } from "./test-login";
import { z } from "zod";
import { signTestToken, userAccessTokenClaims } from "./test-tokens";

const PORT = 19443;
const CONSOLE = "http://localhost:3000";
const ARM = "https://management.azure.com";
const SPA_SCOPES = ["openid", "profile", "offline_access", "api://openhands-console/Console.Access"];

let dataDir: string;
let entra: RunningEntra;
let identity: StackIdentity;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "entra-it-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: CONSOLE });
  identity = loadOrCreateStackIdentity(dataDir);
});

afterAll(async () => {
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function jwks() {
  return createRemoteJWKSet(new URL(`https://localhost:${PORT}/${identity.tenantId}/discovery/v2.0/keys`));
}

describe("local Entra", () => {
  it("serves an Entra v2 shaped discovery document at <issuer>/.well-known/openid-configuration", async () => {
    expect(entra.issuer).toBe(`https://localhost:${PORT}/${identity.tenantId}/v2.0`);
    const d = await fetchDiscovery(entra.issuer);
    const t = `https://localhost:${PORT}/${identity.tenantId}`;
    expect(d).toMatchObject({
      issuer: entra.issuer,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      token_endpoint: `${t}/oauth2/v2.0/token`,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      jwks_uri: `${t}/discovery/v2.0/keys`,
    });
    // Reached through 127.0.0.1 the document still names localhost, as Entra names one host.
    const viaIp = await (await fetch(`https://127.0.0.1:${PORT}/${identity.tenantId}/v2.0/.well-known/openid-configuration`)).json();
    expect(viaIp).toMatchObject({ issuer: entra.issuer, token_endpoint: d.token_endpoint });
    const unknownTenant = await fetch(`https://localhost:${PORT}/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration`);
    expect(unknownTenant.status).toBe(404);
    expect(await unknownTenant.json()).toMatchObject({ error: "invalid_tenant" });
  });

  it("issues app tokens to the real ClientSecretCredential, verifiable against the served JWKS", async () => {
    for (const app of [identity.consoleApp, identity.automationApp]) {
      const cred = new ClientSecretCredential(identity.tenantId, app.clientId, app.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
      const before = Date.now();
      const token = await cred.getToken(`${ARM}/.default`);
      expect(token.expiresOnTimestamp - before).toBeGreaterThan(3590_000);
      expect(token.expiresOnTimestamp - before).toBeLessThanOrEqual(3601_000);
      const { payload, protectedHeader } = await jwtVerify(token.token, jwks(), { issuer: entra.issuer, audience: ARM, algorithms: ["RS256"] });
      expect(protectedHeader.typ).toBe("JWT");
      expect(payload).toMatchObject({ tid: identity.tenantId, oid: app.objectId, sub: app.objectId, appid: app.clientId, azp: app.clientId, idtyp: "app" });
      expect(payload.exp! - payload.iat!).toBe(3600);
      expect(payload.scp).toBeUndefined();
    }
  });

  it("accepts client_secret_basic as well as client_secret_post", async () => {
    const { clientId, clientSecret } = identity.automationApp;
    const d = await fetchDiscovery(entra.issuer);
    const res = await fetch(d.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: `${ARM}/.default` }),
    });
    expect(res.status).toBe(200);
    const body = tokenResponseSchema.parse(await res.json());
    expect(decodeJwt(body.access_token)).toMatchObject({ aud: ARM, oid: identity.automationApp.objectId });
  });

  it("refuses a wrong client secret with invalid_client that @azure/identity surfaces", async () => {
    const cred = new ClientSecretCredential(identity.tenantId, identity.consoleApp.clientId, "not-the-secret", { authorityHost: entra.origin, disableInstanceDiscovery: true });
    const err = await cred.getToken(`${ARM}/.default`).then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toMatch(/invalid_client/);
    expect(err?.message).toMatch(/AADSTS7000215/);
    expect(err?.message).not.toContain("not-the-secret");
  });

  it("refuses an unknown resource with a clear error", async () => {
    const cred = new ClientSecretCredential(identity.tenantId, identity.consoleApp.clientId, identity.consoleApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
    await expect(cred.getToken("https://vault.azure.net/.default")).rejects.toThrow(/AADSTS500011/);
  });

  it("signs a demo user in with code + PKCE, then refreshes as MSAL does", async () => {
    const signIn = await signInWithoutBrowser({
      issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: `${CONSOLE}/auth/redirect`, user: "operator", scopes: SPA_SCOPES, origin: CONSOLE,
    });
    expect(signIn.signInPageHtml).toContain("Local Entra ID — demo users, no passwords");
    for (const u of ["admin", "operator", "reader", "norole"]) expect(signIn.signInPageHtml).toContain(`aria-label="Sign in as ${u}@contoso.test`);
    expect(signIn.allowOrigin).toBe(CONSOLE);

    const oid = identity.users.operator;
    const { payload: at } = await jwtVerify(signIn.tokens.access_token, jwks(), { issuer: entra.issuer, audience: "api://openhands-console", algorithms: ["RS256"] });
    expect(at).toMatchObject({
      scp: "Console.Access", roles: ["Console.Operator"], tid: identity.tenantId, oid, sub: oid,
      preferred_username: "operator@contoso.test", name: "Oscar Operator", azp: identity.spaClientId,
    });
    expect(at.exp! - at.iat!).toBe(3600);
    const { payload: idt } = await jwtVerify(signIn.tokens.id_token!, jwks(), { issuer: entra.issuer, audience: identity.spaClientId });
    expect(idt).toMatchObject({ oid, tid: identity.tenantId, name: "Oscar Operator", preferred_username: "operator@contoso.test", roles: ["Console.Operator"] });
    expect(signIn.tokens.refresh_token).toBeTruthy();
    // client_info as Entra sends it: MSAL's homeAccountId becomes "<oid>.<tid>".
    expect(JSON.parse(Buffer.from(z.string().parse(signIn.tokens.client_info), "base64url").toString())).toEqual({ uid: oid, utid: identity.tenantId });

    const refreshed = await refreshAsMsal({ tokenEndpoint: signIn.discovery.token_endpoint, clientId: identity.spaClientId, refreshToken: signIn.tokens.refresh_token!, scopes: SPA_SCOPES, origin: CONSOLE });
    const body: unknown = await refreshed.json();
    expect(refreshed.status, JSON.stringify(body)).toBe(200);
    expect(refreshed.headers.get("access-control-allow-origin")).toBe(CONSOLE);
    const tokens = tokenResponseSchema.parse(body);
    const { payload: at2 } = await jwtVerify(tokens.access_token, jwks(), { issuer: entra.issuer, audience: "api://openhands-console" });
    expect(at2).toMatchObject({ roles: ["Console.Operator"], oid, scp: "Console.Access" });
    expect(tokens.refresh_token).toBeTruthy();

    // As with Entra's multi-resource refresh tokens, the same sign-in yields an ARM token silently.
    const armRes = await refreshAsMsal({ tokenEndpoint: signIn.discovery.token_endpoint, clientId: identity.spaClientId, refreshToken: tokens.refresh_token!, scopes: [`${ARM}/user_impersonation`, "openid", "profile", "offline_access"], origin: CONSOLE });
    const armBody: unknown = await armRes.json();
    expect(armRes.status, JSON.stringify(armBody)).toBe(200);
    const { payload: armAt } = await jwtVerify(tokenResponseSchema.parse(armBody).access_token, jwks(), { issuer: entra.issuer, audience: ARM });
    expect(armAt).toMatchObject({ oid, scp: "user_impersonation", roles: ["Console.Operator"] });
  });

  it("gives a user without roles a token without roles, and demo users ARM tokens", async () => {
    const norole = await signInWithoutBrowser({ issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: `${CONSOLE}/`, user: "norole", scopes: SPA_SCOPES });
    const at = decodeJwt(norole.tokens.access_token);
    expect(at.oid).toBe(identity.users.norole);
    expect(at.roles).toBeUndefined();

    const arm = await signInWithoutBrowser({ issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: CONSOLE, user: "admin", scopes: ["openid", "profile", "offline_access", `${ARM}/user_impersonation`] });
    const { payload } = await jwtVerify(arm.tokens.access_token, jwks(), { issuer: entra.issuer, audience: ARM });
    expect(payload).toMatchObject({ oid: identity.users.admin, scp: "user_impersonation", tid: identity.tenantId });
  });

  it("rejects a wrong redirect URI, a missing PKCE challenge and an unknown demo user", async () => {
    const d = await fetchDiscovery(entra.issuer);
    const jar = new CookieJar();
    const bad = new URL(d.authorization_endpoint);
    bad.search = new URLSearchParams({ client_id: identity.spaClientId, redirect_uri: "https://evil.test/", response_type: "code", scope: "openid" }).toString();
    const res = await browserRequest(jar, bad.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/redirect_uri/);

    const noPkce = new URL(d.authorization_endpoint);
    noPkce.search = new URLSearchParams({ client_id: identity.spaClientId, redirect_uri: `${CONSOLE}/`, response_type: "code", scope: "openid" }).toString();
    const res2 = await browserRequest(jar, noPkce.href);
    expect(res2.status).toBe(303);
    expect(res2.headers.get("location")).toMatch(/error=invalid_request/);
    expect(res2.headers.get("location")).toMatch(/PKCE/);

    await expect(
      signInWithoutBrowser({ issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: `${CONSOLE}/`, user: "mallory", scopes: SPA_SCOPES }),
    ).rejects.toThrow(/got 400/);
  });

  it("returns access_denied to the app when sign-in is cancelled", async () => {
    const d = await fetchDiscovery(entra.issuer);
    const jar = new CookieJar();
    const authorize = new URL(d.authorization_endpoint);
    authorize.search = new URLSearchParams({
      client_id: identity.spaClientId, redirect_uri: `${CONSOLE}/`, response_type: "code", scope: SPA_SCOPES.join(" "),
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256", state: "st",
    }).toString();
    const toLogin = new URL((await browserRequest(jar, authorize.href)).headers.get("location")!, authorize).href;
    expect(toLogin).toMatch(new RegExp(`/${identity.tenantId}/login/`));
    // Without the interaction cookie the page refuses with a clear message instead of guessing.
    const stranger = await browserRequest(new CookieJar(), toLogin);
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toMatch(/expired or its cookie is missing/);

    const cancelled = await browserRequest(jar, `${toLogin}/abort`, { form: {} });
    const resume = new URL(cancelled.headers.get("location")!, toLogin).href;
    const back = await browserRequest(jar, resume);
    const location = new URL(back.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${CONSOLE}/`);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st");
  });

  it("signs in again silently with the session, and shows the picker for prompt=select_account", async () => {
    const first = await signInWithoutBrowser({ issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: `${CONSOLE}/`, user: "admin", scopes: SPA_SCOPES });
    const authorize = (prompt?: string) => {
      const u = new URL(first.discovery.authorization_endpoint);
      u.search = new URLSearchParams({
        client_id: identity.spaClientId, redirect_uri: `${CONSOLE}/`, response_type: "code", scope: SPA_SCOPES.join(" "),
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256", ...(prompt ? { prompt } : {}),
      }).toString();
      return u.href;
    };
    const sso = await browserRequest(first.jar, authorize());
    expect(sso.headers.get("location")).toMatch(new RegExp(`^${CONSOLE}/\\?code=`));
    const picker = await browserRequest(first.jar, authorize("select_account"));
    expect(picker.headers.get("location")).toMatch(new RegExp(`/${identity.tenantId}/login/`));
  });

  it("signs out without a confirmation click and returns to post_logout_redirect_uri", async () => {
    const signIn = await signInWithoutBrowser({ issuer: entra.issuer, clientId: identity.spaClientId, redirectUri: `${CONSOLE}/`, user: "admin", scopes: SPA_SCOPES });
    const logout = new URL(signIn.discovery.end_session_endpoint);
    logout.search = new URLSearchParams({ client_id: identity.spaClientId, post_logout_redirect_uri: `${CONSOLE}/signed-out`, state: "s1" }).toString();
    const page = await browserRequest(signIn.jar, logout.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The page submits itself: a script allowed by the CSP hash, and logout=yes in the form.
    expect(html).toContain("document.forms[0].submit()");
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'sha256-/);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();
    expect(html).toContain('name="logout" value="yes"');
    const done = await browserRequest(signIn.jar, new URL(action!, logout).href, { form: { xsrf: xsrf!, logout: "yes" } });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${CONSOLE}/signed-out?state=s1`);
  });

  it("keeps its signing key across a restart, so earlier tokens still verify", async () => {
    const cred = new ClientSecretCredential(identity.tenantId, identity.consoleApp.clientId, identity.consoleApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
    const before = await cred.getToken(`${ARM}/.default`);
    const kid = decodeProtectedHeader(before.token).kid;
    expect(kid).toBeTruthy();
    await entra.close();
    // Let the client pool see its keep-alive sockets close, as it would across a real restart.
    await new Promise((r) => setTimeout(r, 100));
    entra = await startEntra({ dataDir, port: PORT, consoleUrl: CONSOLE });
    const keys = (await (await fetch(`https://localhost:${PORT}/${identity.tenantId}/discovery/v2.0/keys`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(keys.keys.map((k) => k.kid)).toEqual([kid]);
    expect(keys.keys[0]?.d).toBeUndefined();
    await jwtVerify(before.token, jwks(), { issuer: entra.issuer, audience: ARM });
  });

  it("test tokens: persisted key verifies; foreign key, expiry and audience fail", async () => {
    const claims = userAccessTokenClaims(dataDir, entra.issuer, "admin");
    const opts = { issuer: entra.issuer, audience: "api://openhands-console" };
    const good = await signTestToken(dataDir, claims);
    await expect(jwtVerify(good, jwks(), opts)).resolves.toMatchObject({ payload: { roles: ["Console.Admin"], oid: identity.users.admin } });
    await expect(jwtVerify(await signTestToken(dataDir, claims, { foreignKey: true }), jwks(), opts)).rejects.toThrow(/signature/);
    await expect(jwtVerify(await signTestToken(dataDir, claims, { expiresInSeconds: -60 }), jwks(), opts)).rejects.toThrow(/"exp"/);
    await expect(jwtVerify(await signTestToken(dataDir, { ...claims, aud: "api://other" }), jwks(), opts)).rejects.toThrow(/"aud"/);
  });
});

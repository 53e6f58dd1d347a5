import { describe, expect, it } from "vitest";
import { judgeArmToken, judgeDataPlanes, judgeDiscovery, judgeProviders, judgeRedirectUri, judgeRoleAssignments, judgeStore, overallStatus } from "./checks";

const AUTHORITY = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";

describe("doctor verdicts", () => {
  it("discovery: ok with issuer and keys; fail on an error, a missing key set or an AUTH_ISSUER mismatch", () => {
    const doc = { issuer: AUTHORITY, jwks_uri: "https://login.microsoftonline.com/x/discovery/v2.0/keys", keyCount: 3 };
    expect(judgeDiscovery(AUTHORITY, undefined, { ok: true, value: doc })).toMatchObject({ status: "ok" });
    expect(judgeDiscovery(AUTHORITY, undefined, { ok: true, value: doc }).fix).toBeUndefined();
    expect(judgeDiscovery(AUTHORITY, undefined, { ok: false, error: "HTTP 400" })).toMatchObject({ status: "fail", evidence: `GET ${AUTHORITY}/.well-known/openid-configuration failed: HTTP 400` });
    expect(judgeDiscovery(AUTHORITY, undefined, { ok: true, value: { ...doc, keyCount: 0 } }).status).toBe("fail");
    expect(judgeDiscovery(AUTHORITY, "https://sts.windows.net/x/", { ok: true, value: doc }).fix).toMatch(/AUTH_ISSUER/);
  });

  it("redirect URI: Entra's AADSTS50011 and an error status fail; a sign-in page is ok", () => {
    const bad = judgeRedirectUri("https://c.example/", "spa-id", { ok: true, value: { status: 200, body: "AADSTS50011: The redirect URI 'https://c.example/' specified in the request does not match the redirect URIs configured" } });
    expect(bad).toMatchObject({ status: "fail" });
    expect(bad.fix).toContain("https://c.example/");
    expect(judgeRedirectUri("https://c.example/", "spa-id", { ok: true, value: { status: 400, body: "AADSTS700016: Application with identifier 'spa-id' was not found" } }).fix).toMatch(/AUTH_SPA_CLIENT_ID/);
    expect(judgeRedirectUri("https://c.example/", "spa-id", { ok: true, value: { status: 303, location: "/interaction/abc" } }).status).toBe("ok");
  });

  it("ARM token: a wrong secret gets the secret's fix; DefaultAzureCredential gets az login / workload identity", () => {
    expect(judgeArmToken("ClientSecretCredential", { ok: false, error: "AADSTS7000215: Invalid client secret provided." }).fix).toMatch(/client secret is wrong or expired/);
    expect(judgeArmToken("DefaultAzureCredential", { ok: false, error: "CredentialUnavailableError: no credential" }).fix).toMatch(/az login.*workload/s);
    expect(judgeArmToken("ClientSecretCredential", { ok: true, value: { principalId: "p1", appId: "a1", expiresInMinutes: 59 } })).toMatchObject({ status: "ok", evidence: expect.stringContaining("principal p1") as string });
  });

  it("providers: lists the ones not registered with the az command to register them", () => {
    const c = judgeProviders(["Microsoft.Cache", "Microsoft.Network"], { ok: true, value: [{ namespace: "microsoft.network", registrationState: "Registered" }, { namespace: "Microsoft.Cache", registrationState: "NotRegistered" }] });
    expect(c).toMatchObject({ status: "warn", evidence: "not registered: Microsoft.Cache (NotRegistered)" });
    expect(c.fix).toContain("az provider register -n Microsoft.Cache");
  });

  it("providers: registering ones are not to be registered again, only waited for", () => {
    const waiting = judgeProviders(["Microsoft.Cache"], { ok: true, value: [{ namespace: "Microsoft.Cache", registrationState: "Registering" }] });
    expect(waiting).toMatchObject({ status: "warn", evidence: "not registered yet: Microsoft.Cache (Registering)" });
    expect(waiting.fix).toMatch(/run the doctor again/);
    const mixed = judgeProviders(["Microsoft.Cache", "Microsoft.Storage"], { ok: true, value: [{ namespace: "Microsoft.Cache", registrationState: "Registering" }, { namespace: "Microsoft.Storage", registrationState: "NotRegistered" }] });
    expect(mixed.fix).toContain("az provider register -n Microsoft.Storage");
    expect(mixed.fix).not.toContain("-n Microsoft.Cache");
  });

  it("store: pending migrations fail", () => {
    expect(judgeStore({ ok: true, value: { files: ["001.sql", "002.sql"], applied: ["001.sql"] } })).toMatchObject({ status: "fail", evidence: "reachable; migrations not applied: 002.sql" });
    expect(judgeStore({ ok: true, value: { files: ["001.sql"], applied: ["001.sql"] } }).status).toBe("ok");
  });

  it("role assignments: an ARM without the API says what was checked instead; none at all fails", () => {
    expect(judgeRoleAssignments("p1", { ok: "unsupported", detail: "HTTP 404" }).evidence).toMatch(/not served by this ARM .* subscription and provider reads/);
    expect(judgeRoleAssignments("p1", { ok: true, value: { roles: [] } }).status).toBe("fail");
  });

  it("data planes: an unreachable private host fails with the plain sentence; none is ok", () => {
    expect(judgeDataPlanes([]).status).toBe("ok");
    const c = judgeDataPlanes([
      { environment: "prod", service: "Redis cache c1", host: "c1.redis.cache.windows.net", port: 6379, reachable: false, message: "Redis cache c1 (c1.redis.cache.windows.net:6379) is not reachable from where the console runs: …" },
      { environment: "prod", service: "AKS API aks1", host: "aks1.hcp.eastus.azmk8s.io", port: 443, reachable: true, ms: 30 },
    ]);
    expect(c.status).toBe("fail");
    expect(c.evidence).toMatch(/not reachable from where the console runs/);
    expect(c.evidence).toMatch(/aks1\.hcp\.eastus\.azmk8s\.io:443 reachable/);
  });

  it("the worst status wins", () => {
    expect(overallStatus([{ id: "a", title: "", status: "ok", evidence: "" }, { id: "b", title: "", status: "warn", evidence: "" }])).toBe("warn");
    expect(overallStatus([{ id: "a", title: "", status: "fail", evidence: "" }, { id: "b", title: "", status: "warn", evidence: "" }])).toBe("fail");
  });
});

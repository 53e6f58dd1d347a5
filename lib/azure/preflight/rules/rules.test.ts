import { describe, expect, it } from "vitest";
import { evaluatePreflight } from "../evaluate";
import { preflightBlocks } from "../types";
import { postgresTlsCheck, postgresVersionCheck, redisPlainPortCheck } from "./compatibility";
import { kubernetesVersionCheck } from "./kubernetes-version";
import { nameCheck } from "./names";
import { isActionAllowed, permissionCheck, requiredActions } from "./permissions";
import { providerChecks, requiredNamespaces } from "./providers";
import { skuChecks } from "./skus";
import { failed, makeName, makeObservations, makeSku, makeTarget, makeVersion, ok, REGISTERED_ALL } from "./fixtures";

const target = makeTarget();

describe("a healthy setup", () => {
  it("passes every check and does not block", () => {
    const checks = evaluatePreflight(target, makeObservations());
    expect(checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(preflightBlocks(checks)).toBe(false);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });
});

describe("providers", () => {
  it("needs the namespaces of every planned type plus Compute/Network implied by AKS", () => {
    expect(requiredNamespaces(target)).toEqual(REGISTERED_ALL);
  });
  it("fails an unregistered provider with a one-click fix", () => {
    const obs = ok(REGISTERED_ALL.map((namespace) => ({ namespace, registrationState: namespace === "Microsoft.Cache" ? "NotRegistered" : "Registered" })));
    const checks = providerChecks(target, obs);
    expect(checks.find((c) => c.id === "provider:Microsoft.Cache")).toMatchObject({ status: "fail", fix: { kind: "registerProvider", namespace: "Microsoft.Cache" } });
    expect(preflightBlocks(checks)).toBe(true);
  });
  it("warns while Registering and fails a provider the subscription does not offer", () => {
    const obs = ok([{ namespace: "microsoft.cache", registrationState: "Registering" }]);
    const checks = providerChecks(target, obs);
    expect(checks.find((c) => c.id === "provider:Microsoft.Cache")?.status).toBe("warn");
    expect(checks.find((c) => c.id === "provider:Microsoft.Storage")).toMatchObject({ status: "fail" });
    expect(checks.find((c) => c.id === "provider:Microsoft.Storage")?.fix).toBeUndefined();
  });
});

describe("permissions", () => {
  it("matches actions with wildcards and honours notActions", () => {
    const contributor = [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }];
    expect(isActionAllowed(contributor, "Microsoft.Cache/redis/write")).toBe(true);
    expect(isActionAllowed(contributor, "Microsoft.Authorization/roleAssignments/write")).toBe(false);
    expect(isActionAllowed([{ actions: ["*/read"], notActions: [] }], "Microsoft.Cache/redis/write")).toBe(false);
  });
  it("asks for the group, every planned type and provider registration", () => {
    expect(requiredActions(target)).toEqual(expect.arrayContaining(["Microsoft.Resources/subscriptions/resourceGroups/write", "Microsoft.Cache/redis/write", "Microsoft.Cache/register/action"]));
    expect(requiredActions(target)).not.toContain("Microsoft.Resources/resourceGroups/write");
  });
  it("fails a Reader with the missing actions and the role to assign", () => {
    const c = permissionCheck(target, ok({ scope: "resource group rg-openhands-prod", targetGroupExists: true, entries: [{ actions: ["*/read"], notActions: [] }] }));
    expect(c.status).toBe("fail");
    expect(c.evidence).toContain("no write permission");
    expect(c.remedy).toContain("Contributor");
  });
  it("lists exactly what a partial role lacks", () => {
    const c = permissionCheck(target, ok({ scope: "x", targetGroupExists: true, entries: [{ actions: ["*"], notActions: ["Microsoft.Cache/*"] }] }));
    expect(c.status).toBe("fail");
    expect(c.evidence).toContain("Microsoft.Cache/redis/write, Microsoft.Cache/register/action");
  });
  it("before the group exists, judges the roles assigned at subscription scope and says that is what was checked", () => {
    const sub = `subscription ${target.subscriptionId}`;
    const c = permissionCheck(target, ok({ scope: sub, targetGroupExists: false, roles: ["Contributor"], entries: [{ actions: ["*"], notActions: ["Microsoft.Authorization/*/Write"] }] }));
    expect(c.status).toBe("pass");
    expect(c.evidence).toContain("role assignments at subscription scope, roles Contributor");
    expect(c.evidence).toContain(`resource group ${target.resourceGroup} does not exist yet and will inherit them`);
    const none = permissionCheck(target, ok({ scope: sub, targetGroupExists: false, roles: [], entries: [] }));
    expect(none.status).toBe("fail");
    expect(none.evidence).toContain("no role");
    expect(none.remedy).toContain(`Contributor role (or Owner) on subscription ${target.subscriptionId}`);
    for (const check of [c, none]) expect(`${check.evidence} ${check.remedy ?? ""}`).not.toMatch(/did not answer|status page/);
  });
  it("a token without an object id gets advice to check the roles by hand, not to retry", () => {
    const c = permissionCheck(target, { ok: false, error: { code: "CallerUnknown", message: "no oid" } });
    expect(c.status).toBe("warn");
    expect(c.remedy).toContain("az role assignment list");
    expect(c.remedy).not.toMatch(/status page/);
  });
});

describe("SKU and zone availability", () => {
  const zoned = makeTarget({ aks: { name: "aks", pools: [{ name: "sandbox", vmSize: "Standard_D8ds_v5", minCount: 1, maxCount: 3, zones: ["1", "2"] }] } });
  it("fails a size restricted in the region", () => {
    const c = skuChecks(zoned, ok([makeSku({ name: "Standard_D8ds_v5", restrictions: [{ type: "Location", zones: [], reasonCode: "NotAvailableForSubscription" }] })]));
    expect(c[0]).toMatchObject({ status: "fail", id: "sku:sandbox" });
    expect(c[0]?.evidence).toContain("NotAvailableForSubscription");
  });
  it("fails a zone the size is restricted in and names the usable zones", () => {
    const c = skuChecks(zoned, ok([makeSku({ name: "Standard_D8ds_v5", restrictions: [{ type: "Zone", zones: ["2"] }] })]));
    expect(c[0]).toMatchObject({ status: "fail" });
    expect(c[0]?.remedy).toContain("zones 1, 3");
  });
  it("passes a zone restriction the pool does not use", () => {
    const c = skuChecks(zoned, ok([makeSku({ name: "Standard_D8ds_v5", restrictions: [{ type: "Zone", zones: ["3"] }] })]));
    expect(c[0]?.status).toBe("pass");
  });
  it("fails a size not offered at all", () => {
    expect(skuChecks(zoned, ok([makeSku()]))[0]?.status).toBe("fail");
  });
});

describe("AKS version", () => {
  const versions = makeObservations().kubernetesVersions;
  const withVersion = (v?: string) => makeTarget({ aks: { name: "aks", pools: [], ...(v ? { kubernetesVersion: v } : {}) } });
  it("passes a GA minor and an offered patch", () => {
    expect(kubernetesVersionCheck(withVersion("1.33"), versions)?.status).toBe("pass");
    expect(kubernetesVersionCheck(withVersion("1.33.2"), versions)?.status).toBe("pass");
  });
  it("fails a version AKS does not offer, naming the default", () => {
    const c = kubernetesVersionCheck(withVersion("1.29"), versions);
    expect(c?.status).toBe("fail");
    expect(c?.remedy).toContain("1.34");
    expect(kubernetesVersionCheck(withVersion("1.33.9"), versions)?.status).toBe("fail");
  });
  it("warns on preview, passes the default when none is pinned", () => {
    expect(kubernetesVersionCheck(withVersion("1.35"), versions)?.status).toBe("warn");
    expect(kubernetesVersionCheck(withVersion(), versions)?.evidence).toContain("default 1.34");
    expect(kubernetesVersionCheck(withVersion(), ok([makeVersion()]))?.status).toBe("warn");
  });
});

describe("name availability", () => {
  it("passes a free name and one that is already ours", () => {
    expect(nameCheck("storage", "stopenhandsprodab12c", target, ok(makeName()))).toMatchObject({ status: "pass" });
    const ours = nameCheck("storage", "stopenhandsprodab12c", target, ok(makeName({ nameAvailable: false, reason: "AlreadyExists", ours: true })));
    expect(ours.status).toBe("pass");
    expect(ours.evidence).toContain("already yours");
  });
  it("fails a name taken by someone else, and an invalid one with Azure's message", () => {
    expect(nameCheck("storage", "openhands", target, ok(makeName({ nameAvailable: false, reason: "AlreadyExists" })))).toMatchObject({ status: "fail" });
    const invalid = nameCheck("postgres", "DB", target, ok(makeName({ nameAvailable: false, reason: "Invalid", message: "must be lowercase" })));
    expect(invalid.evidence).toContain("must be lowercase");
  });
  it("reports an unreadable answer as a warn", () => {
    expect(nameCheck("redis", "cache-x", target, failed(503, "ServiceUnavailable")).status).toBe("warn");
  });
});

describe("OpenHands compatibility", () => {
  it("fails PostgreSQL TLS with a release lacking DB_SSL_MODE, passes with one that has it", () => {
    expect(postgresTlsCheck(makeTarget({ openhands: { version: "0.62.0", supportsDbTls: false } }))?.status).toBe("fail");
    expect(postgresTlsCheck(target)?.status).toBe("pass");
    expect(postgresTlsCheck(makeTarget({ openhands: { version: "9.9.9" } }))?.status).toBe("warn");
    expect(postgresTlsCheck(makeTarget({ postgres: { requireSecureTransport: false } }))?.status).toBe("warn");
  });
  it("fails a PostgreSQL major below the release's minimum; skips when either is unknown", () => {
    const t = (version: number) => makeTarget({ postgres: { requireSecureTransport: true, version }, openhands: { version: "1.54.0", supportsDbTls: true, minPostgresVersion: 16 } });
    expect(postgresVersionCheck(t(15))).toMatchObject({ status: "fail", evidence: expect.stringContaining("needs PostgreSQL 16") });
    expect(postgresVersionCheck(t(17))?.status).toBe("pass");
    expect(postgresVersionCheck(target)).toBeUndefined();
  });
  it("fails Redis without the plain port, warns on a plain port on the public endpoint", () => {
    expect(redisPlainPortCheck(makeTarget({ redis: { enableNonSslPort: false, publicNetworkAccess: "Disabled" } }))?.status).toBe("fail");
    const open = redisPlainPortCheck(makeTarget({ redis: { enableNonSslPort: true, publicNetworkAccess: "Enabled" } }));
    expect(open?.status).toBe("warn");
    expect(open?.evidence).toContain("unencrypted outside the VNet");
    expect(redisPlainPortCheck(makeTarget({ redis: { enableNonSslPort: true, publicNetworkAccess: "Enabled", subnetId: "/subscriptions/x/subnets/y" } }))?.status).toBe("pass");
  });
});

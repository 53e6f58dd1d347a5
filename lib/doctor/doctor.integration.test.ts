/**
 * The doctor against the local stack as "an Azure": the real local Entra (OpenID discovery, the
 * SPA's registered redirect URIs, client credentials for the console's identity), the local
 * Azure (subscription, providers, an environment's Redis cache on a real redis-server) and a
 * fresh store database on the real PostgreSQL. Then one broken setting at a time gives the
 * specific failure and its fix. Ports 48660 (ARM) / 48661 (Entra), engines on 127.46.x.y.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveNames } from "@/lib/azure/naming";
import { REGISTRABLE_NAMESPACES } from "@/lib/azure/preflight/register";
import { loadConfig, type ConsoleConfig } from "@/lib/config";
import { createEnvironment } from "@/lib/store/environments";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import type { DoctorCheck } from "./checks";
import { runDoctor } from "./run";
import { forgetConnections } from "@/lib/environments/data-plane";
import { selectEnvironment } from "@/lib/environments/target";
import { loadRedisPage } from "@/app/(console)/redis/redis-data";

let store: TestStore;
let stack: DataPlaneStack;
let env: Record<string, string>;

const cfg = (overrides: Record<string, string> = {}): ConsoleConfig => loadConfig({ ...env, ...overrides });
const byId = (checks: DoctorCheck[], id: string) => checks.find((c) => c.id === id);

beforeAll(async () => {
  store = await startTestStore("postgres", { pglitePort: 48662 });
  stack = await startDataPlaneStack({ armPort: 48660, entraPort: 48661, loopbackOctet: 46, dataDirPrefix: "doctor-", resourceGroup: "rg-openhands-dr", providers: [...REGISTRABLE_NAMESPACES] });
  const id = loadOrCreateStackIdentity(stack.dataDir);
  env = {
    CONSOLE_URL: "http://localhost:3000", // the SPA redirect URI the local Entra has registered
    DATABASE_URL: store.url,
    AUTH_TENANT_ID: id.tenantId,
    AUTH_AUTHORITY: stack.entra.authority,
    AUTH_SPA_CLIENT_ID: id.spaClientId,
    AUTH_API_AUDIENCE: id.apiAudience,
    AUTH_API_SCOPE: `${id.apiAudience}/Console.Access`,
    AZURE_SUBSCRIPTION_ID: id.subscriptionId,
    ARM_ENDPOINT: stack.endpoint,
    AZURE_TENANT_ID: id.tenantId,
    AZURE_CLIENT_ID: id.consoleApp.clientId,
    AZURE_CLIENT_SECRET: id.consoleApp.clientSecret,
    AZURE_AUTHORITY_HOST: stack.entra.origin,
    AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
    SECRETS_KEY: randomBytes(32).toString("base64"),
  };
  // One environment with a cache on a real redis-server: its data plane is reachable from here.
  await createEnvironment(store.pool, { name: "dr", subscriptionId: id.subscriptionId, region: "eastus", resourceGroup: "rg-openhands-dr", status: "ready", createdBy: "ada" });
  const names = resolveNames("dr", id.subscriptionId);
  await stack.arm.redis.redis.beginCreateAndWait("rg-openhands-dr", names.redisCache, { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true }, { updateIntervalInMs: 20 });
}, 180_000);

afterAll(async () => {
  await forgetConnections();
  await stack?.close();
  await store?.close();
});

describe("the doctor", () => {
  it("is green against the local stack configured like a tenant", async () => {
    const report = await runDoctor(cfg(), { pool: store.pool });
    const summary = report.checks.map((c) => `${c.id}: ${c.status} — ${c.evidence}`).join("\n");
    for (const id of ["authority", "redirect-uri", "arm-token", "subscription", "providers", "store"]) {
      expect(byId(report.checks, id)?.status, summary).toBe("ok");
    }
    // Only the console identity's own assignments (assignedTo), by role name: the stack gives its app Contributor.
    const roles = byId(report.checks, "role-assignments");
    expect(roles?.status, summary).toBe("ok");
    const id = loadOrCreateStackIdentity(stack.dataDir);
    expect(roles?.evidence).toBe(`principal ${id.consoleApp.objectId}: Contributor on /subscriptions/${id.subscriptionId}`);
    // The environment's cache is reachable; its PostgreSQL server and AKS cluster do not exist (not provisioned here).
    const planes = byId(report.checks, "data-planes");
    expect(planes?.evidence).toMatch(/dr: Redis cache cache-openhands-dr-\w+ 127\.46\.\d+\.\d+:6379 reachable/);
    expect(planes?.evidence).toMatch(/dr: PostgreSQL server .*: ARM: HTTP 404/);
    expect(planes?.status).toBe("warn");
    expect(JSON.stringify(report)).not.toContain(env.AZURE_CLIENT_SECRET);
  });

  it("a wrong authority fails discovery with the fix", async () => {
    const wrong = stack.entra.authority.replace(env.AUTH_TENANT_ID ?? "", "00000000-0000-0000-0000-000000000000");
    const report = await runDoctor(cfg({ AUTH_AUTHORITY: wrong }), { pool: store.pool });
    const c = byId(report.checks, "authority");
    expect(c).toMatchObject({ status: "fail" });
    expect(c?.evidence).toContain(`GET ${wrong}/.well-known/openid-configuration failed`);
    expect(c?.fix).toMatch(/AUTH_AUTHORITY/);
    expect(report.status).toBe("fail");
  });

  it("a wrong client secret fails the ARM token with the secret's fix, and skips what needs the token", async () => {
    const report = await runDoctor(cfg({ AZURE_CLIENT_SECRET: "not-the-secret-0123456789" }), { pool: store.pool });
    const c = byId(report.checks, "arm-token");
    expect(c?.status).toBe("fail");
    expect(c?.fix).toMatch(/client secret is wrong or expired/);
    expect(byId(report.checks, "subscription")).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain("not-the-secret-0123456789");
  });

  it("a console URL that is not a registered redirect URI fails the redirect check", async () => {
    const report = await runDoctor(cfg({ CONSOLE_URL: "https://console.contoso.example" }), { pool: store.pool });
    const c = byId(report.checks, "redirect-uri");
    expect(c, JSON.stringify(c)).toMatchObject({ status: "fail" });
    expect(c?.fix).toContain("https://console.contoso.example/");
  });

  // Last: stops the engines. A cache whose host no longer answers stands for a private one out of reach.
  it("a data plane that does not answer: the doctor and the Redis page say so plainly, within seconds", async () => {
    await stack.planes.close();
    const t0 = Date.now();
    const report = await runDoctor(cfg(), { pool: store.pool });
    const planes = byId(report.checks, "data-planes");
    expect(planes?.status).toBe("fail");
    expect(planes?.evidence).toMatch(/Redis cache cache-openhands-dr-\w+ \(127\.46\.[\d.]+:6379\) is not reachable from where the console runs/);
    expect(planes?.fix).toMatch(/inside the environment's VNet/);

    const target = await selectEnvironment(store.pool);
    if (!target) throw new Error("no environment");
    const page = await loadRedisPage(target, { arm: stack.arm });
    expect(page.ok).toBe(false);
    if (!page.ok) expect(page.reason).toMatch(/is not reachable from where the console runs: .*run the console inside it/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

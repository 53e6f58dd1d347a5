/**
 * Preflight end to end against the local Azure through the real SDK clients: a real local Entra
 * (tokens for the ARM and for the console's own action wrapper), real PostgreSQL for the audit
 * log. Each scenario changes the local Azure the way a real subscription would differ (provider
 * not registered, quota lowered, SKU restricted, name taken, Reader role, failing reads) and
 * asserts the check that must turn, with its numbers.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction, type ExecutionContext } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier, type TokenVerifier } from "@/lib/auth/token";
import { buildPlan, setupInputSchema, type ProvisioningPlan } from "@/lib/azure/provisioning/plan";
import { presetSizing } from "@/lib/azure/sizing";
import { migrate } from "@/lib/store/migrate";
import { registerProviderActionDefinition } from "./register-action";
import { runPreflight } from "./run";
import { preflightBlocks, type PreflightCheck } from "./types";
import { createPool } from "@/lib/store/db";

const ARM_PORT = 45443;
const ENTRA_PORT = 45444;
const DB = `preflight_${process.pid}_${Date.now()}`;

let stack: ConformanceStack;
let plan: ProvisioningPlan;
let verify: TokenVerifier;
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let pool: pg.Pool;

function planFor(subscriptionId: string, kubernetesVersion?: string): ProvisioningPlan {
  return buildPlan(
    setupInputSchema.parse({
      environment: { name: "pf", subscriptionId, region: "eastus" },
      sizing: { ...presetSizing("pilot"), ...(kubernetesVersion ? { kubernetesVersion } : {}) },
      identity: { keycloakUrl: "https://auth.example.com", clientId: "openhands", entraTenantId: subscriptionId, entraClientId: subscriptionId },
      openhands: { version: "1.54.0", host: "openhands.example.com", tls: { mode: "none" }, llm: { model: "anthropic/claude-sonnet-4-5" } },
    }),
  );
}

const byId = (checks: PreflightCheck[], id: string) => checks.find((c) => c.id === id);

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.arm.endpoint}/_emulator/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status).toBeLessThan(300);
}

async function ctx(user: "admin" | "operator"): Promise<ExecutionContext> {
  const token = await signTestToken(stack.dataDir, userAccessTokenClaims(stack.dataDir, stack.entra.issuer, user));
  return { token, requestId: `req-${user}-${Date.now()}`, audit: storeAuditWriter(pool), verify };
}

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: ARM_PORT, entraPort: ENTRA_PORT });
  plan = planFor(stack.subscriptionId);
  const identity = loadOrCreateStackIdentity(stack.dataDir);
  verify = createTokenVerifier({ authority: stack.entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  pool = createPool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DB}`, max: 2 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  await stack?.close();
});

describe("preflight against the local Azure", () => {
  it("a fresh subscription: unregistered providers fail with a register fix and block Provision; the rest passes", async () => {
    const checks = await runPreflight(stack.clients(), plan);
    const cache = byId(checks, "provider:Microsoft.Cache");
    expect(cache).toMatchObject({ status: "fail", fix: { kind: "registerProvider", namespace: "Microsoft.Cache" } });
    expect(cache?.evidence).toContain("NotRegistered");
    expect(byId(checks, "provider:Microsoft.Compute")?.status).toBe("pass");
    expect(preflightBlocks(checks)).toBe(true);
    for (const id of ["quota:standardDDSv5Family", "quota:cores", "sku:sandbox", "aks-version", "name:postgres", "name:redis", "name:storage", "network:cidrs", "compat:postgres-version", "compat:postgres-tls", "compat:redis-plain-port"]) {
      expect(byId(checks, id), id).toMatchObject({ status: "pass" });
    }
    // No resource group exists yet anywhere: the console identity's role assignments at subscription
    // scope are what a new group inherits, read and judged (its stack role is Contributor or Owner).
    const permissions = byId(checks, "permissions");
    expect(permissions).toMatchObject({ status: "pass", evidence: expect.stringContaining("role assignments at subscription scope") });
    expect(permissions?.evidence).toMatch(/roles (Contributor|Owner)/);
    expect(permissions?.remedy).toBeUndefined();
  });

  it("registerProviderAction: Operator refused, bad namespace refused, Admin registers (audited); then the provider checks pass", async () => {
    const def = registerProviderActionDefinition(() => stack.clients());
    const sub = stack.subscriptionId;
    const denied = await executeAction(def, await ctx("operator"), { subscriptionId: sub, namespace: "Microsoft.Cache" });
    expect(denied).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const bad = await executeAction(def, await ctx("admin"), { subscriptionId: sub, namespace: "Microsoft.Evil" });
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect((await stack.clients().resources.providers.get("Microsoft.Cache")).registrationState).toBe("NotRegistered");

    const failing = (await runPreflight(stack.clients(), plan)).filter((c) => c.fix?.kind === "registerProvider");
    expect(failing.map((c) => c.fix?.namespace).sort()).toEqual(["Microsoft.Cache", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Insights", "Microsoft.Network", "Microsoft.Storage"]);
    for (const c of failing) {
      const r = await executeAction(def, await ctx("admin"), { subscriptionId: sub, namespace: c.fix?.namespace });
      expect(r).toMatchObject({ ok: true, data: { registrationState: "Registered" } });
    }
    const audit = await pool.query<{ action: string; outcome: string; target: string }>("SELECT action, outcome, target FROM audit_events WHERE action = 'setup.registerProvider' ORDER BY id");
    expect(audit.rows.filter((r) => r.outcome === "success")).toHaveLength(6);
    expect(audit.rows.some((r) => r.outcome === "denied")).toBe(true);
    expect(audit.rows.find((r) => r.outcome === "success")?.target).toBe(`/subscriptions/${sub}/providers/Microsoft.Cache`);

    // The console's Azure identity itself may lack the right: Azure's 403 becomes a specific refusal.
    const asReader = registerProviderActionDefinition(() => stack.clients(stack.reader));
    const refused = await executeAction(asReader, await ctx("admin"), { subscriptionId: sub, namespace: "Microsoft.Cache" });
    expect(refused).toMatchObject({ ok: false, error: { code: "azure_forbidden", message: expect.stringContaining("Microsoft.Cache/register/action") } });

    const after = await runPreflight(stack.clients(), plan);
    expect(after.filter((c) => c.id.startsWith("provider:")).every((c) => c.status === "pass")).toBe(true);
  });

  it("a vCPU quota lowered through the compute settings fails with the numbers (max + surge)", async () => {
    await control("PUT", "providers/Microsoft.Compute/settings", { limits: { eastus: { standardDDSv5Family: 30 } } });
    try {
      const quota = byId(await runPreflight(stack.clients(), plan), "quota:standardDDSv5Family");
      expect(quota?.status).toBe("fail");
      // pilot: system (2+1)×2 + platform (2+1)×4 + sandbox (2+1)×8 = 42 vCPUs
      expect(quota?.evidence).toContain("Limit 30, in use by others 0, free 30");
      expect(quota?.evidence).toContain("needs 42");
      expect(quota?.remedy).toContain("to at least 42");
    } finally {
      await control("PUT", "providers/Microsoft.Compute/settings", {});
    }
  });

  it("a VM size restricted in the region fails its SKU check", async () => {
    await control("PUT", "providers/Microsoft.Compute/settings", { skuRestrictions: [{ sku: "Standard_D8ds_v5", location: "eastus" }] });
    try {
      const checks = await runPreflight(stack.clients(), plan);
      expect(byId(checks, "sku:sandbox")).toMatchObject({ status: "fail", evidence: expect.stringContaining("NotAvailableForSubscription") });
      expect(byId(checks, "sku:platform")?.status).toBe("pass");
    } finally {
      await control("PUT", "providers/Microsoft.Compute/settings", {});
    }
  });

  it("an AKS version the region does not offer fails", async () => {
    const check = byId(await runPreflight(stack.clients(), planFor(stack.subscriptionId, "1.29")), "aks-version");
    expect(check).toMatchObject({ status: "fail", evidence: expect.stringContaining("1.29 is not offered") });
  });

  it("a storage name taken elsewhere fails; the same name on our own account in the target group passes as already yours", async () => {
    const name = plan.environment.names.storageAccount;
    await control("PUT", "providers/Microsoft.Storage/reservedNames", { names: [name] });
    try {
      expect(byId(await runPreflight(stack.clients(), plan), "name:storage")).toMatchObject({ status: "fail", evidence: expect.stringContaining("taken") });
    } finally {
      await control("PUT", "providers/Microsoft.Storage/reservedNames", { names: [] });
    }
    const clients = stack.clients();
    await clients.resources.resourceGroups.createOrUpdate(plan.environment.resourceGroup, { location: "eastus" });
    await clients.storage.storageAccounts.create(plan.environment.resourceGroup, name, { location: "eastus", sku: { name: "Standard_LRS" }, kind: "StorageV2", minimumTlsVersion: "TLS1_2" }, { updateIntervalInMs: 5 });
    const ours = byId(await runPreflight(clients, plan), "name:storage");
    expect(ours).toMatchObject({ status: "pass", evidence: expect.stringContaining("already yours") });
  });

  it("a Reader principal fails the permission check; the Owner passes it", async () => {
    // The target group exists since the previous test.
    const asReader = byId(await runPreflight(stack.clients(stack.reader), plan), "permissions");
    expect(asReader?.status).toBe("fail");
    expect(asReader?.evidence).toContain(`resource group ${plan.environment.resourceGroup}`);
    expect(asReader?.remedy).toContain("Contributor");
    expect(byId(await runPreflight(stack.clients(), plan), "permissions")).toMatchObject({ status: "pass" });
  });

  it("a re-run does not count the vCPUs of this environment's existing cluster twice", async () => {
    const aks = stack.clients().containerService.managedClusters;
    // Our cluster exists with one 8-vCPU sandbox node and one 2-vCPU system node: 10 vCPUs in use, all ours.
    await aks.createOrUpdate(
      plan.environment.resourceGroup,
      plan.environment.names.aksCluster,
      { location: "eastus", dnsPrefix: "pf", agentPoolProfiles: [{ name: "system", count: 1, vmSize: "Standard_D2ds_v5", mode: "System" }, { name: "sandbox", count: 1, vmSize: "Standard_D8ds_v5", mode: "User" }] },
      { updateIntervalInMs: 5 },
    );
    // The plan needs 42 at maximum scale with surge; a limit of 45 fits only when ours are not counted twice.
    await control("PUT", "providers/Microsoft.Compute/settings", { limits: { eastus: { standardDDSv5Family: 45 } } });
    try {
      const quota = byId(await runPreflight(stack.clients(), plan), "quota:standardDDSv5Family");
      expect(quota?.evidence).toContain("Limit 45, in use by others 0 (plus 10 by this environment's cluster, counted once), free 45");
      expect(quota?.status).toBe("warn"); // 42 of 45: fits, with under 10% room
    } finally {
      await control("PUT", "providers/Microsoft.Compute/settings", {});
      await aks.delete(plan.environment.resourceGroup, plan.environment.names.aksCluster, { updateIntervalInMs: 5 });
    }
  });

  it("ARM errors and stalls while gathering become checks with the error, never a crash", async () => {
    await control("POST", "faults", [
      { match: { path: "/kubernetesVersions" }, count: 5, action: { type: "error", status: 403, code: "AuthorizationFailed", message: "no access to versions" } },
      { match: { path: "/locations/eastus/usages" }, count: 5, action: { type: "stall", ms: 3000 } },
    ]);
    try {
      const checks = await runPreflight(stack.clients(), plan, { timeoutMs: 1000 });
      expect(byId(checks, "aks-version")).toMatchObject({ status: "fail", evidence: expect.stringContaining("403 AuthorizationFailed") });
      expect(byId(checks, "quota")).toMatchObject({ status: "warn", evidence: expect.stringContaining("no answer within 1 s") });
      expect(byId(checks, "sku:sandbox")?.status).toBe("pass");
    } finally {
      await control("DELETE", "faults");
    }
  });
});

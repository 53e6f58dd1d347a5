/**
 * "Move the console into this environment" through the operations worker against the local
 * Azure (real arm-msi / arm-authorization / arm-postgresql-flexible clients, real store on
 * PostgreSQL): after a setup whose cluster has an OIDC issuer, the move creates the console's
 * managed identity, its federated credential for the console's ServiceAccount, the least-privilege
 * role assignments and the `console` database; a re-run changes nothing; one operation at a time.
 * The Settings action: Reader and Operator refused (nothing started), the admin's start audited.
 * Ports 46453 (ARM) / 46454 (Entra).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMoveAction } from "@/app/(console)/settings/console-move-action";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { executeAction } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier } from "@/lib/auth/token";
import { CONSOLE_ROLE_TABLE } from "@/lib/azure/console-move/role-table";
import { OperationInProgressError } from "@/lib/store/errors";
import { ConsoleMovePlanError } from "@/lib/azure/console-move/plan";
import type { Environment } from "@/lib/store/environments";
import { startConsoleMoveOperation } from "./start-console-move";
import { startSetupOperation } from "./start-setup";
import { startExecutorHarness, type ExecutorHarness } from "./testing/executor-harness";

let h: ExecutorHarness;
let environment: Environment;
let rg: string;

beforeAll(async () => {
  h = await startExecutorHarness({ armPort: 46453, entraPort: 46454, timeScale: 0.002 });
  const made = await h.environment("moveit", "mv1ab");
  environment = made.environment;
  rg = environment.resourceGroup;
  // Setup's real plan enables the OIDC issuer and workload identity (plan-compute.ts); the sample plan does too here.
  const plan = structuredClone(made.plan);
  const aks = plan.resources.find((r) => r.type === "Microsoft.ContainerService/managedClusters")!;
  Object.assign(aks.armBody as object, { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } });
  h.worker();
  const setup = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
  await h.waitFor(setup.id, ["succeeded"], 120_000);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe("console move operation", () => {
  it("creates the identity, its workload-identity trust, the role table's assignments and the console database", async () => {
    const { operation } = await startConsoleMoveOperation(h.store.pool, h.stack.clients(), environment, { id: "admin-oid", name: "Ada" });
    expect(operation.kind).toBe("console-move");
    expect(operation.steps.map((s) => s.key).sort()).toEqual(["console.database", "console.federation", "console.identity", "console.roles"]);
    const done = await h.waitFor(operation.id, ["succeeded", "failed"], 60_000);
    expect(done.steps.map((s) => [s.key, s.status, s.error?.message ?? null])).toEqual(done.steps.map((s) => [s.key, "succeeded", null]));

    const clients = h.stack.clients();
    const identity = await clients.msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const cluster = await clients.containerService.managedClusters.get(rg, "aks-openhands-moveit");
    const fic = await clients.msi.federatedIdentityCredentials.get(rg, "id-openhands-console-moveit", "openhands-console");
    expect(fic).toMatchObject({ issuer: cluster.oidcIssuerProfile?.issuerURL, subject: "system:serviceaccount:openhands-console:openhands-console", audiences: ["api://AzureADTokenExchange"] });

    const granted: string[] = [];
    for (const scope of [`/subscriptions/${h.stack.subscriptionId}`, `/subscriptions/${h.stack.subscriptionId}/resourceGroups/${rg}`]) {
      for await (const a of clients.authorization.roleAssignments.listForScope(scope, { filter: `atScope() and principalId eq '${identity.principalId!}'` })) {
        if (a.scope === scope) granted.push(`${a.roleDefinitionId!.split("/").pop()!}@${a.scope}`);
      }
    }
    expect(granted.sort()).toEqual(CONSOLE_ROLE_TABLE.map((g) => `${g.roleDefinitionGuid}@${g.scope === "subscription" ? `/subscriptions/${h.stack.subscriptionId}` : `/subscriptions/${h.stack.subscriptionId}/resourceGroups/${rg}`}`).sort());

    const servers = [];
    for await (const s of clients.postgres.servers.listByResourceGroup(rg)) servers.push(s.name!);
    const db = await clients.postgres.databases.get(rg, servers[0]!, "console");
    expect(db.name).toBe("console");
  });

  it("a re-run finds everything in place: every step unchanged, no new assignment", async () => {
    const puts = h.countPuts("Microsoft.Authorization/roleAssignments");
    const { operation } = await startConsoleMoveOperation(h.store.pool, h.stack.clients(), environment, "admin-oid");
    const done = await h.waitFor(operation.id, ["succeeded", "failed"], 60_000);
    expect(done.steps.map((s) => s.status)).toEqual(done.steps.map(() => "skipped"));
    expect(puts()).toBe(0);
  });

  it("an identity deleted and re-created by hand: the trust is restored and the roles move to the new principal", async () => {
    const msi = h.stack.clients().msi;
    const old = await msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    await msi.userAssignedIdentities.delete(rg, "id-openhands-console-moveit");
    const { operation } = await startConsoleMoveOperation(h.store.pool, h.stack.clients(), environment, "admin-oid");
    const done = await h.waitFor(operation.id, ["succeeded", "failed"], 60_000);
    expect(done.status).toBe("succeeded");
    const fresh = await msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    expect(fresh.principalId).not.toBe(old.principalId);
    const holders: string[] = [];
    for await (const a of h.stack.clients().authorization.roleAssignments.listForResourceGroup(rg)) if (a.scope?.toLowerCase() === `/subscriptions/${h.stack.subscriptionId}/resourcegroups/${rg}`.toLowerCase()) holders.push(a.principalId!);
    expect(holders).toContain(fresh.principalId);
    expect(holders).not.toContain(old.principalId);
    expect((await msi.federatedIdentityCredentials.get(rg, "id-openhands-console-moveit", "openhands-console")).subject).toBe("system:serviceaccount:openhands-console:openhands-console");
  });

  it("refuses a second operation while one runs, and an environment without a cluster", async () => {
    const first = await startConsoleMoveOperation(h.store.pool, h.stack.clients(), environment, "admin-oid");
    await expect(startConsoleMoveOperation(h.store.pool, h.stack.clients(), environment, "admin-oid")).rejects.toBeInstanceOf(OperationInProgressError);
    await h.waitFor(first.operation.id, ["succeeded", "failed"], 60_000);
    const empty = await h.environment("emptyenv", "mv2cd");
    await h.stack.clients().resources.resourceGroups.createOrUpdate(empty.environment.resourceGroup, { location: "eastus" });
    await expect(startConsoleMoveOperation(h.store.pool, h.stack.clients(), empty.environment, "admin-oid")).rejects.toBeInstanceOf(ConsoleMovePlanError);
  });
});

describe("the Settings action (console.move)", () => {
  async function as(user: "admin" | "operator" | "reader", environmentId: string) {
    const identity = loadOrCreateStackIdentity(h.stack.dataDir);
    const verify = createTokenVerifier({ authority: h.stack.entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
    const token = await signTestToken(h.stack.dataDir, userAccessTokenClaims(h.stack.dataDir, h.stack.entra.issuer, user));
    const def = consoleMoveAction({ db: () => h.store.pool, arm: () => h.stack.clients() });
    return executeAction(def, { token, requestId: `req-${randomUUID()}`, audit: storeAuditWriter(h.store.pool), verify }, { environmentId });
  }
  const moves = async () => (await h.store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM operations WHERE kind = 'console-move'")).rows[0]!.n;

  it("refuses Reader and Operator without starting anything; the admin starts it, audited with what it creates", async () => {
    const before = await moves();
    for (const user of ["reader", "operator"] as const) {
      const r = await as(user, environment.id);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("forbidden");
    }
    expect(await moves()).toBe(before);
    const r = await as("admin", environment.id);
    if (!r.ok) throw new Error(r.error.message);
    await h.waitFor(r.data.operationId, ["succeeded", "failed"], 60_000);
    expect(await moves()).toBe(before + 1);
    const audit = await h.store.pool.query<{ outcome: string; target: string; changes: string | null }>("SELECT outcome, target, changes::text AS changes FROM audit_events WHERE action = 'console.move' ORDER BY id");
    expect(audit.rows.map((a) => a.outcome)).toEqual(["denied", "denied", "success"]);
    expect(audit.rows[2]?.target).toBe(`operation/${r.data.operationId}`);
    expect(JSON.stringify(audit.rows[2])).toContain("id-openhands-console-moveit");
  });

  it("says plainly when the environment is not ready (no cluster) and changes nothing", async () => {
    const other = await h.environment("notready", "mv3ef");
    const r = await as("admin", other.environment.id);
    expect(r).toMatchObject({ ok: false, error: { code: "environment_not_ready" } });
    if (!r.ok) expect(r.error.message).toContain("run setup first");
  });
});

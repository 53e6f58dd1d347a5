/**
 * The plan's bodies are accepted by Azure as the local Azure imitates it: every planned resource
 * is PUT with the real SDK clients in step order, ends Succeeded, and reads back with the settings
 * that matter (sandbox pool label/taint, Redis plain port in the VNet, private PostgreSQL, …).
 * Ports 51643 (ARM) and 51644 (Entra) belong to this test.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { buildPlan } from "./plan";
import type { PlannedResource, ProvisioningPlan } from "./plan-types";
import { makeSetupInput } from "./testing/setup-fixtures";
import { putPlannedResource } from "./testing/put-planned";

const NAMESPACES = ["Microsoft.Network", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Cache", "Microsoft.Storage", "Microsoft.Insights"];

function withSecrets(r: PlannedResource): unknown {
  const body = structuredClone(r.armBody) as unknown as Record<string, unknown>;
  for (const s of r.secretInputs ?? []) body[s.path] = `Oh1-${randomBytes(12).toString("base64url")}`;
  return body;
}

/** Steps in an order that respects dependsOn (the executor runs them in parallel instead). */
function stepOrder(plan: ProvisioningPlan): ProvisioningPlan["steps"] {
  const done = new Set<string>();
  const out: ProvisioningPlan["steps"] = [];
  while (out.length < plan.steps.length) {
    const next = plan.steps.find((s) => !done.has(s.key) && s.dependsOn.every((d) => done.has(d)));
    if (!next) throw new Error("plan steps have a cycle");
    done.add(next.key);
    out.push(next);
  }
  return out;
}

describe("plan bodies against the local Azure", () => {
  let stack: ConformanceStack;
  beforeAll(async () => {
    stack = await startConformanceStack({ armPort: 51643, entraPort: 51644 });
    const c = stack.clients();
    for (const ns of NAMESPACES) await c.resources.providers.register(ns);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("provisions every resource of a team plan, and a second run changes nothing it should not", async () => {
    const plan = buildPlan(makeSetupInput({ environment: { subscriptionId: stack.subscriptionId, alertEmail: "ops@example.com" } }));
    const c = stack.clients();
    const dns = stack.clients().privateDns;
    for (const step of stepOrder(plan)) {
      for (const key of step.resourceKeys) {
        const r = plan.resources.find((x) => x.key === key)!;
        await expect(putPlannedResource(c, dns, r, withSecrets(r)), `${step.key}/${r.key}`).resolves.toBeUndefined();
      }
    }
    const rg = plan.environment.resourceGroup;
    const n = plan.environment.names;

    const aks = await c.containerService.managedClusters.get(rg, n.aksCluster);
    expect(aks.provisioningState).toBe("Succeeded");
    const sandbox = aks.agentPoolProfiles?.find((p) => p.name === "sandbox");
    expect(sandbox?.nodeTaints).toEqual(["openhands.dev/sandbox=true:NoSchedule"]);
    expect(sandbox?.nodeLabels).toMatchObject({ "openhands.dev/sandbox": "true" });
    expect(sandbox?.enableAutoScaling).toBe(true);

    const pg = await c.postgres.servers.get(rg, n.postgresServer);
    expect(pg.state).toBe("Ready");
    expect(pg.network?.publicNetworkAccess).toBe("Disabled");
    expect(pg.network?.delegatedSubnetResourceId?.toLowerCase()).toBe(`${plan.resources.find((r) => r.key === "vnet")!.id}/subnets/${n.dbSubnet}`.toLowerCase());
    const dbs: string[] = [];
    for await (const d of c.postgres.databases.listByServer(rg, n.postgresServer)) dbs.push(d.name ?? "");
    expect(dbs).toEqual(expect.arrayContaining(plan.openhands.databases));

    const redis = await c.redis.redis.get(rg, n.redisCache);
    expect(redis.provisioningState).toBe("Succeeded");
    expect(redis.enableNonSslPort).toBe(true);
    expect(redis.subnetId).toMatch(/subnets\/snet-openhands-redis$/i);

    const storage = await c.storage.storageAccounts.getProperties(rg, n.storageAccount);
    expect(storage.provisioningState).toBe("Succeeded");
    expect(storage.minimumTlsVersion).toBe("TLS1_2");

    const vnet = await c.network.virtualNetworks.get(rg, n.virtualNetwork);
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual([n.appSubnet, n.dbSubnet, n.redisSubnet].sort());

    const alerts: string[] = [];
    for await (const a of c.monitor.metricAlerts.listByResourceGroup(rg)) alerts.push(a.name ?? "");
    expect(alerts.sort()).toEqual(plan.resources.filter((r) => r.type === "Microsoft.Insights/metricAlerts").map((r) => r.name).sort());

    // Rerun: the same plan PUT again (what "setup again" does) is accepted and keeps every resource.
    const again = buildPlan(makeSetupInput({ environment: { subscriptionId: stack.subscriptionId, alertEmail: "ops@example.com" } }));
    expect(again).toEqual(plan);
    for (const key of ["vnet", "nsg-db", "storage-lifecycle"]) {
      const r = again.resources.find((x) => x.key === key)!;
      await putPlannedResource(c, dns, r, withSecrets(r));
    }
    const vnet2 = await c.network.virtualNetworks.get(rg, n.virtualNetwork);
    expect(vnet2.subnets?.length).toBe(3);
  });
});

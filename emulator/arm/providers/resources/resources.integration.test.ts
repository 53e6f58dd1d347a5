/**
 * Microsoft.Resources conformance: the real arm-resources client against the local ARM, answers
 * compared with Azure's REST examples (fixtures). Subscriptions and locations have no SDK in
 * the console's set, so they are checked on the wire.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestError } from "@azure/core-rest-pipeline";
import { FIXTURES, shapeDifferences, startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";

const fixture = (name: string) =>
  JSON.parse(readFileSync(`${FIXTURES}/${name}`, "utf8")) as { parameters: Record<string, unknown>; responses: Record<string, { body?: unknown; headers?: Record<string, string> }> };

let stack: ArmTestStack;
let sub: string;
beforeAll(async () => {
  stack = await startArmTestStack();
  sub = stack.identity.subscriptionId;
});
afterAll(async () => {
  await stack.close();
});

describe("resource groups", () => {
  it("creates (201) then updates (200) like CreateResourceGroup.json", async () => {
    const example = fixture("resources/CreateResourceGroup.json");
    const created = await stack.call("PUT", `/subscriptions/${sub}/resourcegroups/my-resource-group?api-version=2025-04-01`, { body: example.parameters.parameters });
    expect(created.status).toBe(201);
    expect(shapeDifferences(created.body, example.responses["201"]!.body)).toEqual([]);
    expect(created.body).toMatchObject({ id: `/subscriptions/${sub}/resourceGroups/my-resource-group`, name: "my-resource-group", location: "eastus", properties: { provisioningState: "Succeeded" } });
    const again = await stack.call("PUT", `/subscriptions/${sub}/resourcegroups/my-resource-group?api-version=2025-04-01`, { body: example.parameters.parameters });
    expect(again.status).toBe(200);
    expect(shapeDifferences(again.body, example.responses["200"]!.body)).toEqual([]);
  });

  it("round-trips through the SDK: tags, update, exists, list", async () => {
    const rg = stack.clients().resources.resourceGroups;
    await rg.createOrUpdate("rg-sdk", { location: "East US 2", tags: { env: "test" } });
    expect(await rg.get("RG-SDK")).toMatchObject({ name: "rg-sdk", location: "eastus2", tags: { env: "test" }, type: "Microsoft.Resources/resourceGroups" });
    await rg.update("rg-sdk", { tags: { env: "prod" } });
    expect((await rg.get("rg-sdk")).tags).toEqual({ env: "prod" });
    expect((await rg.checkExistence("rg-sdk")).body).toBe(true);
    const names: string[] = [];
    for await (const g of rg.list()) names.push(g.name!);
    expect(names).toContain("rg-sdk");
    const err = await rg.createOrUpdate("rg-sdk", { location: "westeurope" }).then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.statusCode).toBe(409);
    expect(err?.code).toBe("InvalidResourceGroupLocation");
  });

  it("deletes as an LRO (202 + Location) that removes the resources inside", async () => {
    const clients = stack.clients();
    await clients.resources.resourceGroups.createOrUpdate("rg-del", { location: "eastus" });
    await clients.resources.providers.register("Microsoft.ContainerService");
    await clients.containerService.managedClusters.createOrUpdate("rg-del", "aks-del", { location: "eastus", dnsPrefix: "del", agentPoolProfiles: [{ name: "system", count: 1, vmSize: "Standard_D2s_v5", mode: "System" }] }, { updateIntervalInMs: 5 });
    const listed: string[] = [];
    for await (const r of clients.resources.resources.listByResourceGroup("rg-del")) listed.push(`${r.type}/${r.name}`);
    expect(listed).toEqual(["Microsoft.ContainerService/ManagedClusters/aks-del"]);

    const raw = await stack.call("DELETE", `/subscriptions/${sub}/resourcegroups/rg-del?api-version=2025-04-01`);
    expect(raw.status).toBe(202);
    expect(raw.headers.get("location")).toMatch(new RegExp(`^${stack.arm.endpoint}/subscriptions/${sub}/operationresults/[0-9a-f-]+\\?api-version=2025-04-01$`));
    expect(raw.headers.get("retry-after")).toBe("0");
    const poll = await stack.call("GET", raw.headers.get("location")!.slice(stack.arm.endpoint.length));
    expect(poll.status).toBe(204);
    const err = await clients.containerService.managedClusters.get("rg-del", "aks-del").then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.statusCode).toBe(404);
    await clients.resources.resourceGroups.createOrUpdate("rg-del2", { location: "eastus" });
    await clients.resources.resourceGroups.beginDeleteAndWait("rg-del2", { updateIntervalInMs: 5 });
    expect((await clients.resources.resourceGroups.checkExistence("rg-del2")).body).toBe(false);
  });
});

describe("providers", () => {
  it("answers GetProvider.json's shape and registers on request", async () => {
    const example = fixture("resources/GetProvider.json");
    const providers = stack.clients().resources.providers;
    const got = await stack.call("GET", `/subscriptions/${sub}/providers/Microsoft.ContainerService?api-version=2025-04-01`);
    expect(shapeDifferences(got.body, example.responses["200"]!.body, ["resourceTypes[].locationMappings"])).toEqual([]);
    const aks = await providers.get("microsoft.containerservice");
    expect(aks.namespace).toBe("Microsoft.ContainerService");
    expect(aks.resourceTypes?.map((t) => t.resourceType)).toContain("managedClusters");
    const err = await providers.get("Microsoft.Nope").then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.code).toBe("InvalidResourceNamespace");
  });

  it("refuses PUTs under an unregistered namespace with MissingSubscriptionRegistration; Reader cannot register", async () => {
    const clients = stack.clients();
    await clients.resources.providers.unregister("Microsoft.ContainerService");
    await clients.resources.resourceGroups.createOrUpdate("rg-reg", { location: "eastus" });
    const put = stack.call("PUT", `/subscriptions/${sub}/resourceGroups/rg-reg/providers/Microsoft.ContainerService/managedClusters/aks?api-version=2026-04-01`, {
      body: { location: "eastus", properties: { dnsPrefix: "x", agentPoolProfiles: [{ name: "sys", mode: "System", count: 1, vmSize: "Standard_D2s_v5" }] } },
    });
    const refused = await put;
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "MissingSubscriptionRegistration", details: [{ code: "MissingSubscriptionRegistration", target: "Microsoft.ContainerService" }] } });

    const reader = await stack.userToken(stack.identity.users.reader!);
    const denied = await stack.call("POST", `/subscriptions/${sub}/providers/Microsoft.ContainerService/register?api-version=2025-04-01`, { token: reader });
    expect(denied.status).toBe(403);

    const registered = await stack.clients(stack.contributor).resources.providers.register("Microsoft.ContainerService");
    expect(registered.registrationState).toBe("Registered");
    let names = 0;
    for await (const p of clients.resources.providers.list()) if (p.registrationState) names++;
    expect(names).toBeGreaterThanOrEqual(2);
  });
});

describe("subscriptions and locations", () => {
  it("lists them through the real SubscriptionClient", async () => {
    const client = stack.clients().subscriptions;
    const subs: Array<{ subscriptionId?: string; displayName?: string; state?: string }> = [];
    for await (const s of client.subscriptions.list()) subs.push(s);
    expect(subs).toEqual([expect.objectContaining({ subscriptionId: sub, state: "Enabled", displayName: expect.any(String) })]);
    const regions: Array<{ name?: string; metadata?: { regionType?: string } }> = [];
    for await (const l of client.subscriptions.listLocations(sub)) regions.push(l);
    expect(regions.map((r) => r.name)).toEqual(expect.arrayContaining(["eastus", "westeurope", "swedencentral"]));
    expect(regions[0]?.metadata?.regionType).toBe("Physical");
    expect((await client.subscriptions.get(sub)).tenantId).toBe(stack.identity.tenantId);
  });

  it("lists the one subscription and its regions", async () => {
    const subs = await stack.call("GET", "/subscriptions?api-version=2022-12-01");
    expect(subs.body).toMatchObject({ value: [{ id: `/subscriptions/${sub}`, subscriptionId: sub, tenantId: stack.identity.tenantId, state: "Enabled" }] });
    const one = await stack.call("GET", `/subscriptions/${sub}?api-version=2022-12-01`);
    expect(one.body).toMatchObject({ subscriptionId: sub, subscriptionPolicies: { spendingLimit: "Off" } });
    const locations = await stack.call("GET", `/subscriptions/${sub}/locations?api-version=2022-12-01`);
    const value = (locations.body as { value: Array<{ name: string; displayName: string; metadata: { pairedRegion: unknown[] } }> }).value;
    expect(value.map((l) => l.name)).toContain("eastus");
    expect(value[0]).toMatchObject({ name: "eastus", displayName: "East US", type: "Region", metadata: { regionType: "Physical" } });
  });
});

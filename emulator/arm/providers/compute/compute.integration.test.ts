/**
 * Microsoft.Compute conformance (usages, resourceSkus) through the real arm-compute client, and
 * the quota / SKU rules they describe, enforced on AKS node pools as Azure does.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestError } from "@azure/core-rest-pipeline";
import { FIXTURES, shapeDifferences, startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";

const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}/compute/${name}`, "utf8")) as { responses: Record<string, { body: unknown }> };
let stack: ArmTestStack;
let sub: string;
const settings = (body: unknown) => fetch(`${stack.arm.endpoint}/_emulator/providers/Microsoft.Compute/settings`, { method: "PUT", body: JSON.stringify(body) });
const pool = (name: string, vmSize: string, count: number, mode: "System" | "User" = "System") => ({ name, vmSize, count, mode });

beforeAll(async () => {
  stack = await startArmTestStack();
  sub = stack.identity.subscriptionId;
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-cmp", { location: "eastus" });
  await stack.clients().resources.providers.register("Microsoft.ContainerService");
});
afterAll(async () => {
  await stack.close();
});

describe("usages", () => {
  it("answers Usage_List's shape, with vCPU usage taken from the AKS node pools", async () => {
    const raw = await stack.call("GET", `/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/usages?api-version=2026-03-01`);
    expect(shapeDifferences(raw.body, fixture("Usage_List_MaximumSet_Gen.json").responses["200"]!.body, ["nextLink"])).toEqual([]);
    await stack.clients().containerService.managedClusters.createOrUpdate("rg-cmp", "aks-q", { location: "eastus", agentPoolProfiles: [pool("system", "Standard_D4ds_v5", 3)] }, { updateIntervalInMs: 5 });
    const byName = new Map<string, { currentValue: number; limit: number }>();
    for await (const u of stack.clients().compute.usage.list("eastus")) byName.set(u.name.value!, { currentValue: u.currentValue, limit: u.limit });
    expect(byName.get("cores")).toEqual({ currentValue: 12, limit: 100 });
    expect(byName.get("standardDDSv5Family")).toEqual({ currentValue: 12, limit: 100 });
    expect(byName.get("standardDSv5Family")?.currentValue).toBe(0);
  });

  it("refuses a node pool beyond the family quota with QuotaExceeded, and changes nothing", async () => {
    expect((await settings({ limits: { eastus: { standardDDSv5Family: 16 } } })).status).toBe(200);
    const pools = stack.clients().containerService.agentPools;
    const err = await pools.createOrUpdate("rg-cmp", "aks-q", "user", { vmSize: "Standard_D4ds_v5", count: 2, mode: "User" }, { updateIntervalInMs: 5 }).then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.statusCode).toBe(400);
    expect(err?.code).toBe("QuotaExceeded");
    expect(err?.message).toMatch(/Current Limit: 16, Current Usage: 12, Additional Required: 8/);
    expect((await pools.get("rg-cmp", "aks-q", "user").then(() => 200, (e: RestError) => e.statusCode))).toBe(404);
    const ok = await pools.createOrUpdate("rg-cmp", "aks-q", "user", { vmSize: "Standard_D4ds_v5", count: 1, mode: "User" }, { updateIntervalInMs: 5 });
    expect(ok.provisioningState).toBe("Succeeded");
  });

  it("rejects bad settings without changing them", async () => {
    expect((await settings({ regionalVcpuLimit: -5 })).status).toBe(400);
    const now = await (await fetch(`${stack.arm.endpoint}/_emulator/providers/Microsoft.Compute/settings`)).json();
    expect(now).toMatchObject({ limits: { eastus: { standardDDSv5Family: 16 } } });
  });
});

describe("resource SKUs", () => {
  it("answers ListAvailableResourceSkus' shape and shows configured restrictions per region and zone", async () => {
    await settings({ skuRestrictions: [{ sku: "Standard_D8s_v5", location: "westeurope" }, { sku: "Standard_D4ds_v5", location: "eastus", zones: ["2"] }] });
    const raw = await stack.call("GET", `/subscriptions/${sub}/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=location eq 'eastus'`);
    const example = fixture("ListAvailableResourceSkus.json").responses["200"]!.body;
    expect(shapeDifferences(raw.body, example, ["nextLink", "value[].locationInfo[].zoneDetails", "value[].restrictions"])).toEqual([]);
    const found: Array<{ name?: string; locations?: string[]; restrictions?: Array<{ type?: string; reasonCode?: string; restrictionInfo?: { zones?: string[] } }> }> = [];
    for await (const s of stack.clients().compute.resourceSkus.list({ filter: "location eq 'eastus'" })) found.push(s);
    expect(found.every((s) => s.locations?.[0] === "eastus")).toBe(true);
    const d4 = found.find((s) => s.name === "Standard_D4ds_v5");
    expect(d4?.restrictions).toEqual([expect.objectContaining({ type: "Zone", reasonCode: "NotAvailableForSubscription", restrictionInfo: expect.objectContaining({ zones: ["2"] }) })]);
    const all: string[] = [];
    for await (const s of stack.clients().compute.resourceSkus.list()) if (s.restrictions?.length) all.push(`${s.name}@${s.locations?.[0]}`);
    expect(all.sort()).toEqual(["Standard_D4ds_v5@eastus", "Standard_D8s_v5@westeurope"]);
  });

  it("refuses an AKS pool on a restricted size with SkuNotAvailable", async () => {
    await stack.clients().resources.resourceGroups.createOrUpdate("rg-weu", { location: "westeurope" });
    const err = await stack.clients().containerService.managedClusters
      .createOrUpdate("rg-weu", "aks-sku", { location: "westeurope", agentPoolProfiles: [pool("system", "Standard_D8s_v5", 1)] }, { updateIntervalInMs: 5 })
      .then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.code).toBe("SkuNotAvailable");
  });
});

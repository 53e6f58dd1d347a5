/**
 * Conformance of the local Microsoft.Network with the real @azure/arm-network 36 client (from the
 * console's factory, lib/azure/clients.ts) and @azure/arm-privatedns 3.2 (built the same way),
 * authenticated by the real local Entra; answers compared with the REST examples in
 * shared/fixtures/azure-rest-api-specs/network/. Ports 48443 (ARM) and 48444 (Entra).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkManagementClient } from "@azure/arm-network";
import type { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import type { FullOperationResponse } from "@azure/core-client";
import { FIXTURES, startConformanceStack, type ConformanceStack } from "../../testing/conformance-stack";

const ARM_PORT = 48443;
const ENTRA_PORT = 48444;
const PG = "Microsoft.DBforPostgreSQL/flexibleServers";

function fixture(name: string): { responses: Record<string, { body?: Record<string, unknown> }> } {
  return JSON.parse(readFileSync(path.join(FIXTURES, "network", name), "utf8")) as { responses: Record<string, { body?: Record<string, unknown> }> };
}

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? String(err);
}

async function failure(p: Promise<unknown>): Promise<{ code: string; statusCode?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message: string };
    return { code: codeOf(err), ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}), message: e.message };
  }
  throw new Error("expected the call to fail");
}

/** Field names and JSON types of an object, recursively (to compare with a fixture's shape). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

let stack: ConformanceStack;
let network: NetworkManagementClient;
let dns: PrivateDnsManagementClient;
let sub: string;
const rg = "rg-openhands-nettest";
const vnetName = "vnet-openhands-test";
const fast = { updateIntervalInMs: 20 };

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: ARM_PORT, entraPort: ENTRA_PORT, pageSize: 2 });
  sub = stack.subscriptionId;
  const clients = stack.clients();
  network = clients.network;
  dns = stack.clients().privateDns;
  await clients.resources.providers.register("Microsoft.Network");
  await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
});

afterAll(async () => {
  await stack?.close();
});

describe("virtual networks", () => {
  it("creates a VNet with 201 + Azure-AsyncOperation and ends Succeeded, shaped like the fixture", async () => {
    let first: FullOperationResponse | undefined;
    const poller = await network.virtualNetworks.beginCreateOrUpdate(
      rg,
      vnetName,
      { location: "eastus", addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, flowTimeoutInMinutes: 10, tags: { env: "test" } },
      { ...fast, onResponse: (raw) => (first ??= raw) },
    );
    expect(first?.status).toBe(201);
    expect(first?.headers.get("azure-asyncoperation")).toMatch(new RegExp(`^${stack.arm.endpoint}/subscriptions/${sub}/providers/Microsoft.Network/locations/eastus/operations/[0-9a-f-]+\\?api-version=2025-05-01$`));
    const wire = JSON.parse(first?.bodyAsText ?? "{}") as Record<string, unknown>;
    expect(wire).toMatchObject({ properties: { provisioningState: "Updating" } });
    const vnet = await poller.pollUntilDone();
    const example = fixture("VirtualNetworkCreate.json").responses["201"]!.body!;
    expect(vnet).toMatchObject({ name: vnetName, type: example.type, location: "eastus", provisioningState: "Succeeded", tags: { env: "test" } });
    expect(vnet.id).toBe(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnetName}`);
    expect(vnet.addressSpace?.addressPrefixes).toEqual(["10.0.0.0/16"]);
    expect(vnet.flowTimeoutInMinutes).toBe(10);
    expect(vnet.subnets).toEqual([]);
    expect(vnet.etag).toMatch(/^W\/"[0-9a-f-]+"$/);
    // Every field of the example's wire body is present with the same JSON type.
    const exampleProps = shape(example.properties) as Record<string, unknown>;
    const wireProps = shape(wire.properties) as Record<string, unknown>;
    for (const key of Object.keys(exampleProps)) expect(wireProps[key], key).toEqual(exampleProps[key]);
  });

  it("matches paths case-insensitively and lists with paging", async () => {
    const again = await network.virtualNetworks.get(rg.toUpperCase(), vnetName.toUpperCase());
    expect(again.name).toBe(vnetName);
    for (const n of ["vnet-b", "vnet-c"]) {
      await network.virtualNetworks.beginCreateOrUpdateAndWait(rg, n, { location: "eastus", addressSpace: { addressPrefixes: ["10.9.0.0/16"] } }, fast);
    }
    const names: string[] = [];
    for await (const v of network.virtualNetworks.list(rg)) names.push(v.name!);
    expect(names.sort()).toEqual(["vnet-b", "vnet-c", vnetName].sort());
    const all: string[] = [];
    for await (const v of network.virtualNetworks.listAll()) all.push(v.name!);
    expect(all).toHaveLength(3);
    await network.virtualNetworks.updateTags(rg, "vnet-c", { tags: { x: "1" } });
    expect((await network.virtualNetworks.get(rg, "vnet-c")).tags).toEqual({ x: "1" });
  });

  it("refuses invalid and overlapping address spaces with Azure's codes and creates nothing", async () => {
    const put = (prefixes: string[]) => network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-bad", { location: "eastus", addressSpace: { addressPrefixes: prefixes } }, fast);
    expect(await failure(put(["10.0.0/16"]))).toMatchObject({ code: "InvalidAddressPrefixFormat", statusCode: 400 });
    expect(await failure(put(["10.0.0.7/16"]))).toMatchObject({ code: "InvalidCIDRNotation", statusCode: 400 });
    expect(await failure(put(["10.0.0.0/16", "10.0.1.0/24"]))).toMatchObject({ code: "VnetAddressSpacesOverlap" });
    expect((await failure(network.virtualNetworks.get(rg, "vnet-bad"))).code).toBe("ResourceNotFound");
    expect(await failure(network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-", { location: "eastus", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, fast))).toMatchObject({
      code: "InvalidResourceName",
    });
  });
});

describe("network security groups", () => {
  it("creates an NSG with an inline rule and Azure's default rules, as in the fixture", async () => {
    const example = fixture("NetworkSecurityGroupCreateWithRule.json").responses["201"]!.body! as { properties: { defaultSecurityRules: Array<{ name: string; properties: Record<string, unknown> }> } };
    const nsg = await network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      rg,
      "nsg-openhands-db",
      {
        location: "eastus",
        securityRules: [
          { name: "allow-postgres-from-app", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "5432", sourceAddressPrefix: "10.0.0.0/22", destinationAddressPrefix: "10.0.4.0/24", access: "Allow", priority: 100, direction: "Inbound" },
        ],
      },
      fast,
    );
    expect(nsg.provisioningState).toBe("Succeeded");
    expect(nsg.securityRules?.map((r) => [r.name, r.priority, r.provisioningState])).toEqual([["allow-postgres-from-app", 100, "Succeeded"]]);
    expect(nsg.defaultSecurityRules?.map((r) => r.name)).toEqual(example.properties.defaultSecurityRules.map((r) => r.name));
    for (const [i, expected] of example.properties.defaultSecurityRules.entries()) {
      const actual = nsg.defaultSecurityRules![i]!;
      expect(actual).toMatchObject({ ...expected.properties, id: `${nsg.id}/defaultSecurityRules/${expected.name}` });
    }
  });

  it("adds security rules as child resources and refuses conflicts", async () => {
    const fixtureRule = fixture("NetworkSecurityGroupRuleCreate.json").responses["201"]!.body! as { properties: Record<string, unknown> };
    let status: number | undefined;
    const rule = await network.securityRules.beginCreateOrUpdateAndWait(
      rg,
      "nsg-openhands-db",
      "rule1",
      { access: "Deny", destinationAddressPrefix: "11.0.0.0/8", destinationPortRange: "8080", direction: "Outbound", priority: 100, sourceAddressPrefix: "10.0.0.0/8", sourcePortRange: "*", protocol: "*" },
      { ...fast, onResponse: (raw) => (status ??= raw.status) },
    );
    expect(status).toBe(201);
    expect(rule).toMatchObject(fixtureRule.properties);
    const conflict = await failure(
      network.securityRules.beginCreateOrUpdateAndWait(rg, "nsg-openhands-db", "rule2", { access: "Allow", destinationAddressPrefix: "*", destinationPortRange: "443", direction: "Outbound", priority: 100, sourceAddressPrefix: "*", sourcePortRange: "*", protocol: "Tcp" }, fast),
    );
    expect(conflict).toMatchObject({ code: "SecurityRuleConflict", statusCode: 400 });
    expect(conflict.message).toContain("Rules cannot have the same Priority and Direction");
    expect(await failure(network.securityRules.beginCreateOrUpdateAndWait(rg, "nsg-openhands-db", "rule3", { access: "Allow", destinationAddressPrefix: "*", destinationPortRange: "443", direction: "Inbound", priority: 5000, sourceAddressPrefix: "*", sourcePortRange: "*", protocol: "Tcp" }, fast))).toMatchObject({ code: "SecurityRuleInvalidPriority" });
    const names: string[] = [];
    for await (const r of network.securityRules.list(rg, "nsg-openhands-db")) names.push(r.name!);
    expect(names).toEqual(["allow-postgres-from-app", "rule1"]);
    const nsg = await network.networkSecurityGroups.get(rg, "nsg-openhands-db");
    expect(nsg.securityRules?.map((r) => r.name)).toEqual(["allow-postgres-from-app", "rule1"]);
    const defaults: string[] = [];
    for await (const r of network.defaultSecurityRules.list(rg, "nsg-openhands-db")) defaults.push(r.name!);
    expect(defaults).toHaveLength(6);
    await network.securityRules.beginDeleteAndWait(rg, "nsg-openhands-db", "rule1", fast);
    expect((await failure(network.securityRules.get(rg, "nsg-openhands-db", "rule1"))).code).toBe("NotFound");
  });
});

describe("raw wire checks", () => {
  const nsgPath = () => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-etag?api-version=2025-05-01`;

  it("honours If-Match / If-None-Match and answers 204 for deleting what is not there", async () => {
    const created = await stack.call("PUT", nsgPath(), { location: "eastus" });
    expect(created.status).toBe(201);
    const etag = String((created.body as { etag: string }).etag);
    expect((await stack.call("PUT", nsgPath(), { location: "eastus" }, { "if-match": 'W/"stale"' })).status).toBe(412);
    expect((await stack.call("PUT", nsgPath(), { location: "eastus" }, { "if-none-match": "*" })).status).toBe(412);
    const matched = await stack.call("PUT", nsgPath(), { location: "eastus", tags: { a: "b" } }, { "if-match": etag });
    expect(matched.status).toBe(200);
    expect((matched.body as { etag: string }).etag).not.toBe(etag);
    expect((await stack.call("DELETE", nsgPath().replace("nsg-etag", "nsg-never"))).status).toBe(204);
  });

  it("refuses a body without an address space with InvalidRequestFormat and a target", async () => {
    const bad = await stack.call("PUT", `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet-nobody?api-version=2025-05-01`, { location: "eastus", properties: {} });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "InvalidRequestFormat", target: "properties.addressSpace" } });
    const old = await stack.call("GET", `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnetName}?api-version=2019-01-01`);
    expect(old.body).toMatchObject({ error: { code: "InvalidApiVersionParameter" } });
  });
});

describe("subnets", () => {
  const nsgId = () => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-openhands-db`;

  it("creates an app subnet and a PostgreSQL-delegated db subnet with NSG and service endpoint", async () => {
    const example = fixture("SubnetCreate.json").responses["201"]!.body!;
    let first: FullOperationResponse | undefined;
    const app = await network.subnets.beginCreateOrUpdateAndWait(rg, vnetName, "snet-openhands-app", { addressPrefix: "10.0.0.0/22", serviceEndpoints: [{ service: "Microsoft.Storage" }] }, {
      ...fast,
      onResponse: (raw) => (first ??= raw),
    });
    expect(first?.status).toBe(201);
    expect(first?.headers.get("azure-asyncoperation")).toContain("/providers/Microsoft.Network/locations/eastus/operations/");
    const wire = shape(JSON.parse(first?.bodyAsText ?? "{}")) as Record<string, Record<string, unknown>>;
    const expected = shape(example) as Record<string, Record<string, unknown>>;
    expect([wire.id, wire.name]).toEqual([expected.id, expected.name]);
    for (const key of Object.keys(expected.properties ?? {})) expect(wire.properties?.[key], key).toEqual(expected.properties?.[key]);
    expect(app).toMatchObject({ name: "snet-openhands-app", addressPrefix: "10.0.0.0/22", provisioningState: "Succeeded", type: "Microsoft.Network/virtualNetworks/subnets" });
    expect(app.serviceEndpoints).toEqual([{ service: "Microsoft.Storage", locations: ["eastus", "westus"], provisioningState: "Succeeded" }]);
    const db = await network.subnets.beginCreateOrUpdateAndWait(
      rg,
      vnetName,
      "snet-openhands-db",
      { addressPrefix: "10.0.4.0/24", networkSecurityGroup: { id: nsgId() }, delegations: [{ name: "pg", serviceName: PG }] },
      fast,
    );
    expect(db.networkSecurityGroup?.id).toBe(nsgId());
    expect(db.delegations).toEqual([
      expect.objectContaining({ name: "pg", serviceName: PG, actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"], provisioningState: "Succeeded", type: "Microsoft.Network/virtualNetworks/subnets/delegations" }),
    ]);
    const vnet = await network.virtualNetworks.get(rg, vnetName);
    expect(vnet.subnets?.map((s) => s.name)).toEqual(["snet-openhands-app", "snet-openhands-db"]);
    const nsg = await network.networkSecurityGroups.get(rg, "nsg-openhands-db");
    expect(nsg.subnets?.map((s) => s.id)).toEqual([db.id]);
  });

  it("refuses subnets outside the VNet, overlapping, too small, or naming a missing NSG", async () => {
    const put = (name: string, body: Record<string, unknown>) => network.subnets.beginCreateOrUpdateAndWait(rg, vnetName, name, body, fast);
    expect(await failure(put("s1", { addressPrefix: "10.1.0.0/24" }))).toMatchObject({ code: "NetcfgSubnetRangeOutsideVnet", statusCode: 400 });
    expect(await failure(put("s1", { addressPrefix: "10.0.4.128/25" }))).toMatchObject({ code: "NetcfgSubnetRangesOverlap" });
    expect(await failure(put("s1", { addressPrefix: "10.0.8.0/30" }))).toMatchObject({ code: "NetcfgInvalidSubnet" });
    expect(await failure(put("s1", { addressPrefix: "10.0.8.1/24" }))).toMatchObject({ code: "InvalidCIDRNotation" });
    expect(await failure(put("s1", { addressPrefix: "10.0.8.0/24", networkSecurityGroup: { id: `${nsgId()}-missing` } }))).toMatchObject({ code: "InvalidResourceReference" });
    expect(await failure(put("s1", { addressPrefix: "10.0.8.0/24", delegations: [{ name: "x", serviceName: "Microsoft.Nope/things" }] }))).toMatchObject({ code: "InvalidServiceNameOnDelegation" });
    const names: string[] = [];
    for await (const s of network.subnets.list(rg, vnetName)) names.push(s.name!);
    expect(names).toEqual(["snet-openhands-app", "snet-openhands-db"]);
  });

  it("refuses to delete a subnet in use, its NSG, or drop it from the VNet; allows it once free", async () => {
    const dbSubnetId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnetName}/subnets/snet-openhands-db`;
    // A PostgreSQL server placed in the subnet (as the PostgreSQL provider stores it).
    const serverId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PG}/db-openhands-test`;
    stack.arm.env.store.put(serverId, { id: serverId, name: "db-openhands-test", type: PG, location: "eastus", properties: { network: { delegatedSubnetResourceId: dbSubnetId.toLowerCase() } } });
    const inUse = await failure(network.subnets.beginDeleteAndWait(rg, vnetName, "snet-openhands-db", fast));
    expect(inUse).toMatchObject({ code: "InUseSubnetCannotBeDeleted", statusCode: 400 });
    expect(inUse.message).toContain(serverId);
    expect(await failure(network.networkSecurityGroups.beginDeleteAndWait(rg, "nsg-openhands-db", fast))).toMatchObject({ code: "InUseNetworkSecurityGroupCannotBeDeleted" });
    expect(await failure(network.virtualNetworks.beginCreateOrUpdateAndWait(rg, vnetName, { location: "eastus", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, fast))).toMatchObject({
      code: "InUseSubnetCannotBeDeleted",
    });
    expect(await failure(network.virtualNetworks.beginDeleteAndWait(rg, vnetName, fast))).toMatchObject({ code: "InUseSubnetCannotBeDeleted" });
    const undelegate = await failure(network.subnets.beginCreateOrUpdateAndWait(rg, vnetName, "snet-openhands-db", { addressPrefix: "10.0.4.0/24", networkSecurityGroup: { id: nsgId() } }, fast));
    expect(undelegate).toMatchObject({ code: "SubnetDelegationsCannotChangeWhenSubnetUsedByResource", statusCode: 400 });
    expect(undelegate.message).toContain(`cannot be changed from [${PG}] to []`);
    expect((await network.virtualNetworks.get(rg, vnetName)).subnets).toHaveLength(2);

    stack.arm.env.store.delete(serverId);
    let first: FullOperationResponse | undefined;
    await network.subnets.beginDeleteAndWait(rg, vnetName, "snet-openhands-db", { ...fast, onResponse: (raw) => (first ??= raw) });
    expect(first?.status).toBe(202);
    expect(first?.headers.get("location")).toContain("/providers/Microsoft.Network/locations/eastus/operationresults/");
    expect(first?.headers.get("azure-asyncoperation")).toContain("/providers/Microsoft.Network/locations/eastus/operations/");
    expect((await failure(network.subnets.get(rg, vnetName, "snet-openhands-db"))).code).toBe("NotFound");
    expect((await network.networkSecurityGroups.get(rg, "nsg-openhands-db")).subnets).toBeUndefined();
    await network.networkSecurityGroups.beginDeleteAndWait(rg, "nsg-openhands-db", fast);
  });

  it("replaces the subnet set on a VNet PUT with inline subnets", async () => {
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      rg,
      "vnet-b",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.9.0.0/16"] }, subnets: [{ name: "a", addressPrefix: "10.9.0.0/24" }, { name: "b", addressPrefix: "10.9.1.0/24" }] },
      fast,
    );
    expect(vnet.subnets?.map((s) => [s.name, s.provisioningState])).toEqual([["a", "Succeeded"], ["b", "Succeeded"]]);
    expect(await failure(network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-b", { location: "eastus", addressSpace: { addressPrefixes: ["10.9.0.0/16"] }, subnets: [{ name: "a", addressPrefix: "10.9.0.0/24" }, { name: "c", addressPrefix: "10.9.0.128/25" }] }, fast))).toMatchObject({ code: "NetcfgSubnetRangesOverlap" });
    const replaced = await network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-b", { location: "eastus", addressSpace: { addressPrefixes: ["10.9.0.0/16"] }, subnets: [{ name: "a", addressPrefix: "10.9.0.0/24" }] }, fast);
    expect(replaced.subnets?.map((s) => s.name)).toEqual(["a"]);
    expect((await failure(network.subnets.get(rg, "vnet-b", "b"))).code).toBe("NotFound");
  });
});

describe("private DNS zones", () => {
  const zone = "privatelink.postgres.database.azure.com";
  const vnetId = () => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnetName}`;

  it("creates a global zone (202 + Azure-AsyncOperation) and links it to the VNet once", async () => {
    let first: FullOperationResponse | undefined;
    const created = await dns.privateZones.beginCreateOrUpdateAndWait(rg, zone, { location: "Global" }, { ...fast, onResponse: (raw) => (first ??= raw) });
    expect(first?.status).toBe(202);
    expect(first?.headers.get("azure-asyncoperation")).toContain("/locations/global/operations/");
    expect(created).toMatchObject({ name: zone, type: "Microsoft.Network/privateDnsZones", location: "global", provisioningState: "Succeeded", numberOfVirtualNetworkLinks: 0 });
    expect(await failure(dns.privateZones.beginCreateOrUpdateAndWait(rg, "bad", { location: "global" }, fast))).toMatchObject({ code: "InvalidPrivateZoneName" });
    expect(await failure(dns.privateZones.beginCreateOrUpdateAndWait(rg, "x.example.com", { location: "eastus" }, fast))).toMatchObject({ code: "LocationNotAvailableForResourceType" });

    const link = await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(rg, zone, "link-vnet", { location: "global", virtualNetwork: { id: vnetId() }, registrationEnabled: false }, fast);
    expect(link).toMatchObject({ name: "link-vnet", virtualNetwork: { id: vnetId() }, registrationEnabled: false, virtualNetworkLinkState: "Completed", provisioningState: "Succeeded" });
    expect((await dns.privateZones.get(rg, zone)).numberOfVirtualNetworkLinks).toBe(1);
    expect(await failure(dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(rg, zone, "link-again", { location: "global", virtualNetwork: { id: vnetId() } }, fast))).toMatchObject({ code: "Conflict", statusCode: 409 });
    expect(await failure(dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(rg, zone, "link-missing", { location: "global", virtualNetwork: { id: `${vnetId()}-nope` } }, fast))).toMatchObject({ code: "InvalidResourceReference" });
    expect(await failure(dns.privateZones.beginDeleteAndWait(rg, zone, fast))).toMatchObject({ code: "Conflict" });

    const zones: string[] = [];
    for await (const z of dns.privateZones.listByResourceGroup(rg)) zones.push(z.name!);
    expect(zones).toEqual([zone]);
    await dns.virtualNetworkLinks.beginDeleteAndWait(rg, zone, "link-vnet", fast);
    await dns.privateZones.beginDeleteAndWait(rg, zone, fast);
    expect((await failure(dns.privateZones.get(rg, zone))).code).toBe("ResourceNotFound");
  });
});

describe("time, concurrency and faults", () => {
  it("shows Updating while the operation runs and refuses a concurrent change", async () => {
    stack.arm.env.settings.timeScale = 0.2; // network create: 5 s × 0.2 = 1 s
    try {
      const poller = await network.networkSecurityGroups.beginCreateOrUpdate(rg, "nsg-slow", { location: "eastus" }, { updateIntervalInMs: 50 });
      expect((await network.networkSecurityGroups.get(rg, "nsg-slow")).provisioningState).toBe("Updating");
      expect(await failure(network.networkSecurityGroups.beginCreateOrUpdate(rg, "nsg-slow", { location: "eastus" }, fast))).toMatchObject({ code: "AnotherOperationInProgress", statusCode: 409 });
      expect((await poller.pollUntilDone()).provisioningState).toBe("Succeeded");
    } finally {
      stack.arm.env.settings.timeScale = 0;
    }
  });

  it("fails an LRO on an injected fault and leaves the resource Failed", async () => {
    stack.arm.faults.add({ match: { method: "PUT", path: "/networkSecurityGroups/nsg-doomed" }, action: { type: "failLro", code: "InternalServerError", message: "Injected network failure." } });
    const err = await failure(network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, "nsg-doomed", { location: "eastus" }, fast));
    expect(err.message).toMatch(/InternalServerError|Injected network failure/);
    expect((await network.networkSecurityGroups.get(rg, "nsg-doomed")).provisioningState).toBe("Failed");
  });

  it("keeps network resources across a restart of the local Azure", async () => {
    await stack.restartArm();
    const vnet = await stack.clients().network.virtualNetworks.get(rg, vnetName);
    expect(vnet.subnets?.map((s) => s.name)).toEqual(["snet-openhands-app"]);
    expect(vnet.provisioningState).toBe("Succeeded");
  });

  it("lets a Reader read but not write", async () => {
    const asReader = stack.clients(stack.reader).network;
    expect((await asReader.virtualNetworks.get(rg, vnetName)).name).toBe(vnetName);
    expect(await failure(asReader.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, "nsg-reader", { location: "eastus" }, fast))).toMatchObject({ code: "AuthorizationFailed", statusCode: 403 });
  });
});

/**
 * Conformance of the local Microsoft.Storage with the real @azure/arm-storage 20 client (TypeSpec
 * generation, from the console's factory lib/azure/clients.ts) authenticated by the real local
 * Entra; answers compared with the REST examples in shared/fixtures/azure-rest-api-specs/storage/.
 * Ports 48445 (ARM) and 48446 (Entra).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageManagementClient } from "@azure/arm-storage";
import { shapeDifferences } from "../../testing/arm-test-stack";
import { FIXTURES, startConformanceStack, type ConformanceStack } from "../../testing/conformance-stack";

const ARM_PORT = 48445;
const ENTRA_PORT = 48446;
const API = "2025-08-01";

type Example = { parameters: Record<string, unknown>; responses: Record<string, { body?: Record<string, unknown> }> };
function fixture(name: string): Example {
  return JSON.parse(readFileSync(path.join(FIXTURES, "storage", name), "utf8")) as Example;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; statusCode?: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message: string };
    return { code: e.code ?? "", ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}), message: e.message };
  }
  throw new Error("expected the call to fail");
}

let stack: ConformanceStack;
let storage: StorageManagementClient;
let sub: string;
const logLines: string[] = [];
const rg = "rg-openhands-sttest";
const fast = { updateIntervalInMs: 20 };
const accountPath = (name: string, group = rg) => `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/${name}`;

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: ARM_PORT, entraPort: ENTRA_PORT, pageSize: 2, log: (line) => logLines.push(line) });
  sub = stack.subscriptionId;
  const clients = stack.clients();
  storage = clients.storage;
  await clients.resources.providers.register("Microsoft.Storage");
  await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
  await clients.resources.resourceGroups.createOrUpdate("rg-other", { location: "eastus" });
});

afterAll(async () => {
  await stack?.close();
});

describe("storage accounts", () => {
  it("answers checkNameAvailability like the fixture and refuses bad or taken names", async () => {
    const example = fixture("StorageAccountCheckNameAvailability.json");
    const raw = await stack.call("POST", `/subscriptions/${sub}/providers/Microsoft.Storage/checkNameAvailability?api-version=${API}`, example.parameters.accountName);
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(example.responses["200"]!.body);
    expect(await storage.storageAccounts.checkNameAvailability({ name: "stg-openhands-blob", type: "Microsoft.Storage/storageAccounts" })).toEqual({
      nameAvailable: false,
      reason: "AccountNameInvalid",
      message: "stg-openhands-blob is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.",
    });
    expect(await storage.storageAccounts.checkNameAvailability({ name: "storage", type: "Microsoft.Storage/storageAccounts" })).toEqual({
      nameAvailable: false,
      reason: "AlreadyExists",
      message: "The storage account named storage is already taken.",
    });
  });

  it("creates with 202 + Location and polls to the account, shaped like the fixture", async () => {
    const example = fixture("StorageAccountCreate.json");
    const put = await stack.call("PUT", `${accountPath("sto4445")}?api-version=${API}`, example.parameters.parameters);
    expect(put.status).toBe(202);
    expect(put.text).toBe("");
    const location = put.headers.get("location") ?? "";
    expect(location).toMatch(new RegExp(`^${stack.arm.endpoint}/subscriptions/${sub}/providers/Microsoft.Storage/locations/eastus/operationresults/[0-9a-f-]+\\?api-version=${API}$`));
    expect(put.headers.get("azure-asyncoperation")).toBeNull();
    const done = await stack.call("GET", location.slice(stack.arm.endpoint.length));
    expect(done.status).toBe(200);
    const ignore = ["properties.primaryEndpoints.microsoftEndpoints", "properties.primaryEndpoints.internetEndpoints"];
    expect(shapeDifferences(done.body, example.responses["200"]!.body, ignore)).toEqual([]);
    expect(done.body).toMatchObject({ name: "sto4445", kind: "Storage", sku: { name: "Standard_GRS", tier: "Standard" }, properties: { provisioningState: "Succeeded", secondaryLocation: "westus", statusOfSecondary: "available" } });
  });

  it("creates through the SDK poller and reads back what the console uses", async () => {
    const account = await storage.storageAccounts.create(
      rg,
      "stopenhandstest01",
      { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "East US", tags: { env: "test" }, allowBlobPublicAccess: false, minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true },
      fast,
    );
    expect(account).toMatchObject({ name: "stopenhandstest01", location: "eastus", kind: "StorageV2", provisioningState: "Succeeded", accessTier: "Hot", enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false, tags: { env: "test" } });
    expect(account.id).toBe(accountPath("stopenhandstest01"));
    expect(account.primaryEndpoints?.blob).toBe("https://127.0.0.1:10000/stopenhandstest01/");
    expect(account.creationTime).toBeInstanceOf(Date);
    expect(account.secondaryLocation).toBeUndefined();
    const props = await storage.storageAccounts.getProperties(rg.toUpperCase(), "stopenhandstest01");
    expect(props.networkRuleSet).toMatchObject({ defaultAction: "Allow", bypass: "AzureServices" });
    expect(props.encryption?.services?.blob?.enabled).toBe(true);
    // A PUT on an existing account updates it synchronously (200), as Azure does.
    const again = await stack.call("PUT", `${accountPath("stopenhandstest01")}?api-version=${API}`, { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "eastus", tags: { env: "again" } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ tags: { env: "again" } });
  });

  it("refuses invalid, duplicate and taken names with Azure's codes", async () => {
    const body = { sku: { name: "Standard_LRS" as const }, kind: "StorageV2" as const, location: "eastus" };
    expect(await failure(storage.storageAccounts.create(rg, "Bad_Name", body, fast))).toMatchObject({ code: "AccountNameInvalid", statusCode: 400 });
    expect(await failure(storage.storageAccounts.create("rg-other", "stopenhandstest01", body, fast))).toMatchObject({ code: "StorageAccountAlreadyExists", statusCode: 409 });
    const taken = await failure(storage.storageAccounts.create(rg, "openhands", body, fast));
    expect(taken).toMatchObject({ code: "StorageAccountAlreadyTaken", statusCode: 409, message: "The storage account named openhands is already taken." });
    expect((await storage.storageAccounts.checkNameAvailability({ name: "stopenhandstest01", type: "Microsoft.Storage/storageAccounts" })).reason).toBe("AlreadyExists");
    expect(await failure(storage.storageAccounts.create(rg, "stnewone", { ...body, location: "marsnorth" }, fast))).toMatchObject({ code: "LocationNotAvailableForResourceType" });
    const badSku = await stack.call("PUT", `${accountPath("stnewone")}?api-version=${API}`, { ...body, sku: { name: "Gold_LRS" } });
    expect(badSku.status).toBe(400);
    expect((await failure(storage.storageAccounts.getProperties(rg, "stnewone"))).code).toBe("ResourceNotFound");
  });

  it("updates with PATCH and lists by group and subscription with paging", async () => {
    const updated = await storage.storageAccounts.update(rg, "stopenhandstest01", { tags: { env: "patched" }, sku: { name: "Standard_RAGRS" } });
    expect(updated).toMatchObject({ tags: { env: "patched" }, sku: { name: "Standard_RAGRS" }, secondaryLocation: "westus" });
    expect(updated.secondaryEndpoints?.blob).toBe("https://127.0.0.1:10000/stopenhandstest01-secondary/");
    await storage.storageAccounts.create(rg, "stopenhandstest02", { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "eastus" }, fast);
    const inGroup: string[] = [];
    for await (const a of storage.storageAccounts.listByResourceGroup(rg)) inGroup.push(a.name!);
    expect(inGroup.sort()).toEqual(["sto4445", "stopenhandstest01", "stopenhandstest02"]);
    const all: string[] = [];
    for await (const a of storage.storageAccounts.list()) all.push(a.name!);
    expect(all).toHaveLength(3);
  });

  it("lists and regenerates keys without ever logging them", async () => {
    const example = fixture("StorageAccountListKeys.json");
    const raw = await stack.call("POST", `${accountPath("stopenhandstest01")}/listKeys?api-version=${API}`);
    expect(raw.status).toBe(200);
    expect(shapeDifferences(raw.body, example.responses["200"]!.body)).toEqual([]);
    const { keys } = await storage.storageAccounts.listKeys(rg, "stopenhandstest01");
    expect(keys?.map((k) => k.keyName)).toEqual(["key1", "key2"]);
    for (const k of keys ?? []) expect(Buffer.from(k.value ?? "", "base64")).toHaveLength(64);
    const after = await storage.storageAccounts.regenerateKey(rg, "stopenhandstest01", { keyName: "key1" });
    expect(after.keys?.[0]?.value).not.toBe(keys?.[0]?.value);
    expect(after.keys?.[1]?.value).toBe(keys?.[1]?.value);
    expect(await failure(storage.storageAccounts.regenerateKey(rg, "stopenhandstest01", { keyName: "key3" }))).toMatchObject({ statusCode: 400 });
    const reader = stack.clients(stack.reader).storage;
    expect((await reader.storageAccounts.getProperties(rg, "stopenhandstest01")).name).toBe("stopenhandstest01");
    expect(await failure(reader.storageAccounts.listKeys(rg, "stopenhandstest01"))).toMatchObject({ code: "AuthorizationFailed", statusCode: 403 });
    const props = JSON.stringify((await stack.call("GET", `${accountPath("stopenhandstest01")}?api-version=${API}`)).body);
    const log = logLines.join("\n");
    for (const k of [...(keys ?? []), ...(after.keys ?? [])]) {
      expect(props).not.toContain(k.value);
      expect(log).not.toContain(k.value);
    }
    expect(logLines.some((l) => l.includes("/listKeys"))).toBe(true);
  });
});

describe("blob containers", () => {
  it("creates (201, then 200), reads, lists and deletes containers like the fixture", async () => {
    const example = fixture("BlobContainersPut.json");
    const base = `${accountPath("stopenhandstest01")}/blobServices/default/containers`;
    const created = await stack.call("PUT", `${base}/backups?api-version=${API}`, {});
    expect(created.status).toBe(201);
    expect(shapeDifferences(created.body, example.responses["201"]!.body)).toEqual([]);
    expect(created.body).toMatchObject({ id: `${base}/backups`, name: "backups", type: "Microsoft.Storage/storageAccounts/blobServices/containers" });
    expect((await stack.call("PUT", `${base}/backups?api-version=${API}`, {})).status).toBe(200);

    const containers = storage.blobContainers;
    const bundles = await containers.create(rg, "stopenhandstest01", "support-bundles", { metadata: { purpose: "support" } });
    expect(bundles).toMatchObject({ name: "support-bundles", publicAccess: "None", leaseState: "Available", metadata: { purpose: "support" } });
    expect(bundles.etag).toMatch(/^"0x8D[0-9A-F]+"$/);
    expect(bundles.lastModifiedTime).toBeInstanceOf(Date);
    const names: string[] = [];
    for await (const c of containers.list(rg, "stopenhandstest01")) names.push(c.name!);
    expect(names).toEqual(["backups", "support-bundles"]);
    expect(await failure(containers.create(rg, "stopenhandstest01", "Bad_Name", {}))).toMatchObject({ code: "ContainerOperationFailure", statusCode: 400 });
    expect(await failure(containers.create(rg, "stopenhandstest01", "ab", {}))).toMatchObject({ code: "ContainerOperationFailure" });
    expect(await failure(containers.create(rg, "stopenhandstest01", "public", { publicAccess: "Blob" }))).toMatchObject({ code: "ContainerOperationFailure", statusCode: 409 });
    await containers.delete(rg, "stopenhandstest01", "support-bundles");
    expect(await failure(containers.get(rg, "stopenhandstest01", "support-bundles"))).toMatchObject({ code: "ContainerNotFound", statusCode: 404 });
    expect(await failure(containers.create(rg, "stnosuchaccount", "backups", {}))).toMatchObject({ code: "ResourceNotFound", statusCode: 404 });
  });
});

describe("management policy", () => {
  it("sets, reads and validates the lifecycle policy named default", async () => {
    const example = fixture("StorageAccountSetManagementPolicy.json");
    const raw = await stack.call("PUT", `${accountPath("stopenhandstest01")}/managementPolicies/default?api-version=${API}`, example.parameters.properties);
    expect(raw.status).toBe(200);
    expect(shapeDifferences(raw.body, example.responses["200"]!.body)).toEqual([]);
    expect(raw.body).toMatchObject({ id: `${accountPath("stopenhandstest01")}/managementPolicies/default`, name: "DefaultManagementPolicy" });

    const policy = await storage.managementPolicies.createOrUpdate(rg, "stopenhandstest01", "default", {
      policy: {
        rules: [{ enabled: true, name: "deleteOldBackups", type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"], prefixMatch: ["backups/"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 30 } } } } }],
      },
    });
    expect(policy.policy?.rules.map((r) => r.name)).toEqual(["deleteOldBackups"]);
    expect(policy.lastModifiedTime).toBeInstanceOf(Date);
    expect((await storage.managementPolicies.get(rg, "stopenhandstest01", "default")).policy?.rules[0]?.definition.actions.baseBlob?.delete?.daysAfterModificationGreaterThan).toBe(30);
    const bad = await failure(
      storage.managementPolicies.createOrUpdate(rg, "stopenhandstest01", "default", { policy: { rules: [{ enabled: true, name: "no-dashes", type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 1 } } } } }] } }),
    );
    expect(bad).toMatchObject({ code: "InvalidPolicyRules", statusCode: 400 });
    expect((await storage.managementPolicies.get(rg, "stopenhandstest01", "default")).policy?.rules[0]?.name).toBe("deleteOldBackups");
    const otherName = await stack.call("PUT", `${accountPath("stopenhandstest01")}/managementPolicies/custom?api-version=${API}`, example.parameters.properties);
    expect(otherName.status).toBe(400);
    await storage.managementPolicies.delete(rg, "stopenhandstest01", "default");
    expect(await failure(storage.managementPolicies.get(rg, "stopenhandstest01", "default"))).toMatchObject({ statusCode: 404 });
  });
});

describe("blob service properties", () => {
  it("answers defaults, then keeps soft delete and versioning settings", async () => {
    const services = storage.blobServices;
    const initial = await services.getServiceProperties(rg, "stopenhandstest01");
    expect(initial).toMatchObject({ name: "default", type: "Microsoft.Storage/storageAccounts/blobServices", deleteRetentionPolicy: { enabled: false } });
    const set = await services.setServiceProperties(rg, "stopenhandstest01", {
      deleteRetentionPolicy: { enabled: true, days: 7 },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
      isVersioningEnabled: true,
    });
    expect(set).toMatchObject({ deleteRetentionPolicy: { enabled: true, days: 7 }, containerDeleteRetentionPolicy: { enabled: true, days: 7 }, isVersioningEnabled: true });
    expect((await services.getServiceProperties(rg, "stopenhandstest01")).deleteRetentionPolicy?.days).toBe(7);
    expect(await failure(services.setServiceProperties(rg, "stopenhandstest01", { deleteRetentionPolicy: { enabled: true, days: 0 } }))).toMatchObject({ code: "InvalidRequestContent", statusCode: 400 });
    const listed: string[] = [];
    for await (const svc of services.list(rg, "stopenhandstest01")) listed.push(svc.name!);
    expect(listed).toEqual(["default"]);
  });
});

describe("network rules and resource-group delete", () => {
  it("accepts a VNet rule only for a subnet with the Microsoft.Storage endpoint, which stays deletable", async () => {
    const clients = stack.clients();
    await clients.resources.providers.register("Microsoft.Network");
    const network = clients.network;
    await network.virtualNetworks.beginCreateOrUpdateAndWait(rg, "vnet-st", { location: "eastus", addressSpace: { addressPrefixes: ["10.20.0.0/16"] } }, fast);
    const subnet = await network.subnets.beginCreateOrUpdateAndWait(rg, "vnet-st", "snet-app", { addressPrefix: "10.20.0.0/24" }, fast);
    // @azure/arm-storage 20.0.0 drops `properties` when only renamed fields (networkRuleSet,
    // allowBlobPublicAccess, enableHttpsTrafficOnly, …) are set: its areAllPropsUndefined check
    // uses the wire names capitalised. Sending one plain field (minimumTlsVersion) avoids it.
    const dropped = await storage.storageAccounts.update(rg, "stopenhandstest02", { networkRuleSet: { defaultAction: "Deny" } });
    expect(dropped.networkRuleSet?.defaultAction).toBe("Allow");
    const acl = { minimumTlsVersion: "TLS1_2" as const, networkRuleSet: { defaultAction: "Deny" as const, virtualNetworkRules: [{ virtualNetworkResourceId: subnet.id! }] } };
    const refused = await failure(storage.storageAccounts.update(rg, "stopenhandstest02", acl));
    expect(refused).toMatchObject({ code: "NetworkAclsValidationFailure", statusCode: 400 });
    expect(refused.message).toContain("SubnetsHaveNoServiceEndpointsConfigured");
    await network.subnets.beginCreateOrUpdateAndWait(rg, "vnet-st", "snet-app", { addressPrefix: "10.20.0.0/24", serviceEndpoints: [{ service: "Microsoft.Storage" }] }, fast);
    const updated = await storage.storageAccounts.update(rg, "stopenhandstest02", acl);
    expect(updated.networkRuleSet).toMatchObject({ defaultAction: "Deny", bypass: "AzureServices", virtualNetworkRules: [{ virtualNetworkResourceId: subnet.id, action: "Allow", state: "Succeeded" }] });
    await network.subnets.beginDeleteAndWait(rg, "vnet-st", "snet-app", fast);
  });

  it("forgets keys and frees names when the resource group goes", async () => {
    const clients = stack.clients();
    await clients.resources.resourceGroups.createOrUpdate("rg-doomed", { location: "eastus" });
    await storage.storageAccounts.create("rg-doomed", "stopenhandsgone", { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "eastus" }, fast);
    await storage.storageAccounts.listKeys("rg-doomed", "stopenhandsgone");
    await clients.resources.resourceGroups.beginDeleteAndWait("rg-doomed", fast);
    expect((await storage.storageAccounts.checkNameAvailability({ name: "stopenhandsgone", type: "Microsoft.Storage/storageAccounts" })).nameAvailable).toBe(true);
    const keys = stack.arm.env.store.providerSetting("Microsoft.Storage/accountKeys") as Record<string, unknown>;
    expect(Object.keys(keys).some((id) => id.includes("stopenhandsgone"))).toBe(false);
  });
});

describe("time, faults, persistence, delete", () => {
  it("shows Creating while the create runs and refuses key listing until it is done", async () => {
    stack.arm.env.settings.timeScale = 0.05; // storage create: 20 s × 0.05 = 1 s
    try {
      const poller = storage.storageAccounts.create(rg, "stopenhandsslow", { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "eastus" }, { updateIntervalInMs: 50 });
      await poller.submitted();
      expect((await storage.storageAccounts.getProperties(rg, "stopenhandsslow")).provisioningState).toBe("Creating");
      expect(await failure(storage.storageAccounts.listKeys(rg, "stopenhandsslow"))).toMatchObject({ code: "StorageAccountIsNotProvisioned", statusCode: 409 });
      expect((await poller).provisioningState).toBe("Succeeded");
    } finally {
      stack.arm.env.settings.timeScale = 0;
    }
  });

  it("fails a create on an injected fault and leaves no account behind", async () => {
    stack.arm.faults.add({ match: { method: "PUT", path: "/storageAccounts/stopenhandsdoomed" }, action: { type: "failLro", code: "InternalServerError", message: "Injected storage failure." } });
    const err = await failure(storage.storageAccounts.create(rg, "stopenhandsdoomed", { sku: { name: "Standard_LRS" }, kind: "StorageV2", location: "eastus" }, fast));
    expect(err.message).toMatch(/InternalServerError|Injected storage failure/);
    expect((await storage.storageAccounts.checkNameAvailability({ name: "stopenhandsdoomed", type: "Microsoft.Storage/storageAccounts" })).nameAvailable).toBe(true);
  });

  it("keeps accounts, containers and keys across a restart; reserved names come from the control API", async () => {
    const before = await storage.storageAccounts.listKeys(rg, "stopenhandstest01");
    await stack.restartArm();
    const client = stack.clients().storage;
    expect((await client.storageAccounts.listKeys(rg, "stopenhandstest01")).keys?.[0]?.value).toBe(before.keys?.[0]?.value);
    expect((await client.blobContainers.get(rg, "stopenhandstest01", "backups")).name).toBe("backups");
    const control = `${stack.arm.endpoint}/_emulator/providers/Microsoft.Storage/reservedNames`;
    const put = await fetch(control, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ names: ["stopenhandsprodabc"] }) });
    expect(put.status).toBe(200);
    expect((await fetch(control, { method: "PUT", body: JSON.stringify({ names: ["Not-Valid"] }) })).status).toBe(400);
    expect((await client.storageAccounts.checkNameAvailability({ name: "stopenhandsprodabc", type: "Microsoft.Storage/storageAccounts" })).reason).toBe("AlreadyExists");
    expect((await client.storageAccounts.checkNameAvailability({ name: "storage", type: "Microsoft.Storage/storageAccounts" })).nameAvailable).toBe(true);
  });

  it("deletes synchronously (200, then 204) with containers and keys", async () => {
    const del = await stack.call("DELETE", `${accountPath("stopenhandstest01")}?api-version=${API}`);
    expect(del.status).toBe(200);
    expect((await stack.call("DELETE", `${accountPath("stopenhandstest01")}?api-version=${API}`)).status).toBe(204);
    expect(await failure(storage.storageAccounts.getProperties(rg, "stopenhandstest01"))).toMatchObject({ code: "ResourceNotFound", statusCode: 404 });
    expect((await stack.call("GET", `${accountPath("stopenhandstest01")}/blobServices/default/containers/backups?api-version=${API}`)).status).toBe(404);
    expect((await storage.storageAccounts.checkNameAvailability({ name: "stopenhandstest01", type: "Microsoft.Storage/storageAccounts" })).nameAvailable).toBe(true);
  });
});

/**
 * Conformance of the local Microsoft.Cache (Azure Cache for Redis) through the real
 * @azure/arm-rediscache client from the console's factory: create as Azure answers it (201 +
 * body in "Creating", polled on the resource), update/scale as LROs (202 + Location), delete (202 + Location),
 * keys that only listKeys/regenerateKey/create reveal, firewall rules, name checks, shapes
 * compared with the spec examples, resume of a serialized poller across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RedisCreateParameters, RedisResource } from "@azure/arm-rediscache";
import { armFailure, fixture, persistedState, registerProvider, shapeDifferences, startConformanceStack, type ConformanceStack } from "../../testing/conformance-stack";
import type { RedisCacheInfo, RedisDataPlane } from "./data-plane";

const RG = "rg-openhands-redistest";
const poll = { updateIntervalInMs: 20 };
const base = (subscriptionId: string) => `/subscriptions/${subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Cache/redis`;

function cacheBody(overrides: Partial<RedisCreateParameters> = {}): RedisCreateParameters {
  return { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true, minimumTlsVersion: "1.2", redisConfiguration: { maxmemoryPolicy: "allkeys-lru" }, tags: { env: "test" }, ...overrides };
}

describe("Microsoft.Cache/redis (local ARM, real SDK)", () => {
  let stack: ConformanceStack;
  const ready: RedisCacheInfo[] = [];
  const events: string[] = [];
  const dataPlane: RedisDataPlane = {
    cacheReady: (c) => ready.push(c),
    cacheUpdated: (c) => events.push(`updated:${c.name}:${c.enableNonSslPort}`),
    cacheDeleted: (id) => events.push(`deleted:${id.split("/").pop() ?? ""}`),
  };
  const client = () => stack.clients().redis;
  const redis = () => client().redis;

  beforeAll(async () => {
    stack = await startConformanceStack({ armPort: 58445, entraPort: 58446, timeScale: 0.001, pageSize: 1, hooks: { redisDataPlane: dataPlane } });
    await stack.clients().resources.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("refuses caches until Microsoft.Cache is registered", async () => {
    expect(await armFailure(redis().beginCreate(RG, "cache-unregistered", cacheBody(), poll))).toMatchObject({ statusCode: 409, code: "MissingSubscriptionRegistration" });
    await registerProvider(stack, "Microsoft.Cache");
  });

  it("checks names: 200 when free", async () => {
    await redis().checkNameAvailability({ name: "cache-openhands-test-1", type: "Microsoft.Cache/redis" });
  });

  it("creates a cache: 201 with the body in Creating and no async headers, then Succeeded; resumable from toString()", async () => {
    const raw = await stack.call("PUT", `${base(stack.subscriptionId)}/cache-openhands-wire?api-version=2024-11-01`, {
      location: "East US",
      properties: { sku: { name: "Basic", family: "C", capacity: 0 } },
    });
    expect(raw.status).toBe(201);
    expect(raw.headers.get("azure-asyncoperation")).toBeNull();
    expect(raw.headers.get("location")).toBeNull();
    expect(raw.body).toMatchObject({ type: "Microsoft.Cache/Redis", location: "East US", properties: { provisioningState: "Creating", port: 6379, sslPort: 6380, enableNonSslPort: false, minimumTlsVersion: "1.2" } });
    const example = fixture("redis/RedisCacheCreate.json").responses["201"]!.body;
    expect(shapeDifferences(raw.body, example, ["zones", "properties.shardCount", "properties.instances[].shardId", "properties.instances[].zone", "properties.redisConfiguration.maxmemory-policy"]).join("; ")).toBe("");

    const poller = await redis().beginCreate(RG, "cache-openhands-test-1", cacheBody(), poll);
    expect((await redis().get(RG, "cache-openhands-test-1")).provisioningState).toBe("Creating");
    const retried = await stack.call("PUT", `${base(stack.subscriptionId)}/cache-openhands-test-1?api-version=2024-11-01`, { location: "eastus", properties: { sku: { name: "Standard", family: "C", capacity: 1 } } });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ properties: { provisioningState: "Creating" } });
    const resumed = await stack.clients().redis.redis.beginCreate(RG, "cache-openhands-test-1", cacheBody(), { resumeFrom: poller.toString(), ...poll });
    const cache: RedisResource = await resumed.pollUntilDone();
    expect(cache).toMatchObject({
      name: "cache-openhands-test-1",
      provisioningState: "Succeeded",
      sku: { name: "Standard", family: "C", capacity: 1 },
      enableNonSslPort: true,
      port: 6379,
      sslPort: 6380,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: "Enabled",
      tags: { env: "test" },
    });
    expect(cache.hostName).toMatch(/^127\.0\.20\.\d+$/);
    expect(cache.redisVersion).toMatch(/^6\./);
    expect(cache.instances).toHaveLength(2);
    expect(cache.redisConfiguration?.maxmemoryPolicy).toBe("allkeys-lru");
    expect(cache.accessKeys).toBeUndefined();
    expect(ready.map((c) => c.name)).toContain("cache-openhands-test-1");
  });

  it("answers GET like the RedisCacheGet example and never carries keys there", async () => {
    const raw = await stack.call("GET", `${base(stack.subscriptionId)}/cache-openhands-test-1?api-version=2024-11-01`);
    expect(raw.status).toBe(200);
    expect(shapeDifferences(raw.body, fixture("redis/RedisCacheGet.json").responses["200"]!.body, ["properties.linkedServers[]", "properties.privateEndpointConnections[]"]).join("; ")).toBe("");
    const keys = await redis().listKeys(RG, "cache-openhands-test-1");
    expect(raw.text).not.toContain(keys.primaryKey!);
    const listed = await stack.call("GET", `${base(stack.subscriptionId)}?api-version=2024-11-01`);
    expect(listed.text).not.toContain(keys.primaryKey!);
  });

  it("lists keys like RedisCacheListKeys and regenerates one key at a time", async () => {
    const keys = await redis().listKeys(RG, "cache-openhands-test-1");
    expect(shapeDifferences(keys, fixture("redis/RedisCacheListKeys.json").responses["200"]!.body).join("; ")).toBe("");
    expect(keys.primaryKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(keys.primaryKey).not.toBe(keys.secondaryKey);
    const regenerated = await redis().regenerateKey(RG, "cache-openhands-test-1", { keyType: "Primary" });
    expect(regenerated.primaryKey).not.toBe(keys.primaryKey);
    expect(regenerated.secondaryKey).toBe(keys.secondaryKey);
    expect((await redis().listKeys(RG, "cache-openhands-test-1")).primaryKey).toBe(regenerated.primaryKey);
    // Keys live in the ARM state (listKeys answers them after a restart), never in a resource body.
    expect(persistedState(stack)).toContain(regenerated.primaryKey);
    expect(ready.find((c) => c.name === "cache-openhands-test-1")?.primaryKey).toBe(keys.primaryKey);
  });

  it("lets readers read but not list keys", async () => {
    const reader = stack.clients(stack.reader).redis.redis;
    expect((await reader.get(RG, "cache-openhands-test-1")).name).toBe("cache-openhands-test-1");
    expect(await armFailure(reader.listKeys(RG, "cache-openhands-test-1"))).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
  });

  it("rejects bad input with clear codes and creates nothing", async () => {
    const cases: Array<[string, RedisCreateParameters, number, string]> = [
      ["cache--bad", cacheBody(), 400, "InvalidCacheName"],
      ["cache-bad-sku", cacheBody({ sku: { name: "Premium", family: "C", capacity: 1 } }), 400, "InvalidSku"],
      ["cache-bad-shards", cacheBody({ shardCount: 2 }), 400, "FeatureRequiresPremium"],
      ["cache-bad-config", cacheBody({ redisConfiguration: { maxmemoryPolicy: "sometimes" } }), 400, "InvalidRedisConfiguration"],
      ["cache-bad-version", cacheBody({ redisVersion: "7" }), 400, "InvalidRedisVersion"],
      ["cache-openhands-test-1", cacheBody(), 200, ""],
    ];
    for (const [name, body, status, code] of cases.slice(0, -1)) {
      expect(await armFailure(redis().beginCreate(RG, name, body, poll)), name).toMatchObject({ statusCode: status, code });
      expect((await armFailure(redis().get(RG, name))).statusCode, name).toBe(404);
    }
    await stack.clients().resources.resourceGroups.createOrUpdate("rg-openhands-redistest-2", { location: "eastus" });
    expect(await armFailure(redis().beginCreate("rg-openhands-redistest-2", "cache-openhands-test-1", cacheBody(), poll))).toMatchObject({ statusCode: 409, code: "NameNotAvailable" });
    expect(await armFailure(redis().checkNameAvailability({ name: "cache-openhands-test-1", type: "Microsoft.Cache/redis" }))).toMatchObject({ statusCode: 409, code: "NameNotAvailable" });
  });

  it("updates with PATCH as the spec's LRO (202 + Location, Updating → Succeeded), 200 when nothing changes, refuses changes and regenerateKey while busy", async () => {
    const path = `${base(stack.subscriptionId)}/cache-openhands-test-1?api-version=2024-11-01`;
    const unchanged = await stack.call("PATCH", path, { tags: { env: "test" } });
    expect(unchanged.status).toBe(200);
    expect(unchanged.headers.get("location")).toBeNull();
    expect(unchanged.body).toMatchObject({ properties: { provisioningState: "Succeeded" } });

    const raw = await stack.call("PATCH", path, { properties: { minimumTlsVersion: "1.0" } });
    expect(raw.status).toBe(202);
    expect(raw.headers.get("location")).toMatch(/\/providers\/Microsoft\.Cache\/locations\/eastus\/operationresults\/[-0-9a-f]+\?api-version=2024-11-01$/);
    expect(raw.body).toMatchObject({ properties: { provisioningState: "Updating", minimumTlsVersion: "1.0" } });
    const keys = await redis().listKeys(RG, "cache-openhands-test-1");
    expect(await armFailure(redis().regenerateKey(RG, "cache-openhands-test-1", { keyType: "Secondary" }))).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect(await redis().listKeys(RG, "cache-openhands-test-1")).toEqual(keys);
    await waitFor(async () => (await redis().get(RG, "cache-openhands-test-1")).provisioningState === "Succeeded");

    const updated = await redis().beginUpdateAndWait(RG, "cache-openhands-test-1", { enableNonSslPort: false, minimumTlsVersion: "1.2", tags: { env: "test", owner: "console" } }, poll);
    expect(updated).toMatchObject({ enableNonSslPort: false, provisioningState: "Succeeded", tags: { owner: "console" } });
    expect(events).toContain("updated:cache-openhands-test-1:false");
    const busy = await redis().beginUpdate(RG, "cache-openhands-test-1", { enableNonSslPort: true }, poll);
    expect(await armFailure(redis().beginUpdate(RG, "cache-openhands-test-1", { minimumTlsVersion: "1.1" }, poll))).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect(await busy.pollUntilDone()).toMatchObject({ enableNonSslPort: true, provisioningState: "Succeeded" });

    const scaled = await redis().beginUpdateAndWait(RG, "cache-openhands-test-1", { sku: { name: "Premium", family: "P", capacity: 1 } }, poll);
    expect(scaled).toMatchObject({ provisioningState: "Succeeded" });
    expect(scaled.sku).toEqual({ name: "Premium", family: "P", capacity: 1 });
    expect(await armFailure(redis().beginUpdate(RG, "cache-openhands-test-1", { sku: { name: "Standard", family: "C", capacity: 6 } }, poll))).toMatchObject({ statusCode: 400, code: "InvalidScaleOperation" });
  });

  it("manages firewall rules (sync 201/200, IP validation)", async () => {
    const rule = await client().firewallRules.createOrUpdate(RG, "cache-openhands-test-1", "allow_app", { startIP: "10.0.1.0", endIP: "10.0.1.255" });
    expect(rule).toMatchObject({ startIP: "10.0.1.0", endIP: "10.0.1.255", type: "Microsoft.Cache/Redis/firewallRules", name: "allow_app" });
    const again = await stack.call("PUT", `${base(stack.subscriptionId)}/cache-openhands-test-1/firewallRules/allow_app?api-version=2024-11-01`, { properties: { startIP: "10.0.1.0", endIP: "10.0.1.10" } });
    expect(again.status).toBe(200);
    expect(await armFailure(client().firewallRules.createOrUpdate(RG, "cache-openhands-test-1", "bad_rule", { startIP: "10.0.1.9", endIP: "10.0.1.1" }))).toMatchObject({ statusCode: 400, code: "InvalidParameterValue" });
    expect(await armFailure(client().firewallRules.createOrUpdate(RG, "cache-openhands-test-1", "bad-name", { startIP: "10.0.1.1", endIP: "10.0.1.1" }))).toMatchObject({ statusCode: 400, code: "InvalidFirewallRuleName" });
    const rules: string[] = [];
    for await (const r of client().firewallRules.list(RG, "cache-openhands-test-1")) rules.push(r.name!);
    expect(rules.join(",")).toBe("allow_app");
    await client().firewallRules.delete(RG, "cache-openhands-test-1", "allow_app");
    expect((await armFailure(client().firewallRules.get(RG, "cache-openhands-test-1", "allow_app"))).statusCode).toBe(404);
  });

  it("creates a Premium cache with shards, replicas, a zone and a subnet like the RedisCacheCreate example", async () => {
    await registerProvider(stack, "Microsoft.Network");
    const network = stack.clients().network;
    await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, "vnet-redis-test", { location: "eastus", addressSpace: { addressPrefixes: ["10.20.0.0/16"] } }, poll);
    const subnet = await network.subnets.beginCreateOrUpdateAndWait(RG, "vnet-redis-test", "snet-cache", { addressPrefix: "10.20.1.0/24" }, poll);
    const missing = await armFailure(redis().beginCreate(RG, "cache-openhands-premium", cacheBody({ sku: { name: "Premium", family: "P", capacity: 1 }, subnetId: `${subnet.id!}-missing` }), poll));
    expect(missing).toMatchObject({ statusCode: 400, code: "SubnetNotFound" });
    const cache = await redis().beginCreateAndWait(
      RG,
      "cache-openhands-premium",
      cacheBody({ sku: { name: "Premium", family: "P", capacity: 1 }, shardCount: 2, replicasPerPrimary: 2, zones: ["1"], subnetId: subnet.id!, staticIP: "10.20.1.5" }),
      poll,
    );
    expect(cache).toMatchObject({ provisioningState: "Succeeded", shardCount: 2, replicasPerPrimary: 2, subnetId: subnet.id, staticIP: "10.20.1.5", zonalAllocationPolicy: "UserDefined" });
    expect(cache.instances).toHaveLength(6);
    const raw = await stack.call("GET", `${base(stack.subscriptionId)}/cache-openhands-premium?api-version=2024-11-01`);
    const example = fixture("redis/RedisCacheCreate.json").responses["200"]!.body;
    expect(shapeDifferences(raw.body, example, ["properties.accessKeys"]).join("; ")).toBe("");
    await redis().beginDeleteAndWait(RG, "cache-openhands-premium", poll);
  });

  it("lists by group and subscription across pages", async () => {
    const inGroup: string[] = [];
    for await (const c of redis().listByResourceGroup(RG)) inGroup.push(c.name!);
    expect(inGroup.sort()).toEqual(["cache-openhands-test-1", "cache-openhands-wire"]);
    const all: string[] = [];
    for await (const c of redis().listBySubscription()) all.push(c.name!);
    expect(all).toHaveLength(2);
  });

  it("marks a create that fails midway as Failed and the poller reports it", async () => {
    stack.arm.faults.add({ match: { method: "PUT", path: "redis/cache-openhands-fails" }, count: 1, action: { type: "failLro", code: "InternalServerError", message: "Injected cache failure." } });
    const poller = await redis().beginCreate(RG, "cache-openhands-fails", cacheBody(), poll);
    await expect(poller.pollUntilDone()).rejects.toThrow();
    expect((await redis().get(RG, "cache-openhands-fails")).provisioningState).toBe("Failed");
    await redis().beginDeleteAndWait(RG, "cache-openhands-fails", poll);
  });

  it("resumes a serialized create after the local Azure restarts", async () => {
    stack.arm.env.settings.timeScale = 0.003;
    const poller = await redis().beginCreate(RG, "cache-openhands-restart", cacheBody(), poll);
    const saved = poller.toString();
    await stack.restartArm();
    const cache = await stack.clients().redis.redis.beginCreate(RG, "cache-openhands-restart", cacheBody(), { resumeFrom: saved, ...poll }).then((p) => p.pollUntilDone());
    expect(cache).toMatchObject({ name: "cache-openhands-restart", provisioningState: "Succeeded" });
    stack.arm.env.settings.timeScale = 0.001;
  });

  it("deletes with 202 + Location (Deleting → gone) and frees the name", async () => {
    const raw = await stack.call("DELETE", `${base(stack.subscriptionId)}/cache-openhands-wire?api-version=2024-11-01`);
    expect(raw.status).toBe(202);
    expect(raw.headers.get("location")).toMatch(/\/providers\/Microsoft\.Cache\/locations\/eastus\/operationresults\/[-0-9a-f]+\?api-version=2024-11-01$/);
    expect(raw.headers.get("azure-asyncoperation")).toBeNull();
    await redis().beginDeleteAndWait(RG, "cache-openhands-test-1", poll);
    expect((await armFailure(redis().get(RG, "cache-openhands-test-1"))).statusCode).toBe(404);
    await redis().checkNameAvailability({ name: "cache-openhands-test-1", type: "Microsoft.Cache/redis" });
    expect(events).toContain("deleted:cache-openhands-test-1");
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

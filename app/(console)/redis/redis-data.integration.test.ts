/**
 * The Redis page's data path on the local Azure: the environment's cache found through ARM, reached
 * as OpenHands reaches it (host from ARM, port 6379, primary key), its SKU read for the limits, and
 * the health report from the real redis-server behind it. Ports 48610 (ARM) / 48611 (Entra),
 * caches on 127.45.x.y; a fresh store database on the real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmClients } from "@/lib/azure/clients";
import { resolveNames } from "@/lib/azure/naming";
import { forgetConnections, openhandsRedis } from "@/lib/environments/data-plane";
import { selectEnvironment, type EnvironmentTarget } from "@/lib/environments/target";
import { createEnvironment } from "@/lib/store/environments";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { loadRedisPage } from "./redis-data";

const poll = { updateIntervalInMs: 20 };
let store: TestStore;
let stack: DataPlaneStack;
let arm: ArmClients;
let target: EnvironmentTarget;
let cacheName: string;

beforeAll(async () => {
  store = await startTestStore("postgres", { pglitePort: 48612 });
  stack = await startDataPlaneStack({ armPort: 48610, entraPort: 48611, loopbackOctet: 45, dataDirPrefix: "redis-page-", resourceGroup: "rg-openhands-rp", providers: ["Microsoft.Cache"] });
  arm = stack.arm;
  const env = await createEnvironment(store.pool, { name: "rp", subscriptionId: stack.subscriptionId, region: "eastus", resourceGroup: "rg-openhands-rp", status: "ready", createdBy: "ada" });
  cacheName = resolveNames("rp", stack.subscriptionId).redisCache;
  await arm.redis.redis.beginCreateAndWait(env.resourceGroup, cacheName, { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true }, poll);
  const selected = await selectEnvironment(store.pool);
  if (!selected) throw new Error("the environment was not selected");
  target = selected;
}, 180_000);

afterAll(async () => {
  await forgetConnections();
  await stack?.close();
  await store?.close();
});

describe("the Redis page's data", () => {
  it("reports on the environment's cache through OpenHands' connection settings, with the SKU from ARM", async () => {
    const redis = await openhandsRedis(target, { arm });
    const pipe = redis.pipeline();
    for (let i = 0; i < 40; i++) pipe.set(`ohcnv:user-${i % 4}:conv-${i}`, "{}", "EX", 15);
    await pipe.exec();

    const data = await loadRedisPage(target, { arm });
    expect(data.ok).toBe(true);
    if (!data.ok) return;
    expect(data.connection).toMatchObject({ cacheName, port: 6379, tls: false, sku: "Standard C1" });
    expect(data.connection.host).toMatch(/^127\.45\./);
    const memory = data.report.items.find((i) => i.key === "memory");
    // The local redis-server has maxmemory (a 16th of the SKU's, at least 32 MB): judged against it.
    expect(memory?.summary).toMatch(/of 64\.0 MiB .* against maxmemory; policy volatile-lru/);
    expect(memory?.verdict).toBe("ok");
    const keyspace = data.report.keyspace;
    expect(keyspace?.ok && keyspace.value.prefixes.find((p) => p.prefix === "ohcnv")?.sampled).toBe(40);
    expect(data.report.verdict).toMatch(/^(ok|warn)$/); // warn only for "restarted recently": the cache was just created

    const keys = await arm.redis.redis.listKeys(target.resourceGroup, cacheName);
    const json = JSON.stringify(data);
    for (const k of [keys.primaryKey, keys.secondaryKey]) if (k) expect(json).not.toContain(k);
  });

  it("a cache that cannot be reached is an answer with the reason, not an error", async () => {
    await forgetConnections();
    const missing = { ...target, names: { ...target.names, redisCache: "cache-openhands-rp-none0" }, ids: { ...target.ids, redis: `${target.ids.redis}-none` } };
    const data = await loadRedisPage(missing, { arm });
    expect(data).toMatchObject({ ok: false, cacheName: "cache-openhands-rp-none0" });
    if (!data.ok) expect(data.reason).toMatch(/not found|ResourceNotFound/i);
  });
});

/**
 * The console reaches an environment's own services the way OpenHands does, with hosts and keys
 * from ARM: the flexible server's `openhands` database over verified TLS as the admin (password
 * derived, never stored), the Redis cache on the plain port with the primary key, the AKS API with
 * the user kubeconfig. Real local Azure (ARM 49481, Entra 49482) with real PostgreSQL and Redis
 * engines (loopback 127.47.x.y), a real store database for the environment row.
 */
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArmClients } from "@/lib/azure/clients";
import { resolveNames } from "@/lib/azure/naming";
import { derivedSecret } from "@/lib/operations/generated-secrets";
import { createEnvironment, type Environment } from "@/lib/store/environments";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { forgetConnections, kubeConfig, openhandsDatabase, openhandsRedis } from "./data-plane";
import { selectEnvironment, type EnvironmentTarget } from "./target";

const KEY = Buffer.alloc(32, 7);
const poll = { updateIntervalInMs: 20 };
let store: TestStore;
let stack: DataPlaneStack;
let arm: ArmClients;
let env: Environment;
let target: EnvironmentTarget;

beforeAll(async () => {
  store = await startTestStore("postgres", { pglitePort: 15499 });
  stack = await startDataPlaneStack({
    armPort: 49481, entraPort: 49482, loopbackOctet: 47, dataDirPrefix: "env-data-plane-",
    resourceGroup: "rg-openhands-dp", providers: ["Microsoft.DBforPostgreSQL", "Microsoft.Cache", "Microsoft.ContainerService"],
  });
  arm = stack.arm;

  env = await createEnvironment(store.pool, { name: "dp", subscriptionId: stack.subscriptionId, region: "eastus", resourceGroup: "rg-openhands-dp", status: "ready", createdBy: "ada" });
  const names = resolveNames("dp", stack.subscriptionId);
  await Promise.all([
    (async () => {
      await arm.postgres.servers.beginCreateOrUpdateAndWait(env.resourceGroup, names.postgresServer, {
        location: "eastus",
        sku: { name: "Standard_B1ms", tier: "Burstable" },
        administratorLogin: "ohadmin",
        administratorLoginPassword: derivedSecret(KEY, env.id, "postgresAdminPassword"),
        version: "16",
        storage: { storageSizeGB: 32 },
      }, poll);
      await arm.postgres.firewallRules.beginCreateOrUpdateAndWait(env.resourceGroup, names.postgresServer, "console", { startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" }, poll);
      await arm.postgres.databases.beginCreateAndWait(env.resourceGroup, names.postgresServer, "openhands", { charset: "UTF8", collation: "en_US.utf8" }, poll);
    })(),
    arm.redis.redis.beginCreateAndWait(env.resourceGroup, names.redisCache, { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true }, poll),
    arm.containerService.managedClusters.beginCreateOrUpdateAndWait(env.resourceGroup, names.aksCluster, { location: "eastus", dnsPrefix: "dp", agentPoolProfiles: [{ name: "system", count: 2, vmSize: "Standard_D4ds_v5", mode: "System" }] }, poll),
  ]);
  target = (await selectEnvironment(store.pool))!;
}, 180_000);

afterAll(async () => {
  await forgetConnections();
  await stack?.close();
  await store?.close();
});

describe("an environment's data plane, reached with what ARM answers", () => {
  it("selects the newest non-draft environment, or one by name, with DESIGN §2 names when it has no setup plan", async () => {
    expect(target.environment.id).toBe(env.id);
    expect(target.names.postgresServer).toMatch(/^db-openhands-dp-[a-z0-9]{5}$/);
    expect(target.ids.aks).toBe(`/subscriptions/${env.subscriptionId}/resourceGroups/rg-openhands-dp/providers/Microsoft.ContainerService/managedClusters/aks-openhands-dp`);
    expect((await selectEnvironment(store.pool, "dp"))?.environment.id).toBe(env.id);
    expect(await selectEnvironment(store.pool, "nope")).toBeNull();
  });

  it("opens the openhands database over verified TLS as the admin with the derived password", async () => {
    const pool = await openhandsDatabase(target, { arm, secretsKey: KEY });
    const { rows } = await pool.query<{ db: string; ssl: boolean; app: string }>(
      "select current_database() as db, (select ssl from pg_stat_ssl where pid = pg_backend_pid()) as ssl, current_setting('application_name') as app",
    );
    expect(rows[0]).toEqual({ db: "openhands", ssl: true, app: "openhands-console" });
    // Reused, not reopened, within the reuse window.
    expect(await openhandsDatabase(target, { arm, secretsKey: KEY })).toBe(pool);
  });

  it("a wrong derived password fails with PostgreSQL's own error, and the failure is not cached", async () => {
    await forgetConnections(env.id);
    const pool = await openhandsDatabase(target, { arm, secretsKey: Buffer.alloc(32, 9) });
    await expect(pool.query("select 1")).rejects.toThrow(/password authentication failed/);
    await forgetConnections(env.id);
    const good = await openhandsDatabase(target, { arm, secretsKey: KEY });
    expect((await good.query("select 1 as one")).rows[0]).toEqual({ one: 1 });
  });

  it("reaches Redis on the plain port with the primary access key, as OpenHands does", async () => {
    const redis = await openhandsRedis(target, { arm });
    expect(await redis.ping()).toBe("PONG");
    expect(redis.options.port).toBe(6379);
    expect(redis.options.tls).toBeUndefined();
  });

  it("lists the AKS cluster's nodes with the user kubeconfig", async () => {
    const kc = await kubeConfig(target, { arm });
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name).filter((n) => n?.startsWith("aks-system-"))).toHaveLength(2);
  });
});

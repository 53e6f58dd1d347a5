import { describe, expect, it } from "vitest";
import { buildPlan, setupInputSchema, type ProvisioningPlan } from "@/lib/azure/provisioning/plan";
import { presetSizing } from "@/lib/azure/sizing";
import { evaluatePreflight } from "./evaluate";
import { targetFromPlan } from "./from-plan";
import { makeObservations } from "./rules/fixtures";

const SUB = "00000000-0000-0000-0000-000000000001";

function plan(overrides: { preset?: "pilot" | "team" | "org"; version?: string; redisSku?: "Basic" | "Standard" | "Premium" } = {}): ProvisioningPlan {
  const sizing = presetSizing(overrides.preset ?? "pilot");
  return buildPlan(
    setupInputSchema.parse({
      environment: { name: "prod", subscriptionId: SUB, region: "eastus" },
      sizing: overrides.redisSku ? { ...sizing, redis: { sku: overrides.redisSku, capacity: 1 } } : sizing,
      identity: { keycloakUrl: "https://auth.example.com", clientId: "openhands", entraTenantId: SUB, entraClientId: SUB },
      openhands: { version: overrides.version ?? "1.54.0", host: "openhands.example.com", tls: { mode: "none" }, llm: { model: "m" } },
    }),
  );
}

describe("targetFromPlan", () => {
  it("reads pools, surge, network profile, subnets and names from the bodies the executor will PUT", () => {
    const p = plan();
    const t = targetFromPlan(p);
    expect(t).toMatchObject({ subscriptionId: SUB, location: "eastus", resourceGroup: p.environment.resourceGroup });
    expect(t.aks?.pools.map((x) => x.name)).toEqual(["system", "platform", "sandbox"]);
    expect(t.aks?.pools[0]).toMatchObject({ maxSurge: "1" });
    expect(t.network).toMatchObject({ aksSubnet: "snet-openhands-app", postgresSubnet: "snet-openhands-db", networkPluginMode: "overlay", serviceCidr: expect.any(String) });
    expect(t.network?.subnets.find((s) => s.name === "snet-openhands-db")?.delegation).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
    expect(t.names).toEqual({ postgres: p.environment.names.postgresServer, redis: p.environment.names.redisCache, storage: p.environment.names.storageAccount });
    expect(t.postgres).toEqual({ requireSecureTransport: true, version: 17 });
    expect(t.openhands).toEqual({ version: "1.54.0", supportsDbTls: true, minPostgresVersion: 16 });
    expect(t.redis?.enableNonSslPort).toBe(true);
  });

  it("every preset's plan passes the pure rules on a healthy subscription (no self-inflicted failures)", () => {
    for (const preset of ["pilot", "team", "org"] as const) {
      const usages = makeObservations().usages;
      const roomy = usages.ok ? { ok: true as const, value: usages.value.map((u) => ({ ...u, limit: 10_000 })) } : usages;
      const skus = ["Standard_D2ds_v5", "Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_D16ds_v5", "Standard_E8ds_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5"];
      const vmSkus = { ok: true as const, value: skus.map((name) => ({ name, family: "standardDDSv5Family", vCPUs: 8, zones: [], restrictions: [] })) };
      const checks = evaluatePreflight(targetFromPlan(plan({ preset })), makeObservations({ usages: roomy, vmSkus }));
      expect(checks.filter((c) => c.status === "fail"), preset).toEqual([]);
    }
  });

  it("takes the release's TLS support from the catalog: a release before DB_SSL_MODE fails the PostgreSQL TLS check", () => {
    const t = targetFromPlan(plan({ version: "1.49.0" }));
    expect(t.openhands).toMatchObject({ version: "1.49.0", supportsDbTls: false });
    const tls = evaluatePreflight(t, makeObservations()).find((c) => c.id === "compat:postgres-tls");
    expect(tls?.status).toBe("fail");
  });

  it("a Standard cache keeps the plain port on its public endpoint: warned, not blocked", () => {
    const t = targetFromPlan(plan({ redisSku: "Standard" }));
    expect(t.redis).toMatchObject({ enableNonSslPort: true, publicNetworkAccess: "Enabled" });
    expect(evaluatePreflight(t, makeObservations()).find((c) => c.id === "compat:redis-plain-port")?.status).toBe("warn");
  });
});

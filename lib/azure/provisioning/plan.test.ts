import { describe, expect, it } from "vitest";
import { stepGraphProblems } from "@/lib/store/step-graph";
import { buildPlan, PlanInputError, STEP_KEYS } from "./plan";
import type { PlannedResource, PlannedResourceOf, ProvisioningPlan } from "./plan-types";
import { makeSetupInput } from "./testing/setup-fixtures";

function res(plan: ProvisioningPlan, key: string): PlannedResource {
  const r = plan.resources.find((x) => x.key === key);
  if (!r) throw new Error(`no resource ${key}`);
  return r;
}
function body<T extends ProvisioningPlan["resources"][number]["type"]>(plan: ProvisioningPlan, key: string, type: T): PlannedResourceOf<T>["armBody"] {
  const r = res(plan, key);
  expect(r.type).toBe(type);
  return r.armBody as PlannedResourceOf<T>["armBody"];
}

describe("buildPlan", () => {
  const plan = buildPlan(makeSetupInput());

  it("is deterministic: the same input gives the same plan", () => {
    expect(buildPlan(makeSetupInput())).toEqual(plan);
  });

  it("has unique resource keys, dependencies on known resources, and ids under the resource group", () => {
    const keys = plan.resources.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of plan.resources) {
      for (const d of r.dependsOn) expect(keys, `${r.key} → ${d}`).toContain(d);
      expect(r.id.startsWith(`/subscriptions/${plan.environment.subscriptionId}/resourceGroups/rg-openhands-prod`)).toBe(true);
    }
  });

  it("has a step DAG the operation store accepts, covering every resource exactly once", () => {
    expect(stepGraphProblems(plan.steps)).toEqual([]);
    const covered = plan.steps.flatMap((s) => s.resourceKeys);
    expect([...covered].sort()).toEqual(plan.resources.map((r) => r.key).sort());
    // A step's resources only depend on resources of this step or of steps it (transitively) depends on.
    const stepOf = new Map(plan.steps.flatMap((s) => s.resourceKeys.map((k) => [k, s.key] as const)));
    const deps = new Map(plan.steps.map((s) => [s.key, s.dependsOn]));
    const reaches = (from: string, to: string): boolean => from === to || (deps.get(from) ?? []).some((d) => reaches(d, to));
    for (const r of plan.resources) for (const d of r.dependsOn) expect(reaches(stepOf.get(r.key)!, stepOf.get(d)!), `${r.key} needs ${d}`).toBe(true);
  });

  it("runs the independent Azure services in parallel once the network exists", () => {
    const step = (k: string) => plan.steps.find((s) => s.key === k)!;
    expect(step(STEP_KEYS.aks).dependsOn).toEqual([STEP_KEYS.vnet]);
    expect(step(STEP_KEYS.storage).dependsOn).toEqual([STEP_KEYS.resourceGroup]);
    expect(step(STEP_KEYS.postgres).dependsOn).toEqual([STEP_KEYS.privateDns]);
    expect(step(STEP_KEYS.health).kind).toBe("openhands.healthCheck");
  });

  it("names resources per DESIGN.md §2", () => {
    expect(plan.environment.names.aksCluster).toBe("aks-openhands-prod");
    expect(plan.environment.names.storageAccount).toMatch(/^stopenhandsprod[a-z0-9]{5}$/);
  });

  it("AKS: three autoscaling pools in the app subnet, sandbox pool labelled and tainted", () => {
    const b = body(plan, "aks", "Microsoft.ContainerService/managedClusters");
    const pools = b.agentPoolProfiles ?? [];
    expect(pools.map((p) => [p.name, p.mode, p.vmSize, p.minCount, p.maxCount, p.enableAutoScaling])).toEqual([
      ["system", "System", "Standard_D2ds_v5", 2, 3, true],
      ["platform", "User", "Standard_D4ds_v5", 2, 4, true],
      ["sandbox", "User", "Standard_D8ds_v5", 2, 5, true],
    ]);
    const sandbox = pools[2]!;
    expect(sandbox.nodeLabels).toEqual({ "openhands.dev/sandbox": "true" });
    expect(sandbox.nodeTaints).toEqual(["openhands.dev/sandbox=true:NoSchedule"]);
    for (const p of pools) expect(p.vnetSubnetID).toMatch(/\/virtualNetworks\/vnet-openhands-prod\/subnets\/snet-openhands-app$/);
    expect(b.networkProfile?.networkPluginMode).toBe("overlay");
    // The Ingress needs a controller: AKS' application routing add-on.
    expect(b.ingressProfile?.webAppRouting?.enabled).toBe(true);
  });

  it("VNet carries the complete subnet set; db subnet delegated to PostgreSQL", () => {
    const b = body(plan, "vnet", "Microsoft.Network/virtualNetworks");
    expect(b.subnets?.map((s) => s.name)).toEqual(["snet-openhands-app", "snet-openhands-db", "snet-openhands-redis"]);
    expect(b.subnets?.[1]?.delegations?.[0]?.serviceName).toBe("Microsoft.DBforPostgreSQL/flexibleServers");
  });

  it("data NSG allows only app→db 5432 and app→redis 6379 from the VNet", () => {
    const rules = body(plan, "nsg-db", "Microsoft.Network/networkSecurityGroups").securityRules ?? [];
    const allowFromApp = rules.filter((r) => r.access === "Allow" && r.sourceAddressPrefix === "10.40.0.0/20");
    expect(allowFromApp.map((r) => [r.destinationAddressPrefix, r.destinationPortRange])).toEqual([["10.40.16.0/24", "5432"], ["10.40.17.0/24", "6379"]]);
    expect(rules.some((r) => r.access === "Deny" && r.sourceAddressPrefix === "VirtualNetwork")).toBe(true);
  });

  it("PostgreSQL: private in the delegated subnet, no password in the body (filled by the executor), databases for OpenHands", () => {
    const r = res(plan, "postgres");
    const b = body(plan, "postgres", "Microsoft.DBforPostgreSQL/flexibleServers");
    expect(b.network?.publicNetworkAccess).toBe("Disabled");
    expect(b.network?.delegatedSubnetResourceId).toMatch(/subnets\/snet-openhands-db$/);
    expect(b.network?.privateDnsZoneArmResourceId).toMatch(/privateDnsZones\/db-openhands-prod-[a-z0-9]{5}\.private\.postgres\.database\.azure\.com$/);
    expect(b.administratorLoginPassword).toBeUndefined();
    expect(r.secretInputs).toEqual([{ path: "administratorLoginPassword", secret: "postgresAdminPassword" }]);
    const dbs = plan.resources.filter((x) => x.type === "Microsoft.DBforPostgreSQL/flexibleServers/databases").map((x) => x.name);
    expect(dbs).toEqual(["openhands", "keycloak", "litellm", "runtime_api_db"]);
    expect(body(plan, "postgres-config-tls", "Microsoft.DBforPostgreSQL/flexibleServers/configurations").value).toBe("on");
  });

  it("Redis: plain port on for OpenHands, Premium inside the VNet", () => {
    const b = body(plan, "redis", "Microsoft.Cache/redis");
    expect(b).toMatchObject({ enableNonSslPort: true, publicNetworkAccess: "Disabled", sku: { name: "Premium", family: "P", capacity: 1 } });
    expect(b.subnetId).toMatch(/subnets\/snet-openhands-redis$/);
  });

  it("Redis Standard: no redis subnet, public endpoint, and a warning that says why", () => {
    const p = buildPlan(makeSetupInput({ sizing: { redis: { sku: "Standard", capacity: 1 } } }));
    expect(body(p, "redis", "Microsoft.Cache/redis")).toMatchObject({ publicNetworkAccess: "Enabled", sku: { family: "C" } });
    expect(body(p, "vnet", "Microsoft.Network/virtualNetworks").subnets?.map((s) => s.name)).not.toContain("snet-openhands-redis");
    expect(p.warnings.map((w) => w.code)).toContain("redis.publicPlainPort");
    expect(p.steps.find((s) => s.key === "redis")?.dependsOn).toEqual(["resource-group"]);
  });

  it("storage: legal name, TLS 1.2 (keeps arm-storage 20 sending properties), lifecycle deletes old blobs", () => {
    const b = body(plan, "storage", "Microsoft.Storage/storageAccounts");
    expect(b).toMatchObject({ kind: "StorageV2", minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false });
    const rules = body(plan, "storage-lifecycle", "Microsoft.Storage/storageAccounts/managementPolicies").policy?.rules ?? [];
    expect(rules.map((r) => r.definition.actions.baseBlob?.delete?.daysAfterModificationGreaterThan)).toEqual([35, 30, 365]);
    expect(rules.map((r) => r.name)).toEqual(["deleteOldBackups", "deleteOldSupportBundles", "deleteOldArchives"]); // letters and digits only
  });

  it("monitoring: action group and alerts scoped to the planned resources", () => {
    const alerts = plan.resources.filter((r) => r.type === "Microsoft.Insights/metricAlerts");
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    const ids = new Set(plan.resources.map((r) => r.id));
    for (const a of alerts) {
      const b = a.armBody as PlannedResourceOf<"Microsoft.Insights/metricAlerts">["armBody"];
      for (const s of b.scopes) expect(ids.has(s)).toBe(true);
      expect(b.actions?.[0]?.actionGroupId).toBe(res(plan, "action-group").id);
    }
  });

  it("OpenHands settings: DB/Redis/Keycloak env without secrets, images from the catalog", () => {
    const oh = plan.openhands;
    expect(oh.images.app).toBe("ghcr.io/openhands/enterprise-server:1.54.0");
    expect(oh.env).toMatchObject({ DB_PORT: "5432", DB_SSL_MODE: "require", REDIS_PORT: "6379", KEYCLOAK_REALM_NAME: "allhands", KEYCLOAK_CLIENT_ID: "allhands" });
    expect(oh.env.DB_HOST).toBe(`${plan.environment.names.postgresServer}.postgres.database.azure.com`);
    expect(Object.keys(oh.env).filter((k) => /PASS|SECRET|API_KEY/.test(k))).toEqual([]);
    expect(oh.secrets["keycloak-realm"]).toEqual({ "client-secret": "keycloakClientSecret" });
  });

  it("costs: every resource's monthlyCost equals its estimate lines, totals add up", () => {
    const sum = plan.resources.reduce((s, r) => s + r.monthlyCost, 0);
    expect(sum).toBeCloseTo(plan.estimate.totalMonthly, 1);
    expect(res(plan, "aks").monthlyCost).toBeGreaterThan(0);
    expect(res(plan, "vnet").monthlyCost).toBe(0);
  });

  it("refuses an unknown OpenHands version and illegal names with every problem", () => {
    const input = makeSetupInput({ openhands: { version: "9.9.9" } });
    input.environment.names = { dbSubnet: "snet-openhands-app" };
    try {
      buildPlan(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanInputError);
      expect((e as PlanInputError).problems).toEqual(["the app, database and Redis subnets need different names", expect.stringContaining("OpenHands 9.9.9 is not in the release catalog")]);
    }
  });

  it("warns about a release without DB_SSL_MODE (PostgreSQL on Azure requires TLS)", () => {
    const p = buildPlan(makeSetupInput({ openhands: { version: "1.48.0" } }));
    expect(p.warnings.map((w) => w.code)).toContain("compatibility.postgres.tls");
    expect(p.openhands.env.DB_SSL_MODE).toBeUndefined();
  });
});

describe("buildPlan options", () => {
  it("pins the chosen Kubernetes version on the cluster and every pool", () => {
    const p = buildPlan(makeSetupInput({ sizing: { kubernetesVersion: "1.33" } }));
    const aks = p.resources.find((r) => r.key === "aks")!.armBody as PlannedResourceOf<"Microsoft.ContainerService/managedClusters">["armBody"];
    expect(aks.kubernetesVersion).toBe("1.33");
    expect(aks.agentPoolProfiles?.map((x) => x.orchestratorVersion)).toEqual(["1.33", "1.33", "1.33"]);
    const dflt = buildPlan(makeSetupInput()).resources.find((r) => r.key === "aks")!.armBody as PlannedResourceOf<"Microsoft.ContainerService/managedClusters">["armBody"];
    expect(dflt.kubernetesVersion).toBeUndefined();
  });

  const warnings: [string, Parameters<typeof makeSetupInput>[0], string | null][] = [
    ["none for team in eastus", {}, null],
    ["no TLS", { openhands: { tls: { mode: "none" } } }, "openhands.noTls"],
    ["single system node", { preset: "pilot" }, "aks.singleSystemNode"],
    ["other region prices", { environment: { region: "westeurope" } }, "cost.region"],
    ["too small a sandbox pool for the preset", { sizing: { pools: { system: { vmSize: "Standard_D2ds_v5", min: 2, max: 3 }, platform: { vmSize: "Standard_D4ds_v5", min: 2, max: 4 }, sandbox: { vmSize: "Standard_D4ds_v5", min: 1, max: 2 } } } }, "sizing.sandboxCapacity"],
  ];
  it.each(warnings)("warnings: %s", (_n, o, code) => {
    const codes = buildPlan(makeSetupInput(o)).warnings.map((w) => w.code);
    if (code === null) expect(codes).toEqual([]);
    else expect(codes).toContain(code);
  });

  it("TLS from an existing secret is carried to the deployment settings", () => {
    const p = buildPlan(makeSetupInput({ openhands: { tls: { mode: "existing-secret", secretName: "openhands-tls" } } }));
    expect(p.openhands.tls).toEqual({ mode: "existing-secret", secretName: "openhands-tls" });
    expect(p.openhands.env.PERMITTED_CORS_ORIGINS).toBe("https://openhands.example.com");
  });
});

/** Fixture factories for the rule tests (test-only): a realistic target and healthy observations. */
import type { KubernetesVersionObservation, NameObservation, Observed, PreflightObservations, PreflightTarget, UsageObservation, VmSkuObservation } from "../types";

export function ok<T>(value: T): Observed<T> {
  return { ok: true, value };
}

export function failed(statusCode: number, code: string, message = `${code} happened`): Observed<never> {
  return { ok: false, error: { statusCode, code, message } };
}

export function makeTarget(overrides: Partial<PreflightTarget> = {}): PreflightTarget {
  return {
    subscriptionId: "00000000-0000-0000-0000-000000000001",
    location: "eastus",
    resourceGroup: "rg-openhands-prod",
    resourceTypes: [
      "Microsoft.Resources/resourceGroups",
      "Microsoft.Network/virtualNetworks",
      "Microsoft.Network/networkSecurityGroups",
      "Microsoft.ContainerService/managedClusters",
      "Microsoft.DBforPostgreSQL/flexibleServers",
      "Microsoft.Cache/redis",
      "Microsoft.Storage/storageAccounts",
      "Microsoft.Insights/metricAlerts",
    ],
    aks: {
      name: "aks-openhands-prod",
      kubernetesVersion: "1.33",
      pools: [
        { name: "system", vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, zones: [] },
        { name: "platform", vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 4, zones: [] },
        { name: "sandbox", vmSize: "Standard_D8ds_v5", minCount: 1, maxCount: 5, zones: [] },
      ],
    },
    names: { postgres: "db-openhands-prod-ab12c", redis: "cache-openhands-prod-ab12c", storage: "stopenhandsprodab12c" },
    network: {
      vnetName: "vnet-openhands-prod",
      addressPrefixes: ["10.40.0.0/16"],
      subnets: [
        { name: "snet-openhands-app", addressPrefix: "10.40.0.0/20" },
        { name: "snet-openhands-db", addressPrefix: "10.40.16.0/24", delegation: "Microsoft.DBforPostgreSQL/flexibleServers" },
      ],
      aksSubnet: "snet-openhands-app",
      postgresSubnet: "snet-openhands-db",
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      podCidr: "192.168.0.0/16",
      serviceCidr: "172.16.0.0/16",
      dnsServiceIP: "172.16.0.10",
    },
    postgres: { requireSecureTransport: true },
    redis: { enableNonSslPort: true, publicNetworkAccess: "Disabled" },
    openhands: { version: "1.54.0", supportsDbTls: true },
    ...overrides,
  };
}

export function makeUsage(overrides: Partial<UsageObservation> = {}): UsageObservation {
  return { name: "standardDDSv5Family", localizedName: "Standard DDSv5 Family vCPUs", currentValue: 0, limit: 100, ...overrides };
}

export function makeSku(overrides: Partial<VmSkuObservation> = {}): VmSkuObservation {
  return { name: "Standard_D4ds_v5", family: "standardDDSv5Family", vCPUs: 4, zones: ["1", "2", "3"], restrictions: [], ...overrides };
}

export function makeVersion(overrides: Partial<KubernetesVersionObservation> = {}): KubernetesVersionObservation {
  return { version: "1.33", isDefault: false, isPreview: false, patchVersions: ["1.33.1", "1.33.2"], ...overrides };
}

export function makeName(overrides: Partial<NameObservation> = {}): NameObservation {
  return { nameAvailable: true, ours: false, ...overrides };
}

export const REGISTERED_ALL = ["Microsoft.Cache", "Microsoft.Compute", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Insights", "Microsoft.Network", "Microsoft.Storage"];

export function makeObservations(overrides: Partial<PreflightObservations> = {}): PreflightObservations {
  return {
    providers: ok(REGISTERED_ALL.map((namespace) => ({ namespace, registrationState: "Registered" }))),
    permissions: ok({ scope: "resource group rg-openhands-prod", targetGroupExists: true, entries: [{ actions: ["*"], notActions: [] }] }),
    usages: ok([makeUsage({ name: "cores", localizedName: "Total Regional vCPUs" }), makeUsage(), makeUsage({ name: "standardDSv5Family", localizedName: "Standard DSv5 Family vCPUs" })]),
    vmSkus: ok([makeSku(), makeSku({ name: "Standard_D8ds_v5", vCPUs: 8 }), makeSku({ name: "Standard_D4s_v5", family: "standardDSv5Family" })]),
    kubernetesVersions: ok([makeVersion({ version: "1.32", patchVersions: ["1.32.5"] }), makeVersion(), makeVersion({ version: "1.34", isDefault: true, patchVersions: ["1.34.0"] }), makeVersion({ version: "1.35", isPreview: true, patchVersions: ["1.35.0"] })]),
    existingPools: ok([]),
    names: { postgres: ok(makeName()), redis: ok(makeName()), storage: ok(makeName()) },
    ...overrides,
  };
}

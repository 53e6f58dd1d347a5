/**
 * The preflight target read from a provisioning plan: the same SDK bodies the executor will PUT,
 * so preflight checks exactly what will be asked of Azure. OpenHands facts come from the release
 * catalog (`lib/openhands/releases`).
 */
import type { PlannedResource, PlannedResourceOf, ProvisioningPlan } from "@/lib/azure/provisioning/plan";
import { findRelease } from "@/lib/openhands/releases";
import type { NetworkTarget, NodePoolTarget, PreflightTarget } from "./types";

function first<T extends PlannedResource["type"]>(plan: ProvisioningPlan, type: T): PlannedResourceOf<T> | undefined {
  return plan.resources.find((r): r is PlannedResourceOf<T> => r.type === type);
}

function subnetName(id: string | undefined): string | undefined {
  return id ? /\/subnets\/([^/]+)$/i.exec(id)?.[1] : undefined;
}

function pluginOf(value: string | undefined): NetworkTarget["networkPlugin"] {
  return value === "azure" || value === "kubenet" || value === "none" ? value : undefined;
}

export function targetFromPlan(plan: ProvisioningPlan): PreflightTarget {
  const env = plan.environment;
  const aks = first(plan, "Microsoft.ContainerService/managedClusters");
  const vnet = first(plan, "Microsoft.Network/virtualNetworks");
  const pg = first(plan, "Microsoft.DBforPostgreSQL/flexibleServers");
  const redis = first(plan, "Microsoft.Cache/redis");
  const storage = first(plan, "Microsoft.Storage/storageAccounts");
  const tlsSetting = plan.resources.find((r) => r.type === "Microsoft.DBforPostgreSQL/flexibleServers/configurations" && r.name === "require_secure_transport");

  const pools: NodePoolTarget[] = (aks?.armBody.agentPoolProfiles ?? []).map((p) => ({
    name: p.name,
    vmSize: p.vmSize ?? "",
    minCount: p.minCount ?? p.count ?? 0,
    maxCount: p.enableAutoScaling ? (p.maxCount ?? p.count ?? 0) : (p.count ?? 0),
    ...(p.upgradeSettings?.maxSurge ? { maxSurge: p.upgradeSettings.maxSurge } : {}),
    zones: p.availabilityZones ?? [],
    ...(p.maxPods !== undefined ? { maxPods: p.maxPods } : {}),
  }));
  const profile = aks?.armBody.networkProfile;
  const network: NetworkTarget | undefined = vnet
    ? {
        vnetName: vnet.name,
        addressPrefixes: vnet.armBody.addressSpace?.addressPrefixes ?? [],
        subnets: (vnet.armBody.subnets ?? []).map((s) => ({
          name: s.name ?? "",
          addressPrefix: s.addressPrefix ?? s.addressPrefixes?.[0] ?? "",
          ...(s.delegations?.[0]?.serviceName ? { delegation: s.delegations[0].serviceName } : {}),
        })),
        ...optional("aksSubnet", subnetName(aks?.armBody.agentPoolProfiles?.[0]?.vnetSubnetID)),
        ...optional("postgresSubnet", subnetName(pg?.armBody.network?.delegatedSubnetResourceId)),
        ...optional("networkPlugin", pluginOf(profile?.networkPlugin)),
        ...(profile?.networkPluginMode === "overlay" ? { networkPluginMode: "overlay" as const } : {}),
        ...optional("podCidr", profile?.podCidr),
        ...optional("serviceCidr", profile?.serviceCidr),
        ...optional("dnsServiceIP", profile?.dnsServiceIP),
      }
    : undefined;

  const tlsValue = tlsSetting?.type === "Microsoft.DBforPostgreSQL/flexibleServers/configurations" ? tlsSetting.armBody.value : undefined;
  const release = findRelease(plan.openhands.version);
  return {
    subscriptionId: env.subscriptionId,
    location: env.region,
    resourceGroup: env.resourceGroup,
    resourceTypes: [...new Set(plan.resources.map((r) => r.type))],
    ...(aks ? { aks: { name: aks.name, ...optional("kubernetesVersion", aks.armBody.kubernetesVersion), pools } } : {}),
    names: { ...optional("postgres", pg?.name), ...optional("redis", redis?.name), ...optional("storage", storage?.name) },
    ...(network ? { network } : {}),
    // Azure's default is on; only an explicit "off" relaxes it.
    ...(pg ? { postgres: { requireSecureTransport: tlsValue?.toLowerCase() !== "off", ...optional("version", pg.armBody.version ? Number(pg.armBody.version) : undefined) } } : {}),
    ...(redis
      ? {
          redis: {
            enableNonSslPort: redis.armBody.enableNonSslPort === true,
            publicNetworkAccess: redis.armBody.publicNetworkAccess === "Disabled" ? ("Disabled" as const) : ("Enabled" as const),
            ...optional("subnetId", redis.armBody.subnetId),
          },
        }
      : {}),
    openhands: { version: plan.openhands.version, ...(release ? { supportsDbTls: release.supportsDbSslMode, minPostgresVersion: release.minPostgresVersion } : {}) },
  };
}

/** `{ [key]: value }` when value is defined (exactOptionalPropertyTypes-friendly spreading). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

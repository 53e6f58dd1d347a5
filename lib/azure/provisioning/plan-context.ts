/**
 * What every part of the plan builder shares: the resolved names, ids, fixed resource keys and
 * the api-versions the Bicep export writes. Keys are stable: the executor and stored operations
 * refer to them, so never rename one.
 */
import type { ResourceNames } from "@/lib/azure/naming";
import type { ArmType } from "./plan-types";
import type { SetupInput } from "./setup-input";

export const RESOURCE_KEYS = {
  resourceGroup: "rg",
  appNsg: "nsg-app",
  dbNsg: "nsg-db",
  vnet: "vnet",
  dnsZone: "dns-zone",
  dnsLink: "dns-link",
  aks: "aks",
  postgres: "postgres",
  postgresTls: "postgres-config-tls",
  redis: "redis",
  storage: "storage",
  lifecycle: "storage-lifecycle",
  actionGroup: "action-group",
} as const;

/** Databases OpenHands needs on the flexible server (DESIGN.md §2). */
export const DATABASES = ["openhands", "keycloak", "litellm", "runtime_api_db"] as const;
/** Blob containers: pre-upgrade pg_dump backups, support bundles, archives. */
export const BLOB_CONTAINERS = ["backups", "support-bundles", "archives"] as const;

/**
 * api-versions of each type: exactly the ones the pinned SDK clients send (checked by
 * lib/azure/export/arm-wire.test.ts), so the Bicep/Terraform exports describe the same requests
 * the console makes.
 */
export const API_VERSIONS: Record<ArmType, string> = {
  "Microsoft.Resources/resourceGroups": "2025-04-01",
  "Microsoft.Network/networkSecurityGroups": "2025-05-01",
  "Microsoft.Network/virtualNetworks": "2025-05-01",
  "Microsoft.Network/privateDnsZones": "2020-06-01",
  "Microsoft.Network/privateDnsZones/virtualNetworkLinks": "2020-06-01",
  "Microsoft.ContainerService/managedClusters": "2026-04-01",
  "Microsoft.DBforPostgreSQL/flexibleServers": "2025-08-01",
  "Microsoft.DBforPostgreSQL/flexibleServers/databases": "2025-08-01",
  "Microsoft.DBforPostgreSQL/flexibleServers/configurations": "2025-08-01",
  "Microsoft.Cache/redis": "2024-11-01",
  "Microsoft.Storage/storageAccounts": "2025-08-01",
  "Microsoft.Storage/storageAccounts/blobServices/containers": "2025-08-01",
  "Microsoft.Storage/storageAccounts/managementPolicies": "2025-08-01",
  "Microsoft.Insights/actionGroups": "2021-09-01",
  "Microsoft.Insights/metricAlerts": "2018-03-01",
};

/** AKS networking: Azure CNI overlay, so pods and services use ranges outside the VNet. */
export const AKS_NETWORK = { podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10" } as const;
/** Extra nodes per pool during an upgrade (preflight counts them against quota). */
export const UPGRADE_MAX_SURGE = 1;
export const SANDBOX_LABEL = { key: "openhands.dev/sandbox", value: "true" } as const;
export const SANDBOX_TAINT = `${SANDBOX_LABEL.key}=${SANDBOX_LABEL.value}:NoSchedule`;
export const POSTGRES_ADMIN_LOGIN = "ohadmin";

export interface PlanContext {
  input: SetupInput;
  names: ResourceNames;
  subscriptionId: string;
  region: string;
  resourceGroup: string;
  tags: Record<string, string>;
  /** Whether Redis is Premium (VNet-injected into its own subnet). */
  redisInVnet: boolean;
}

export function groupId(ctx: PlanContext): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}`;
}

/** Full id of a top-level resource in the plan's resource group, e.g. type "Microsoft.Network/virtualNetworks". */
export function resourceId(ctx: PlanContext, type: string, name: string): string {
  return `${groupId(ctx)}/providers/${type}/${name}`;
}

export function subnetId(ctx: PlanContext, subnet: string): string {
  return `${resourceId(ctx, "Microsoft.Network/virtualNetworks", ctx.names.virtualNetwork)}/subnets/${subnet}`;
}

/** The private DNS zone flexible server needs when it lives in a delegated subnet. */
export function postgresDnsZoneName(ctx: PlanContext): string {
  return `${ctx.names.postgresServer}.private.postgres.database.azure.com`;
}

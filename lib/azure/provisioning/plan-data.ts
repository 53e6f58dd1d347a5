/**
 * Data part of the plan: PostgreSQL flexible server (private, in the delegated subnet, TLS
 * required) with OpenHands' databases, Azure Cache for Redis with its non-TLS port 6379 enabled
 * (OpenHands speaks plain redis:// only) and kept inside the VNet when Premium, and the storage
 * account with its blob containers and a lifecycle policy that deletes old blobs.
 */
import { BLOB_CONTAINERS, DATABASES, API_VERSIONS, POSTGRES_ADMIN_LOGIN, postgresDnsZoneName, RESOURCE_KEYS as K, resourceId, subnetId, type PlanContext } from "./plan-context";
import type { PlannedResource, PlannedResourceOf } from "./plan-types";

/** Days after which blobs in each container are deleted by the lifecycle policy. */
export const BLOB_RETENTION_DAYS: Record<(typeof BLOB_CONTAINERS)[number], number> = { backups: 35, "support-bundles": 30, archives: 365 };

export function postgresResources(ctx: PlanContext): PlannedResource[] {
  const { names, region, resourceGroup, tags } = ctx;
  const pg = ctx.input.sizing.postgres;
  const serverId = resourceId(ctx, "Microsoft.DBforPostgreSQL/flexibleServers", names.postgresServer);
  const server: PlannedResourceOf<"Microsoft.DBforPostgreSQL/flexibleServers"> = {
    key: K.postgres,
    type: "Microsoft.DBforPostgreSQL/flexibleServers",
    name: names.postgresServer,
    parentNames: [],
    id: serverId,
    apiVersion: API_VERSIONS["Microsoft.DBforPostgreSQL/flexibleServers"],
    resourceGroup,
    location: region,
    sku: `${pg.sku} (${pg.tier}), ${pg.storageGb} GiB, PostgreSQL ${pg.version}${pg.ha ? ", HA" : ""}`,
    dependsOn: [K.vnet, K.dnsLink],
    monthlyCost: 0,
    secretInputs: [{ path: "administratorLoginPassword", secret: "postgresAdminPassword" }],
    armBody: {
      location: region,
      tags,
      sku: { name: pg.sku, tier: pg.tier },
      version: pg.version,
      createMode: "Create",
      administratorLogin: POSTGRES_ADMIN_LOGIN,
      storage: { storageSizeGB: pg.storageGb, autoGrow: "Enabled" },
      backup: { backupRetentionDays: pg.ha ? 14 : 7, geoRedundantBackup: "Disabled" },
      network: {
        publicNetworkAccess: "Disabled",
        delegatedSubnetResourceId: subnetId(ctx, names.dbSubnet),
        privateDnsZoneArmResourceId: resourceId(ctx, "Microsoft.Network/privateDnsZones", postgresDnsZoneName(ctx)),
      },
      highAvailability: { mode: pg.ha ? "ZoneRedundant" : "Disabled" },
    },
  };
  const child = { parentNames: [names.postgresServer], resourceGroup, location: region, monthlyCost: 0, dependsOn: [K.postgres] };
  const tls: PlannedResourceOf<"Microsoft.DBforPostgreSQL/flexibleServers/configurations"> = {
    ...child,
    key: K.postgresTls,
    type: "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
    name: "require_secure_transport",
    id: `${serverId}/configurations/require_secure_transport`,
    apiVersion: API_VERSIONS["Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
    // Azure's default already; set explicitly so a rerun repairs a server someone relaxed.
    armBody: { value: "on", source: "user-override" },
  };
  const databases: PlannedResourceOf<"Microsoft.DBforPostgreSQL/flexibleServers/databases">[] = DATABASES.map((db) => ({
    ...child,
    key: `postgres-db-${db.replace(/_/g, "-")}`,
    type: "Microsoft.DBforPostgreSQL/flexibleServers/databases",
    name: db,
    id: `${serverId}/databases/${db}`,
    apiVersion: API_VERSIONS["Microsoft.DBforPostgreSQL/flexibleServers/databases"],
    armBody: { charset: "UTF8", collation: "en_US.utf8" },
  }));
  return [server, tls, ...databases];
}

export function redisResource(ctx: PlanContext): PlannedResourceOf<"Microsoft.Cache/redis"> {
  const { names, region, resourceGroup, tags } = ctx;
  const r = ctx.input.sizing.redis;
  const family = r.sku === "Premium" ? "P" : "C";
  return {
    key: K.redis,
    type: "Microsoft.Cache/redis",
    name: names.redisCache,
    parentNames: [],
    id: resourceId(ctx, "Microsoft.Cache/redis", names.redisCache),
    apiVersion: API_VERSIONS["Microsoft.Cache/redis"],
    resourceGroup,
    location: region,
    sku: `${r.sku} ${family}${r.capacity}, non-TLS port 6379 ${ctx.redisInVnet ? "inside the VNet" : "(public endpoint)"}`,
    dependsOn: ctx.redisInVnet ? [K.vnet] : [K.resourceGroup],
    monthlyCost: 0,
    armBody: {
      location: region,
      tags,
      sku: { name: r.sku, family, capacity: r.capacity },
      redisVersion: "6",
      // OpenHands has no Redis TLS option: the plain port must be on (DESIGN.md §2).
      enableNonSslPort: true,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: ctx.redisInVnet ? "Disabled" : "Enabled",
      ...(ctx.redisInVnet ? { subnetId: subnetId(ctx, names.redisSubnet) } : {}),
    },
  };
}

export function storageResources(ctx: PlanContext): PlannedResource[] {
  const { names, region, resourceGroup, tags } = ctx;
  const accountId = resourceId(ctx, "Microsoft.Storage/storageAccounts", names.storageAccount);
  const account: PlannedResourceOf<"Microsoft.Storage/storageAccounts"> = {
    key: K.storage,
    type: "Microsoft.Storage/storageAccounts",
    name: names.storageAccount,
    parentNames: [],
    id: accountId,
    apiVersion: API_VERSIONS["Microsoft.Storage/storageAccounts"],
    resourceGroup,
    location: region,
    sku: "Standard_LRS, StorageV2, hot",
    dependsOn: [K.resourceGroup],
    monthlyCost: 0,
    armBody: {
      location: region,
      tags,
      sku: { name: "Standard_LRS" },
      kind: "StorageV2",
      accessTier: "Hot",
      // A plain field like minimumTlsVersion must be present or arm-storage 20 drops `properties`.
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
    },
  };
  const child = { resourceGroup, location: region, monthlyCost: 0, dependsOn: [K.storage] };
  const containers: PlannedResourceOf<"Microsoft.Storage/storageAccounts/blobServices/containers">[] = BLOB_CONTAINERS.map((c) => ({
    ...child,
    key: `storage-container-${c}`,
    type: "Microsoft.Storage/storageAccounts/blobServices/containers",
    name: c,
    parentNames: [names.storageAccount, "default"],
    id: `${accountId}/blobServices/default/containers/${c}`,
    apiVersion: API_VERSIONS["Microsoft.Storage/storageAccounts/blobServices/containers"],
    armBody: { publicAccess: "None" },
  }));
  const lifecycle: PlannedResourceOf<"Microsoft.Storage/storageAccounts/managementPolicies"> = {
    ...child,
    key: K.lifecycle,
    type: "Microsoft.Storage/storageAccounts/managementPolicies",
    name: "default",
    parentNames: [names.storageAccount],
    id: `${accountId}/managementPolicies/default`,
    apiVersion: API_VERSIONS["Microsoft.Storage/storageAccounts/managementPolicies"],
    armBody: {
      policy: {
        rules: BLOB_CONTAINERS.map((c) => ({
          // Rule names allow letters and digits only.
          name: `deleteOld${c.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}`,
          enabled: true,
          type: "Lifecycle",
          definition: {
            filters: { blobTypes: ["blockBlob"], prefixMatch: [`${c}/`] },
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: BLOB_RETENTION_DAYS[c] } } },
          },
        })),
      },
    },
  };
  return [account, ...containers, lifecycle];
}

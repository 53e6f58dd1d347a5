/**
 * Test support: a complete setup plan in the executor's shape (DESIGN.md §2: resource group,
 * NSGs, VNet with all subnets, private DNS, PostgreSQL + 4 databases + TLS parameter, Redis with
 * the plain port, storage + containers + lifecycle, AKS with 3 pools, action group + alerts),
 * written by hand so the executor's tests do not depend on buildPlan. Test-only.
 */
import type { DesiredPlan, DesiredResource, DesiredStep } from "@/lib/azure/provisioning/steps";

export function samplePlan(opts: { subscriptionId: string; env?: string; region?: string; suffix?: string }): DesiredPlan {
  const env = opts.env ?? "prod";
  const location = opts.region ?? "eastus";
  const sfx = opts.suffix ?? "ab12c";
  const rg = `rg-openhands-${env}`;
  const sub = opts.subscriptionId;
  const id = (type: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
  const vnet = `vnet-openhands-${env}`;
  const pg = `db-openhands-${env}-${sfx}`;
  const cache = `cache-openhands-${env}-${sfx}`;
  const account = `stopenhands${env}${sfx}`;
  const aks = `aks-openhands-${env}`;
  const zone = "openhands.private.postgres.database.azure.com";
  const res = (r: Omit<DesiredResource, "resourceGroup" | "location"> & { location?: string }): DesiredResource => ({ resourceGroup: rg, location, ...r });
  const rule = (name: string, priority: number, source: string, port: string) => ({
    name, priority, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: source, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: port,
  });
  const alert = (key: string, name: string, scope: string, metric: string, threshold: number) =>
    res({
      key, type: "Microsoft.Insights/metricAlerts", name, location: "global", dependsOn: ["action-group"],
      armBody: {
        location: "global", description: `${metric} > ${threshold}`, severity: 2, enabled: true, scopes: [scope], evaluationFrequency: "PT5M", windowSize: "PT15M",
        criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ criterionType: "StaticThresholdCriterion", name: "c1", metricName: metric, operator: "GreaterThan", threshold, timeAggregation: "Average" }] },
        actions: [{ actionGroupId: id("Microsoft.Insights/actionGroups", `ag-openhands-${env}`) }],
      },
    });
  const resources: DesiredResource[] = [
    res({ key: "resource-group", type: "Microsoft.Resources/resourceGroups", name: rg, dependsOn: [], armBody: { location, tags: { "openhands-env": env } } }),
    res({ key: "nsg-app", type: "Microsoft.Network/networkSecurityGroups", name: "nsg-openhands-app", dependsOn: ["resource-group"], armBody: { location, securityRules: [] } }),
    res({
      key: "nsg-db", type: "Microsoft.Network/networkSecurityGroups", name: "nsg-openhands-db", dependsOn: ["resource-group"],
      armBody: { location, securityRules: [rule("allow-app-postgres", 100, "10.20.0.0/20", "5432"), rule("allow-app-redis", 110, "10.20.0.0/20", "6379")] },
    }),
    res({
      key: "vnet", type: "Microsoft.Network/virtualNetworks", name: vnet, dependsOn: ["nsg-app", "nsg-db"],
      armBody: {
        location, addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
        subnets: [
          { name: "snet-openhands-app", addressPrefix: "10.20.0.0/20", networkSecurityGroup: { id: id("Microsoft.Network/networkSecurityGroups", "nsg-openhands-app") } },
          {
            name: "snet-openhands-db", addressPrefix: "10.20.16.0/24", networkSecurityGroup: { id: id("Microsoft.Network/networkSecurityGroups", "nsg-openhands-db") },
            delegations: [{ name: "postgres", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
          },
        ],
      },
    }),
    res({ key: "dns-zone", type: "Microsoft.Network/privateDnsZones", name: zone, location: "global", dependsOn: ["resource-group"], armBody: { location: "global" } }),
    res({
      key: "dns-link", type: "Microsoft.Network/privateDnsZones/virtualNetworkLinks", name: `link-${vnet}`, parentNames: [zone], location: "global", dependsOn: ["dns-zone", "vnet"],
      armBody: { location: "global", registrationEnabled: false, virtualNetwork: { id: id("Microsoft.Network/virtualNetworks", vnet) } },
    }),
    res({
      key: "postgres", type: "Microsoft.DBforPostgreSQL/flexibleServers", name: pg, dependsOn: ["vnet", "dns-link"],
      secretInputs: [{ path: "administratorLoginPassword", secret: "postgresAdminPassword" }],
      armBody: {
        location, sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" }, administratorLogin: "openhands", version: "16", storage: { storageSizeGB: 128 },
        backup: { backupRetentionDays: 7, geoRedundantBackup: "Disabled" }, highAvailability: { mode: "Disabled" },
        network: { delegatedSubnetResourceId: `${id("Microsoft.Network/virtualNetworks", vnet)}/subnets/snet-openhands-db`, privateDnsZoneArmResourceId: id("Microsoft.Network/privateDnsZones", zone) },
      },
    }),
    ...["openhands", "keycloak", "litellm", "runtime_api_db"].map((db) =>
      res({ key: `postgres-db-${db.replace(/_/g, "-")}`, type: "Microsoft.DBforPostgreSQL/flexibleServers/databases", name: db, parentNames: [pg], dependsOn: ["postgres"], armBody: { charset: "UTF8", collation: "en_US.utf8" } }),
    ),
    res({ key: "postgres-tls", type: "Microsoft.DBforPostgreSQL/flexibleServers/configurations", name: "require_secure_transport", parentNames: [pg], dependsOn: ["postgres"], armBody: { value: "on", source: "user-override" } }),
    res({
      key: "redis", type: "Microsoft.Cache/redis", name: cache, dependsOn: ["resource-group"],
      armBody: { location, sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true, minimumTlsVersion: "1.2", redisConfiguration: { maxmemoryPolicy: "allkeys-lru" } },
    }),
    res({ key: "redis-firewall-app", type: "Microsoft.Cache/redis/firewallRules", name: "allow_app_subnet", parentNames: [cache], dependsOn: ["redis"], armBody: { startIP: "10.20.0.0", endIP: "10.20.15.255" } }),
    res({ key: "storage", type: "Microsoft.Storage/storageAccounts", name: account, dependsOn: ["resource-group"], armBody: { location, kind: "StorageV2", sku: { name: "Standard_LRS" }, minimumTlsVersion: "TLS1_2", allowBlobPublicAccess: false } }),
    ...["backups", "support-bundles"].map((c) =>
      res({ key: `storage-container-${c}`, type: "Microsoft.Storage/storageAccounts/blobServices/containers", name: c, parentNames: [account, "default"], dependsOn: ["storage"], armBody: { publicAccess: "None" } }),
    ),
    res({
      key: "storage-lifecycle", type: "Microsoft.Storage/storageAccounts/managementPolicies", name: "default", parentNames: [account], dependsOn: ["storage"],
      armBody: { policy: { rules: [{ name: "expireold", enabled: true, type: "Lifecycle", definition: { filters: { blobTypes: ["blockBlob"] }, actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 90 } } } } }] } },
    }),
    res({
      key: "aks", type: "Microsoft.ContainerService/managedClusters", name: aks, dependsOn: ["vnet"],
      armBody: {
        location, dnsPrefix: `openhands-${env}`, kubernetesVersion: "1.34", identity: { type: "SystemAssigned" },
        agentPoolProfiles: [
          { name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 1, enableAutoScaling: true, minCount: 1, maxCount: 3, vnetSubnetID: `${id("Microsoft.Network/virtualNetworks", vnet)}/subnets/snet-openhands-app` },
          { name: "platform", mode: "User", vmSize: "Standard_D4ds_v5", count: 2, enableAutoScaling: true, minCount: 2, maxCount: 4, vnetSubnetID: `${id("Microsoft.Network/virtualNetworks", vnet)}/subnets/snet-openhands-app` },
          {
            name: "sandbox", mode: "User", vmSize: "Standard_D8ds_v5", count: 1, enableAutoScaling: true, minCount: 1, maxCount: 5, vnetSubnetID: `${id("Microsoft.Network/virtualNetworks", vnet)}/subnets/snet-openhands-app`,
            nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"],
          },
        ],
      },
    }),
    res({ key: "action-group", type: "Microsoft.Insights/actionGroups", name: `ag-openhands-${env}`, location: "global", dependsOn: ["resource-group"], armBody: { location: "global", groupShortName: "openhands", enabled: true, emailReceivers: [{ name: "admins", emailAddress: "admins@example.com", useCommonAlertSchema: true }] } }),
    alert("alert-aks-cpu", `alert-aks-cpu-${env}`, id("Microsoft.ContainerService/managedClusters", aks), "node_cpu_usage_percentage", 85),
    alert("alert-postgres-cpu", `alert-postgres-cpu-${env}`, id("Microsoft.DBforPostgreSQL/flexibleServers", pg), "cpu_percent", 85),
  ];
  const step = (key: string, title: string, kind: string, resourceKeys: string[], dependsOn: string[]): DesiredStep => ({ key, title, kind, resourceKeys, dependsOn });
  const steps: DesiredStep[] = [
    step("resource-group", "Resource group", "arm.resourceGroup", ["resource-group"], []),
    step("nsgs", "Network security groups", "arm.networkSecurityGroup", ["nsg-app", "nsg-db"], ["resource-group"]),
    step("vnet", "Virtual network and subnets", "arm.virtualNetwork", ["vnet"], ["nsgs"]),
    step("private-dns", "Private DNS for PostgreSQL", "arm.privateDns", ["dns-zone", "dns-link"], ["vnet"]),
    step("postgres", "PostgreSQL flexible server", "arm.postgresServer", ["postgres", "postgres-tls"], ["private-dns"]),
    step("postgres-databases", "PostgreSQL databases", "arm.postgresDatabases", ["postgres-db-openhands", "postgres-db-keycloak", "postgres-db-litellm", "postgres-db-runtime-api-db"], ["postgres"]),
    step("redis", "Azure Cache for Redis", "arm.redisCache", ["redis", "redis-firewall-app"], ["resource-group"]),
    step("storage", "Storage account", "arm.storageAccount", ["storage"], ["resource-group"]),
    step("storage-containers", "Blob containers and lifecycle policy", "arm.storageContainers", ["storage-container-backups", "storage-container-support-bundles", "storage-lifecycle"], ["storage"]),
    step("aks", "AKS cluster and node pools", "arm.aksCluster", ["aks"], ["vnet"]),
    step("action-group", "Monitoring action group", "arm.actionGroup", ["action-group"], ["resource-group"]),
    step("alerts", "Recommended metric alerts", "arm.metricAlerts", ["alert-aks-cpu", "alert-postgres-cpu"], ["action-group", "aks", "postgres"]),
    step("openhands.namespaces", "OpenHands namespaces", "kubernetes.namespaces", [], ["aks"]),
  ];
  return { environment: { name: env, subscriptionId: sub, region: location, resourceGroup: rg }, resources, steps };
}

/**
 * The step DAG the executor runs. Azure steps follow resource dependencies; independent ones
 * (AKS, PostgreSQL, Redis, storage, action group) run in parallel once the network exists. The
 * Kubernetes steps deploy OpenHands once the cluster and its backing services are there. Keys are
 * stable: stored operations refer to them.
 */
import { RESOURCE_KEYS as K } from "./plan-context";
import type { PlannedResource, PlannedStep } from "./plan-types";

export const STEP_KEYS = {
  resourceGroup: "resource-group",
  appNsg: "nsg-app",
  dbNsg: "nsg-db",
  vnet: "vnet",
  privateDns: "private-dns",
  aks: "aks",
  postgres: "postgres",
  postgresDatabases: "postgres-databases",
  redis: "redis",
  storage: "storage",
  storageContainers: "storage-containers",
  actionGroup: "action-group",
  alerts: "alerts",
  namespaces: "openhands.namespaces",
  secrets: "openhands.secrets",
  configuration: "openhands.configuration",
  sandboxRbac: "openhands.sandbox-rbac",
  app: "openhands.app",
  ready: "openhands.ready",
  health: "openhands.health",
} as const;

export function planSteps(resources: readonly PlannedResource[], redisInVnet: boolean): PlannedStep[] {
  const S = STEP_KEYS;
  const keysOf = (pred: (r: PlannedResource) => boolean) => resources.filter(pred).map((r) => r.key);
  return [
    { key: S.resourceGroup, title: "Create the resource group", kind: "arm.resourceGroup", resourceKeys: [K.resourceGroup], dependsOn: [] },
    { key: S.appNsg, title: "Create the app network security group", kind: "arm.networkSecurityGroup", resourceKeys: [K.appNsg], dependsOn: [S.resourceGroup] },
    { key: S.dbNsg, title: "Create the data network security group", kind: "arm.networkSecurityGroup", resourceKeys: [K.dbNsg], dependsOn: [S.resourceGroup] },
    { key: S.vnet, title: "Create the virtual network and subnets", kind: "arm.virtualNetwork", resourceKeys: [K.vnet], dependsOn: [S.appNsg, S.dbNsg] },
    { key: S.privateDns, title: "Create the PostgreSQL private DNS zone and link it to the VNet", kind: "arm.privateDns", resourceKeys: [K.dnsZone, K.dnsLink], dependsOn: [S.vnet] },
    { key: S.aks, title: "Create the AKS cluster (system, platform and sandbox pools)", kind: "arm.aksCluster", resourceKeys: [K.aks], dependsOn: [S.vnet] },
    { key: S.postgres, title: "Create the PostgreSQL flexible server", kind: "arm.postgresServer", resourceKeys: [K.postgres], dependsOn: [S.privateDns] },
    {
      key: S.postgresDatabases,
      title: "Require TLS and create the OpenHands databases",
      kind: "arm.postgresDatabases",
      resourceKeys: keysOf((r) => r.type === "Microsoft.DBforPostgreSQL/flexibleServers/configurations" || r.type === "Microsoft.DBforPostgreSQL/flexibleServers/databases"),
      dependsOn: [S.postgres],
    },
    { key: S.redis, title: "Create the Redis cache", kind: "arm.redisCache", resourceKeys: [K.redis], dependsOn: [redisInVnet ? S.vnet : S.resourceGroup] },
    { key: S.storage, title: "Create the storage account", kind: "arm.storageAccount", resourceKeys: [K.storage], dependsOn: [S.resourceGroup] },
    {
      key: S.storageContainers,
      title: "Create blob containers and the lifecycle policy",
      kind: "arm.storageContainers",
      resourceKeys: keysOf((r) => r.type === "Microsoft.Storage/storageAccounts/blobServices/containers" || r.type === "Microsoft.Storage/storageAccounts/managementPolicies"),
      dependsOn: [S.storage],
    },
    { key: S.actionGroup, title: "Create the alert action group", kind: "arm.actionGroup", resourceKeys: [K.actionGroup], dependsOn: [S.resourceGroup] },
    { key: S.alerts, title: "Create the recommended metric alerts", kind: "arm.metricAlerts", resourceKeys: keysOf((r) => r.type === "Microsoft.Insights/metricAlerts"), dependsOn: [S.actionGroup, S.aks, S.postgres, S.redis] },
    { key: S.namespaces, title: "Create the openhands and openhands-sandboxes namespaces", kind: "kubernetes.namespaces", resourceKeys: [], dependsOn: [S.aks] },
    { key: S.secrets, title: "Store database, Redis, Keycloak and LLM secrets as Kubernetes secrets", kind: "kubernetes.secrets", resourceKeys: [], dependsOn: [S.namespaces, S.postgresDatabases, S.redis] },
    { key: S.configuration, title: "Write the OpenHands configuration (DB_*, REDIS_*, KEYCLOAK_*)", kind: "kubernetes.configuration", resourceKeys: [], dependsOn: [S.namespaces, S.postgresDatabases, S.redis, S.storageContainers] },
    { key: S.sandboxRbac, title: "Set up the sandbox namespace RBAC", kind: "kubernetes.sandboxRbac", resourceKeys: [], dependsOn: [S.namespaces] },
    { key: S.app, title: "Deploy OpenHands (Deployment, Service, Ingress)", kind: "kubernetes.openhands", resourceKeys: [], dependsOn: [S.secrets, S.configuration, S.sandboxRbac] },
    { key: S.ready, title: "Wait for OpenHands to be Ready", kind: "kubernetes.waitReady", resourceKeys: [], dependsOn: [S.app] },
    { key: S.health, title: "Check OpenHands answers /health and /ready", kind: "openhands.healthCheck", resourceKeys: [], dependsOn: [S.ready, S.alerts] },
  ];
}

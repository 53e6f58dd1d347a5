/**
 * The provisioning plan's types: what the review page lists, the executor runs and the Bicep export
 * writes. Resources carry the SDK-model body to PUT (`armBody`) typed per ARM type, so a step can
 * hand it to the SDK call as is. Secrets never appear here: a body that needs one names it in
 * `secretInputs` and the executor fills it in at PUT time.
 */
import type { ResourceGroup } from "@azure/arm-resources";
import type { NetworkSecurityGroup, VirtualNetwork } from "@azure/arm-network";
import type { PrivateZone, VirtualNetworkLink } from "@azure/arm-privatedns";
import type { ManagedCluster } from "@azure/arm-containerservice";
import type { Configuration, Database, Server } from "@azure/arm-postgresql-flexible";
import type { RedisCreateParameters } from "@azure/arm-rediscache";
import type { BlobContainer, ManagementPolicy, StorageAccountCreateParameters } from "@azure/arm-storage";
import type { ActionGroupResource, MetricAlertResource } from "@azure/arm-monitor";
import type { ResourceNames } from "@/lib/azure/naming";
import type { GeneratedSecretName, SetupSecretName } from "./setup-input";

/** ARM type → the SDK model the PUT sends. */
export interface ArmBodies {
  "Microsoft.Resources/resourceGroups": ResourceGroup;
  "Microsoft.Network/networkSecurityGroups": NetworkSecurityGroup;
  "Microsoft.Network/virtualNetworks": VirtualNetwork;
  "Microsoft.Network/privateDnsZones": PrivateZone;
  "Microsoft.Network/privateDnsZones/virtualNetworkLinks": VirtualNetworkLink;
  "Microsoft.ContainerService/managedClusters": ManagedCluster;
  "Microsoft.DBforPostgreSQL/flexibleServers": Server;
  "Microsoft.DBforPostgreSQL/flexibleServers/databases": Database;
  "Microsoft.DBforPostgreSQL/flexibleServers/configurations": Configuration;
  "Microsoft.Cache/redis": RedisCreateParameters;
  "Microsoft.Storage/storageAccounts": StorageAccountCreateParameters;
  "Microsoft.Storage/storageAccounts/blobServices/containers": BlobContainer;
  "Microsoft.Storage/storageAccounts/managementPolicies": ManagementPolicy;
  "Microsoft.Insights/actionGroups": ActionGroupResource;
  "Microsoft.Insights/metricAlerts": MetricAlertResource;
}
export type ArmType = keyof ArmBodies;

interface PlannedResourceBase {
  /** Stable key inside the plan, e.g. "aks", "postgres", "postgres-db-openhands". */
  key: string;
  /** The last name segment (child resources: the child's own name, e.g. "openhands"). */
  name: string;
  /** Parent resource names for child types, outermost first (e.g. ["db-openhands-prod-ab12c"]). */
  parentNames: string[];
  /** Full ARM resource id. */
  id: string;
  /** api-version the Bicep export uses (the SDK pins its own). */
  apiVersion: string;
  resourceGroup: string;
  /** Azure region, or "global" (action groups, metric alerts, private DNS zones). */
  location: string;
  /** Human SKU text for the review page, e.g. "Standard_D4ds_v5 × 2–4". */
  sku?: string;
  /** Keys of resources this one needs first. */
  dependsOn: string[];
  /** Estimated monthly cost in USD (0 for free resources). */
  monthlyCost: number;
  /** Body fields the executor fills with a secret at PUT time (dot path inside armBody). */
  secretInputs?: { path: string; secret: SetupSecretName | GeneratedSecretName }[];
}

export type PlannedResource = {
  [T in ArmType]: PlannedResourceBase & { type: T; armBody: ArmBodies[T] };
}[ArmType];
export type PlannedResourceOf<T extends ArmType> = Extract<PlannedResource, { type: T }>;

/** What a step does; the executor maps each kind to one step implementation. */
export type StepKind =
  | "arm.resourceGroup"
  | "arm.networkSecurityGroup"
  | "arm.virtualNetwork"
  | "arm.privateDns"
  | "arm.aksCluster"
  | "arm.postgresServer"
  | "arm.postgresDatabases"
  | "arm.redisCache"
  | "arm.storageAccount"
  | "arm.storageContainers"
  | "arm.actionGroup"
  | "arm.metricAlerts"
  | "kubernetes.namespaces"
  | "kubernetes.secrets"
  | "kubernetes.configuration"
  | "kubernetes.sandboxRbac"
  | "kubernetes.openhands"
  | "kubernetes.waitReady"
  | "openhands.healthCheck";

export interface PlannedStep {
  /** Stable key (matches lib/store STEP_KEY), e.g. "aks", "openhands.app". */
  key: string;
  title: string;
  kind: StepKind;
  /** Resources this step PUTs, in order (empty for Kubernetes/health steps). */
  resourceKeys: string[];
  /** Step keys that must succeed first. */
  dependsOn: string[];
}

export interface CostLine {
  resourceKey: string;
  description: string;
  /** How the figure was computed, e.g. "2 × Standard_D4ds_v5 × 730 h × $0.226". */
  basis: string;
  monthly: number;
}

export interface CostEstimate {
  currency: "USD";
  /** The date of the shipped price table (ISO date). */
  priceDate: string;
  priceSource: string;
  region: string;
  lines: CostLine[];
  /** At the pools' minimum node counts (what runs idle). */
  totalMonthly: number;
  /** At the pools' maximum node counts (autoscaler fully out). */
  totalMonthlyAtMax: number;
  disclaimer: string;
}

export interface PlanWarning {
  code: string;
  message: string;
}

/** What the Kubernetes steps deploy (non-secret settings; secrets are referenced by name). */
export interface OpenHandsDeployment {
  namespace: "openhands";
  sandboxNamespace: "openhands-sandboxes";
  version: string;
  /** Fully qualified images, e.g. ghcr.io/openhands/enterprise-server:1.54.0. */
  images: { app: string; agentServer: string; runtimeApi: string };
  host: string;
  tls: { mode: "cert-manager"; issuer: string } | { mode: "existing-secret"; secretName: string } | { mode: "none" };
  /** Non-secret environment for the app (`DB_*` host/port/user/name, `REDIS_*`, `KEYCLOAK_*`, …). */
  env: Record<string, string>;
  /** Kubernetes secrets to create: secret name → key → which console secret fills it. */
  secrets: Record<string, Record<string, SetupSecretName | GeneratedSecretName | "redisAccessKey">>;
  /** Entra ID as Keycloak's identity provider (alias `enterprise_sso`); its secret is `entraClientSecret`. */
  identityProvider: { alias: "enterprise_sso"; keycloakUrl: string; realm: string; entraTenantId: string; entraClientId: string; issuer: string };
  /** Node placement of sandboxes (label + taint on the sandbox pool). */
  sandboxNodeSelector: { key: "openhands.dev/sandbox"; value: "true" };
  /** Node placement of the app (the platform pool's label). */
  platformNodeSelector?: { key: "openhands.dev/pool"; value: "platform" };
  databases: string[];
}

export interface ProvisioningPlan {
  environment: { name: string; subscriptionId: string; region: string; resourceGroup: string; names: ResourceNames };
  resources: PlannedResource[];
  steps: PlannedStep[];
  openhands: OpenHandsDeployment;
  estimate: CostEstimate;
  warnings: PlanWarning[];
}

/**
 * Preflight: what is checked before anything is provisioned, and the answer of each check.
 *
 * `PreflightTarget` is the slice of a provisioning plan the rules need (derived from the plan by
 * `targetFromPlan`); `PreflightObservations` is what was read from ARM for it (each read may have
 * failed: a failed read becomes a warn/fail check with the error, never a crash). Rules are pure
 * functions (target, observations) → checks.
 */

export type PreflightStatus = "pass" | "warn" | "fail";

/** A one-click fix the wizard can offer beside a failing check. */
export type PreflightFix = { kind: "registerProvider"; namespace: string };

export interface PreflightCheck {
  /** Stable id, e.g. "provider:Microsoft.Cache", "quota:standardDSv5Family", "name:storage". */
  id: string;
  title: string;
  status: PreflightStatus;
  /** What was observed, with concrete numbers and names. */
  evidence: string;
  /** How to fix it (absent when it passes). */
  remedy?: string;
  fix?: PreflightFix;
}

/** Only failures block Provision; warnings are shown and accepted. */
export function preflightBlocks(checks: readonly PreflightCheck[]): boolean {
  return checks.some((c) => c.status === "fail");
}

export interface NodePoolTarget {
  name: string;
  vmSize: string;
  minCount: number;
  maxCount: number;
  /** AKS `upgradeSettings.maxSurge` ("33%" or "2"); AKS defaults to 10% when unset. */
  maxSurge?: string;
  /** Availability zones the pool spreads over ([] = no zones). */
  zones: string[];
  /** Max pods per node (IP planning for Azure CNI without overlay). */
  maxPods?: number;
}

export interface SubnetTarget {
  name: string;
  addressPrefix: string;
  /** e.g. "Microsoft.DBforPostgreSQL/flexibleServers". */
  delegation?: string;
}

export interface NetworkTarget {
  vnetName: string;
  addressPrefixes: string[];
  subnets: SubnetTarget[];
  /** Subnet the AKS nodes use (name). */
  aksSubnet?: string;
  /** Subnet delegated to PostgreSQL (name). */
  postgresSubnet?: string;
  /** AKS network profile. */
  networkPlugin?: "azure" | "kubenet" | "none";
  networkPluginMode?: "overlay";
  podCidr?: string;
  serviceCidr?: string;
  dnsServiceIP?: string;
}

export interface PreflightTarget {
  subscriptionId: string;
  location: string;
  resourceGroup: string;
  /** ARM types the plan creates, e.g. "Microsoft.Cache/redis" (drives providers and permissions). */
  resourceTypes: string[];
  aks?: { name: string; kubernetesVersion?: string; pools: NodePoolTarget[] };
  names: { postgres?: string; redis?: string; storage?: string };
  network?: NetworkTarget;
  postgres?: {
    /** `require_secure_transport` as the plan sets it (Azure default: on). */
    requireSecureTransport: boolean;
    /** PostgreSQL major version of the server, e.g. 17. */
    version?: number;
  };
  redis?: { enableNonSslPort: boolean; publicNetworkAccess: "Enabled" | "Disabled"; subnetId?: string };
  openhands?: {
    version: string;
    /** Does this release connect to PostgreSQL with TLS (`DB_SSL_MODE`)? undefined = unknown. */
    supportsDbTls?: boolean;
    /** Oldest PostgreSQL major the release supports (catalog); undefined = unknown. */
    minPostgresVersion?: number;
  };
}

/** One read from ARM: its value, or the error it ended with (message already redacted). */
export type Observed<T> = { ok: true; value: T } | { ok: false; error: { code?: string; statusCode?: number; message: string } };

export interface ProviderObservation {
  namespace: string;
  registrationState: string;
}

export interface UsageObservation {
  /** Quota name, e.g. "cores" or "standardDSv5Family". */
  name: string;
  localizedName: string;
  currentValue: number;
  limit: number;
}

export interface VmSkuObservation {
  name: string;
  family: string;
  vCPUs: number;
  /** Zones the size is offered in, in the region. */
  zones: string[];
  restrictions: Array<{ type: "Location" | "Zone"; zones: string[]; reasonCode?: string }>;
}

export interface KubernetesVersionObservation {
  version: string;
  isDefault: boolean;
  isPreview: boolean;
  patchVersions: string[];
}

export interface NameObservation {
  nameAvailable: boolean;
  reason?: string;
  message?: string;
  /** A resource with that name already exists in the target resource group (ours, from an earlier run). */
  ours: boolean;
}

/**
 * The caller's permissions. On an existing target group they are Azure's own answer for it
 * (Permissions_ListForResourceGroup); before the group exists they are the definitions of the
 * caller's role assignments at or above the subscription (what a new group inherits).
 */
export interface PermissionsObservation {
  /** e.g. "resource group rg-openhands-prod" or "subscription 8f3c…". */
  scope: string;
  targetGroupExists: boolean;
  /** Names of the roles read, when they came from role assignments ("Contributor"). */
  roles?: string[];
  entries: Array<{ actions: string[]; notActions: string[] }>;
}

export interface PreflightObservations {
  providers: Observed<ProviderObservation[]>;
  /** The caller's permissions; `scope` says where they were read. */
  permissions: Observed<PermissionsObservation>;
  usages: Observed<UsageObservation[]>;
  vmSkus: Observed<VmSkuObservation[]>;
  kubernetesVersions: Observed<KubernetesVersionObservation[]>;
  /** Node pools of our AKS cluster when it already exists (re-run): its vCPUs are already in the usage. */
  existingPools: Observed<Array<{ name: string; vmSize: string; count: number }>>;
  names: { postgres?: Observed<NameObservation>; redis?: Observed<NameObservation>; storage?: Observed<NameObservation> };
}

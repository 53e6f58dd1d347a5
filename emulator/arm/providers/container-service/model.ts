/**
 * Wire shapes of managed clusters and agent pools: request validation (zod, unknown fields kept
 * so a PUT round-trips) and the read-only fields AKS fills in.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ArmError } from "../../core/errors";

export const API_VERSIONS = [
  "2026-06-01", "2026-04-01", "2026-02-01", "2025-10-01", "2025-09-01", "2025-08-01", "2025-07-01", "2025-05-01",
  "2025-04-01", "2025-03-01", "2025-02-01", "2025-01-01", "2024-10-01", "2024-09-01", "2024-08-01", "2024-07-01",
  "2024-05-01", "2024-02-01", "2024-01-01", "2023-10-01",
] as const;

export const CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";
export const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";

/** Node images: pools start on the previous image so a node-image upgrade has something to do. */
export const NODE_IMAGE_PREVIOUS = "AKSUbuntu-2204gen2containerd-202610.27.0";
export const NODE_IMAGE_LATEST = "AKSUbuntu-2204gen2containerd-202611.10.0";

const tags = z.record(z.string(), z.string());

/** Properties of a pool as sent in a pool PUT or inside agentPoolProfiles (read-only fields ignored). */
export const poolPropertiesSchema = z
  .object({
    count: z.number().int().min(0).max(1000).optional(),
    vmSize: z.string().min(1).optional(),
    mode: z.enum(["System", "User", "Gateway"]).optional(),
    osType: z.enum(["Linux", "Windows"]).optional(),
    osSKU: z.string().optional(),
    /** "" (as the SDK samples send) means "the control plane's version". */
    orchestratorVersion: z.string().optional(),
    enableAutoScaling: z.boolean().optional(),
    minCount: z.number().int().min(0).max(1000).optional(),
    maxCount: z.number().int().min(0).max(1000).optional(),
    maxPods: z.number().int().min(10).max(250).optional(),
    nodeLabels: z.record(z.string(), z.string()).optional(),
    nodeTaints: z.array(z.string()).optional(),
    vnetSubnetID: z.string().optional(),
    availabilityZones: z.array(z.string()).optional(),
    tags: tags.optional(),
  })
  .loose();
export type PoolProperties = z.infer<typeof poolPropertiesSchema>;

export const poolProfileSchema = poolPropertiesSchema.extend({ name: z.string() });

export const poolRequestSchema = z.object({ properties: poolPropertiesSchema.default({}) }).loose();

export const clusterRequestSchema = z
  .object({
    location: z.string().min(1),
    tags: tags.optional(),
    sku: z.object({ name: z.string().optional(), tier: z.enum(["Free", "Standard", "Premium"]).optional() }).loose().optional(),
    identity: z.object({ type: z.enum(["SystemAssigned", "UserAssigned", "None"]) }).loose().optional(),
    properties: z
      .object({
        kubernetesVersion: z.string().optional(),
        dnsPrefix: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]?$/, "must be 1-54 letters, digits or hyphens, starting and ending with a letter or digit").optional(),
        agentPoolProfiles: z.array(poolProfileSchema).optional(),
        nodeResourceGroup: z.string().optional(),
        enableRBAC: z.boolean().optional(),
        networkProfile: z.record(z.string(), z.unknown()).optional(),
      })
      .loose()
      .default({}),
  })
  .loose();
export type ClusterRequest = z.infer<typeof clusterRequestSchema>;

/** AKS: Linux pool names are 1–12 lowercase letters/digits starting with a letter. */
export function checkPoolName(name: string): void {
  if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value of parameter agentPoolProfile.name is invalid. Error details: The agent pool name '${name}' must start with a lowercase letter, have max length of 12, and only have characters a-z0-9. Please see https://aka.ms/aks-naming-rules for more details.`,
      { target: "agentPoolProfile.name" },
    );
  }
}

export function checkAutoscaler(p: PoolProperties, name: string): void {
  if (!p.enableAutoScaling) return;
  if (p.minCount === undefined || p.maxCount === undefined || p.minCount > p.maxCount) {
    throw new ArmError(400, "InvalidParameter", `Agent pool '${name}': when enableAutoScaling is true, minCount and maxCount must be set and minCount must not exceed maxCount.`, {
      target: "agentPoolProfile.minCount",
    });
  }
}

/** Full pool properties as AKS stores them: request fields plus defaults and read-only fields. */
export function poolProperties(request: PoolProperties, version: string, previous?: Record<string, unknown>): Record<string, unknown> {
  const { tags: poolTags, ...rest } = request;
  const base: Record<string, unknown> = {
    type: "VirtualMachineScaleSets",
    count: 1,
    vmSize: "Standard_D4ds_v5",
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    kubeletDiskType: "OS",
    maxPods: 110,
    osType: "Linux",
    osSKU: "Ubuntu",
    mode: "User",
    enableNodePublicIP: false,
    enableFIPS: false,
    nodeImageVersion: NODE_IMAGE_PREVIOUS,
    upgradeSettings: { maxSurge: "10%" },
    powerState: { code: "Running" },
    ...(previous ?? {}),
    ...rest,
    orchestratorVersion: version,
  };
  if (!base.currentOrchestratorVersion) base.currentOrchestratorVersion = version;
  if (poolTags) base.tags = poolTags;
  if (request.enableAutoScaling === false) {
    delete base.minCount;
    delete base.maxCount;
  }
  return base;
}

/** FQDN AKS gives the API server: `<dnsPrefix>-<hash>.hcp.<location>.azmk8s.io`. */
export function clusterFqdn(dnsPrefix: string, clusterId: string, location: string): string {
  const hash = createHash("sha256").update(clusterId.toLowerCase()).digest("hex").slice(0, 8);
  return `${dnsPrefix}-${hash}.hcp.${location}.azmk8s.io`;
}

/**
 * The cluster's OIDC issuer URL when `oidcIssuerProfile.enabled`, in Azure's form
 * (`https://<region>.oic.prod-aks.azure.com/<tenant>/<guid>/`), stable per cluster id:
 * federated credentials for workload identity name it as their issuer.
 */
export function oidcIssuerUrl(clusterId: string, location: string, tenantId: string): string {
  const h = createHash("sha256").update(`oidc:${clusterId.toLowerCase()}`).digest("hex");
  const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `https://${location}.oic.prod-aks.azure.com/${tenantId}/${guid}/`;
}

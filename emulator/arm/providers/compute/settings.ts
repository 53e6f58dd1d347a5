/**
 * Compute quota and SKU availability of the local subscription, configurable through the control
 * API and persisted with the ARM state. Usage is computed from the AKS node pools that exist, so
 * quota errors appear when a setup really asks for more vCPUs than allowed.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import type { ArmEnvironment } from "../../core/types";
import { vmSize } from "./vm-sizes";

export const COMPUTE_SETTINGS_KEY = "Microsoft.Compute";

const restrictionSchema = z
  .object({
    sku: z.string().min(1),
    location: z.string().min(1),
    /** Zone restriction when given, else the whole location. */
    zones: z.array(z.enum(["1", "2", "3"])).min(1).optional(),
    reasonCode: z.enum(["NotAvailableForSubscription", "QuotaId"]).default("NotAvailableForSubscription"),
  })
  .strict();

export const computeSettingsSchema = z
  .object({
    /** Limit of "Total Regional vCPUs" per location. */
    regionalVcpuLimit: z.number().int().min(0).max(100_000).default(100),
    /** Default limit of each VM family per location. */
    familyVcpuLimit: z.number().int().min(0).max(100_000).default(100),
    /** Overrides: location → family (or "cores") → limit. */
    limits: z.record(z.string(), z.record(z.string(), z.number().int().min(0).max(100_000))).default({}),
    skuRestrictions: z.array(restrictionSchema).default([]),
  })
  .strict();
export type ComputeSettings = z.infer<typeof computeSettingsSchema>;
export type SkuRestriction = z.infer<typeof restrictionSchema>;

export function computeSettings(env: ArmEnvironment): ComputeSettings {
  const parsed = computeSettingsSchema.safeParse(env.store.providerSetting(COMPUTE_SETTINGS_KEY) ?? {});
  return parsed.success ? parsed.data : computeSettingsSchema.parse({});
}

export function limitFor(settings: ComputeSettings, location: string, family: string): number {
  const override = settings.limits[location]?.[family];
  if (override !== undefined) return override;
  return family === "cores" ? settings.regionalVcpuLimit : settings.familyVcpuLimit;
}

/** vCPUs in use per family (and "cores" in total) in a location, from the AKS node pools. */
export function vcpuUsage(env: ArmEnvironment, location: string, exceptPoolIds: ReadonlySet<string> = new Set()): Map<string, number> {
  const usage = new Map<string, number>();
  for (const r of env.store.all()) {
    if (String(r.body.type).toLowerCase() !== "microsoft.containerservice/managedclusters/agentpools") continue;
    if (exceptPoolIds.has(r.id.toLowerCase())) continue;
    const clusterId = r.id.replace(/\/agentPools\/[^/]+$/i, "");
    const cluster = env.store.get(clusterId);
    if (!cluster || cluster.body.location !== location) continue;
    const props = (r.body.properties ?? {}) as { vmSize?: string; count?: number };
    const size = vmSize(props.vmSize ?? "");
    if (!size) continue;
    const cores = size.vCPUs * (props.count ?? 0);
    usage.set(size.family, (usage.get(size.family) ?? 0) + cores);
    usage.set("cores", (usage.get("cores") ?? 0) + cores);
  }
  return usage;
}

/**
 * Refuse node pools that would exceed the vCPU quota or use an unavailable size, with the codes
 * Azure answers (QuotaExceeded, SkuNotAvailable). `pools` replace any pool with the same id.
 */
export function checkNodeCapacity(env: ArmEnvironment, location: string, pools: Array<{ id: string; vmSize: string; count: number; zones?: string[] }>): void {
  const settings = computeSettings(env);
  for (const p of pools) {
    const restricted = settings.skuRestrictions.find(
      (r) => r.sku.toLowerCase() === p.vmSize.toLowerCase() && r.location === location && (!r.zones || (p.zones ?? []).some((z) => (r.zones as string[]).includes(z))),
    );
    if (restricted) {
      throw new ArmError(
        400,
        "SkuNotAvailable",
        `The requested VM size '${p.vmSize}' is currently not available in location '${location}'${restricted.zones ? ` zones '${restricted.zones.join(",")}'` : ""}. Please try another size or deploy to a different location or zones. See https://aka.ms/azureskunotavailable for details.`,
      );
    }
  }
  const usage = vcpuUsage(env, location, new Set(pools.map((p) => p.id.toLowerCase())));
  const wanted = new Map<string, number>();
  for (const p of pools) {
    const size = vmSize(p.vmSize);
    if (!size) continue;
    wanted.set(size.family, (wanted.get(size.family) ?? 0) + size.vCPUs * p.count);
    wanted.set("cores", (wanted.get("cores") ?? 0) + size.vCPUs * p.count);
  }
  for (const [family, add] of wanted) {
    const current = usage.get(family) ?? 0;
    const limit = limitFor(settings, location, family);
    if (current + add > limit) {
      const what = family === "cores" ? "Total Regional Cores" : `${family} Cores`;
      throw new ArmError(
        400,
        "QuotaExceeded",
        `Operation could not be completed as it results in exceeding approved ${what} quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${current}, Additional Required: ${add}, (Minimum) New Limit Required: ${current + add}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView.`,
      );
    }
  }
}

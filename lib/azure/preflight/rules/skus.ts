/**
 * VM size and zone availability: each node pool's size must be offered in the region without a
 * Location restriction, and in every zone the pool spreads over (resourceSkus restrictions).
 */
import type { Observed, PreflightCheck, PreflightTarget, VmSkuObservation } from "../types";
import { unreadable } from "./observed";

export function skuChecks(target: PreflightTarget, skus: Observed<VmSkuObservation[]>): PreflightCheck[] {
  const pools = target.aks?.pools ?? [];
  if (pools.length === 0) return [];
  if (!skus.ok) return [unreadable("sku", "VM sizes available", `the VM sizes offered in ${target.location}`, skus)];
  return pools.map((pool): PreflightCheck => {
    const id = `sku:${pool.name}`;
    const title = `VM size ${pool.vmSize} for pool ${pool.name}`;
    const sku = skus.value.find((s) => s.name.toLowerCase() === pool.vmSize.toLowerCase());
    if (!sku) {
      return { id, title, status: "fail", evidence: `${pool.vmSize} is not offered in ${target.location}.`, remedy: "Choose another VM size in Sizing, or another region." };
    }
    const location = sku.restrictions.find((r) => r.type === "Location");
    if (location) {
      return {
        id,
        title,
        status: "fail",
        evidence: `${pool.vmSize} is restricted in ${target.location} for this subscription (${location.reasonCode ?? "NotAvailableForSubscription"}); AKS would answer SkuNotAvailable.`,
        remedy: `Choose another VM size in Sizing or another region, or ask Azure support to lift the restriction (https://aka.ms/azureskunotavailable).`,
      };
    }
    const restrictedZones = new Set(sku.restrictions.filter((r) => r.type === "Zone").flatMap((r) => r.zones));
    const unavailable = pool.zones.filter((z) => restrictedZones.has(z) || (sku.zones.length > 0 && !sku.zones.includes(z)));
    if (unavailable.length > 0) {
      const usable = sku.zones.filter((z) => !restrictedZones.has(z));
      return {
        id,
        title,
        status: "fail",
        evidence: `${pool.vmSize} is not available in zone(s) ${unavailable.join(", ")} of ${target.location}; the pool asks for zones ${pool.zones.join(", ")}.`,
        remedy: usable.length > 0 ? `Limit the pool to zones ${usable.join(", ")}, or choose another VM size.` : "Choose another VM size, or deploy without availability zones.",
      };
    }
    const zoneNote = restrictedZones.size > 0 ? ` (restricted in zone(s) ${[...restrictedZones].join(", ")}, which the pool does not use)` : "";
    return { id, title, status: "pass", evidence: `${pool.vmSize} (${sku.vCPUs} vCPU, ${sku.family}) is offered in ${target.location}${pool.zones.length > 0 ? ` zones ${pool.zones.join(", ")}` : ""}${zoneNote}.` };
  });
}

/**
 * vCPU quota: every pool at its autoscaler maximum PLUS the surge nodes an upgrade adds must fit
 * in the region's per-family and total regional vCPU quota. vCPUs our own cluster already uses
 * (a re-run) are counted in Azure's usage, so they are not asked for twice.
 */
import type { NodePoolTarget, Observed, PreflightCheck, PreflightTarget, UsageObservation, VmSkuObservation } from "../types";
import { unreadable } from "./observed";

/** AKS default `maxSurge` for new pools (since API 2024-…): 10%, at least one node. */
export const DEFAULT_MAX_SURGE = "10%";

/** Surge nodes an upgrade adds to a pool of `count` nodes. */
export function surgeNodes(count: number, maxSurge: string = DEFAULT_MAX_SURGE): number {
  const pct = /^(\d+)%$/.exec(maxSurge.trim());
  if (pct) return Math.max(1, Math.ceil((count * Number(pct[1])) / 100));
  const n = Number(maxSurge);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

export interface PoolDemand {
  pool: string;
  vmSize: string;
  family: string;
  vCPUsPerNode: number;
  nodes: number;
  surge: number;
  vCPUs: number;
}

export function poolDemand(pool: NodePoolTarget, sku: VmSkuObservation): PoolDemand {
  const surge = surgeNodes(pool.maxCount, pool.maxSurge);
  const nodes = pool.maxCount + surge;
  return { pool: pool.name, vmSize: pool.vmSize, family: sku.family, vCPUsPerNode: sku.vCPUs, nodes: pool.maxCount, surge, vCPUs: nodes * sku.vCPUs };
}

export function quotaChecks(
  target: PreflightTarget,
  usages: Observed<UsageObservation[]>,
  skus: Observed<VmSkuObservation[]>,
  existingPools: Observed<Array<{ name: string; vmSize: string; count: number }>>,
): PreflightCheck[] {
  const pools = target.aks?.pools ?? [];
  if (pools.length === 0) return [];
  if (!usages.ok) return [unreadable("quota", "vCPU quota", `the vCPU usage and quota in ${target.location}`, usages)];
  if (!skus.ok) return [unreadable("quota", "vCPU quota", `the VM sizes of ${target.location} (needed to map sizes to quota families)`, skus)];
  const skuOf = (size: string) => skus.value.find((s) => s.name.toLowerCase() === size.toLowerCase());

  const demands: PoolDemand[] = [];
  const unknown: string[] = [];
  for (const p of pools) {
    const sku = skuOf(p.vmSize);
    if (sku) demands.push(poolDemand(p, sku));
    else unknown.push(`${p.name} (${p.vmSize})`);
  }
  // vCPUs our cluster holds today are part of `currentValue`; a re-run replaces them, not adds to them.
  const ours = new Map<string, number>();
  for (const p of existingPools.ok ? existingPools.value : []) {
    const sku = skuOf(p.vmSize);
    if (!sku) continue;
    ours.set(sku.family, (ours.get(sku.family) ?? 0) + p.count * sku.vCPUs);
    ours.set("cores", (ours.get("cores") ?? 0) + p.count * sku.vCPUs);
  }

  const byQuota = new Map<string, PoolDemand[]>();
  for (const d of demands) {
    byQuota.set(d.family, [...(byQuota.get(d.family) ?? []), d]);
    byQuota.set("cores", [...(byQuota.get("cores") ?? []), d]);
  }
  const checks: PreflightCheck[] = [];
  for (const [quotaName, list] of byQuota) {
    const usage = usages.value.find((u) => u.name.toLowerCase() === quotaName.toLowerCase());
    const label = usage?.localizedName ?? (quotaName === "cores" ? "Total Regional vCPUs" : quotaName);
    const id = `quota:${quotaName}`;
    const title = `vCPU quota: ${label}`;
    const needed = list.reduce((n, d) => n + d.vCPUs, 0);
    const breakdown = list.map((d) => `${d.pool} ${d.nodes}+${d.surge} surge × ${d.vCPUsPerNode} vCPU (${d.vmSize}) = ${d.vCPUs}`).join("; ");
    if (!usage) {
      checks.push({ id, title, status: "warn", evidence: `Azure reported no quota named ${quotaName} in ${target.location}; the plan needs ${needed} vCPUs there (${breakdown}).`, remedy: "Check Usage + quotas in the Azure portal for this family." });
      continue;
    }
    const othersUse = Math.max(0, usage.currentValue - (ours.get(quotaName) ?? 0));
    const free = usage.limit - othersUse;
    const evidence = `Limit ${usage.limit}, in use by others ${othersUse}${ours.get(quotaName) ? ` (plus ${ours.get(quotaName)} by this environment's cluster, counted once)` : ""}, free ${free}; the plan needs ${needed} at maximum scale including upgrade surge (${breakdown}).`;
    if (needed > free) {
      checks.push({
        id,
        title,
        status: "fail",
        evidence,
        remedy: `Request a quota increase for "${label}" in ${target.location} to at least ${othersUse + needed} (Azure portal → Usage + quotas), or lower the pools' maximum node counts / choose a smaller VM size.`,
      });
    } else if (needed > free * 0.9) {
      checks.push({ id, title, status: "warn", evidence, remedy: `Fits with little room (${free - needed} vCPUs left); consider a quota increase for "${label}" before scaling out.` });
    } else {
      checks.push({ id, title, status: "pass", evidence });
    }
  }
  if (unknown.length > 0) {
    checks.push({
      id: "quota:unknown-sizes",
      title: "vCPU quota: VM sizes",
      status: "fail",
      evidence: `Not offered in ${target.location}, so no quota family is known: ${unknown.join(", ")}.`,
      remedy: "Choose VM sizes offered in this region (see the SKU availability check).",
    });
  }
  return checks.sort((a, b) => a.id.localeCompare(b.id));
}

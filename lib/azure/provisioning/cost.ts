/**
 * Monthly cost estimate from the dated price table (`prices.ts`): one line per priced resource,
 * a total at the pools' minimum node counts (what runs when idle) and one at their maximum.
 * Free resources (resource group, VNet, NSGs, action group with e-mail) cost nothing and get no line.
 */
import type { SizingInput } from "./setup-input";
import type { CostEstimate, CostLine } from "./plan-types";
import * as P from "./prices";

export const COST_DISCLAIMER =
  `Estimate only: Azure list prices for East US (pay-as-you-go, USD) from the console's price table dated ${P.PRICE_DATE}. ` +
  "Actual cost depends on region, discounts, usage, data transfer and autoscaling; check the Azure pricing calculator before committing.";

const money = (n: number) => Math.round(n * 100) / 100;
const usd = (n: number) => `$${n.toFixed(n < 1 ? 3 : 2)}`;

export interface CostedResourceKeys {
  aks: string;
  postgres: string;
  redis: string;
  storage: string;
  dnsZone: string;
  alerts: string[];
}

export interface PricedLine extends CostLine {
  /** The same line at the pools' maximum node counts (equal to `monthly` for fixed-size resources). */
  monthlyAtMax: number;
}

export function aksTier(sizing: Pick<SizingInput, "pools">): "Free" | "Standard" {
  // Production-sized clusters (≥2 system nodes) get the SLA-backed Standard control plane.
  return sizing.pools.system.min >= 2 ? "Standard" : "Free";
}

export function costLines(sizing: SizingInput, keys: CostedResourceKeys): PricedLine[] {
  const lines: PricedLine[] = [];
  for (const pool of ["system", "platform", "sandbox"] as const) {
    const p = sizing.pools[pool];
    const hourly = P.VM_HOURLY[p.vmSize];
    if (hourly === undefined) throw new Error(`no price for VM size ${p.vmSize}`);
    lines.push({
      resourceKey: keys.aks,
      description: `AKS ${pool} pool: ${p.min}–${p.max} × ${p.vmSize}`,
      basis: `${p.min} node(s) × ${P.HOURS_PER_MONTH} h × ${usd(hourly)}/h (up to ${p.max} with the autoscaler)`,
      monthly: money(p.min * P.HOURS_PER_MONTH * hourly),
      monthlyAtMax: money(p.max * P.HOURS_PER_MONTH * hourly),
    });
  }
  const tier = aksTier(sizing);
  const control = P.AKS_TIER_HOURLY[tier] * P.HOURS_PER_MONTH + P.AKS_NETWORKING_MONTHLY;
  lines.push({
    resourceKey: keys.aks,
    description: `AKS control plane (${tier} tier) and cluster load balancer + public IP`,
    basis: `${usd(P.AKS_TIER_HOURLY[tier])}/h × ${P.HOURS_PER_MONTH} h + ${usd(P.AKS_NETWORKING_MONTHLY)} networking`,
    monthly: money(control),
    monthlyAtMax: money(control),
  });

  const pg = sizing.postgres;
  const pgHourly = P.POSTGRES_HOURLY[pg.sku];
  if (pgHourly === undefined) throw new Error(`no price for PostgreSQL SKU ${pg.sku}`);
  const copies = pg.ha ? 2 : 1;
  const pgMonthly = copies * (pgHourly * P.HOURS_PER_MONTH + pg.storageGb * P.POSTGRES_STORAGE_GB_MONTH);
  lines.push({
    resourceKey: keys.postgres,
    description: `PostgreSQL ${pg.sku} (${pg.tier}), ${pg.storageGb} GiB${pg.ha ? ", zone-redundant HA standby" : ""}`,
    basis: `${copies} × (${P.HOURS_PER_MONTH} h × ${usd(pgHourly)}/h + ${pg.storageGb} GiB × ${usd(P.POSTGRES_STORAGE_GB_MONTH)})`,
    monthly: money(pgMonthly),
    monthlyAtMax: money(pgMonthly),
  });

  const r = sizing.redis;
  const redisHourly = P.REDIS_HOURLY[r.sku][r.capacity];
  if (redisHourly === undefined) throw new Error(`no price for Redis ${r.sku} capacity ${r.capacity}`);
  const redisMonthly = redisHourly * P.HOURS_PER_MONTH;
  lines.push({
    resourceKey: keys.redis,
    description: `Azure Cache for Redis ${r.sku} ${r.sku === "Premium" ? "P" : "C"}${r.capacity}`,
    basis: `${P.HOURS_PER_MONTH} h × ${usd(redisHourly)}/h`,
    monthly: money(redisMonthly),
    monthlyAtMax: money(redisMonthly),
  });

  const blob = P.BLOB_ASSUMED_GB * P.BLOB_LRS_HOT_GB_MONTH;
  lines.push({
    resourceKey: keys.storage,
    description: `Storage account (Standard_LRS, hot), assuming ${P.BLOB_ASSUMED_GB} GiB of backups and bundles`,
    basis: `${P.BLOB_ASSUMED_GB} GiB × ${usd(P.BLOB_LRS_HOT_GB_MONTH)}`,
    monthly: money(blob),
    monthlyAtMax: money(blob),
  });
  lines.push({ resourceKey: keys.dnsZone, description: "Private DNS zone for PostgreSQL", basis: `1 zone × ${usd(P.PRIVATE_DNS_ZONE_MONTHLY)}`, monthly: P.PRIVATE_DNS_ZONE_MONTHLY, monthlyAtMax: P.PRIVATE_DNS_ZONE_MONTHLY });
  for (const key of keys.alerts) {
    lines.push({ resourceKey: key, description: "Metric alert rule (one time series)", basis: `1 × ${usd(P.METRIC_ALERT_MONTHLY)}`, monthly: P.METRIC_ALERT_MONTHLY, monthlyAtMax: P.METRIC_ALERT_MONTHLY });
  }
  return lines;
}

export function estimateCost(sizing: SizingInput, region: string, keys: CostedResourceKeys): CostEstimate {
  const lines = costLines(sizing, keys);
  return {
    currency: "USD",
    priceDate: P.PRICE_DATE,
    priceSource: P.PRICE_SOURCE,
    region,
    lines: lines.map(({ monthlyAtMax: _max, ...line }) => line),
    totalMonthly: money(lines.reduce((s, l) => s + l.monthly, 0)),
    totalMonthlyAtMax: money(lines.reduce((s, l) => s + l.monthlyAtMax, 0)),
    disclaimer: COST_DISCLAIMER,
  };
}

/** Monthly cost per resource key (the review page's per-resource column). */
export function monthlyCostByResource(estimate: CostEstimate): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const l of estimate.lines) byKey.set(l.resourceKey, money((byKey.get(l.resourceKey) ?? 0) + l.monthly));
  return byKey;
}

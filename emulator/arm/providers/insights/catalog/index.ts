/** The metric catalogs of the local Azure Monitor, by resource type (case-insensitive, as ARM compares types). */
import { flexibleServersCatalog } from "./flexible-servers";
import { managedClustersCatalog } from "./managed-clusters";
import { redisCatalog } from "./redis";
import { blobServicesCatalog, storageAccountsCatalog } from "./storage-accounts";
import type { MetricCatalog, MetricSpec } from "./types";

export const METRIC_CATALOGS: readonly MetricCatalog[] = [managedClustersCatalog, flexibleServersCatalog, redisCatalog, storageAccountsCatalog, blobServicesCatalog];

export function catalogFor(resourceType: string): MetricCatalog | undefined {
  const t = resourceType.toLowerCase();
  return METRIC_CATALOGS.find((c) => c.resourceType.toLowerCase() === t);
}

export function findMetric(catalog: MetricCatalog | undefined, name: string): MetricSpec | undefined {
  const n = name.trim().toLowerCase();
  return catalog?.metrics.find((m) => m.name.toLowerCase() === n);
}

export type { MetricCatalog, MetricSpec } from "./types";

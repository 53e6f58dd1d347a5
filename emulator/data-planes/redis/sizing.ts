/**
 * Memory of an Azure Cache for Redis SKU, and the smaller maxmemory the local redis-server gets
 * (a laptop cannot give a P5 120 GB). Metrics report percentages against the local limit.
 */
const GB = 1024 ** 3;
const MB = 1024 ** 2;
const C_SIZES = [250 * MB, 1 * GB, 2.5 * GB, 6 * GB, 13 * GB, 26 * GB, 53 * GB];
const P_SIZES = [0, 6 * GB, 13 * GB, 26 * GB, 53 * GB, 120 * GB];

/** The SKU's memory in bytes as Azure sells it (C0 250 MB … P5 120 GB); C1 when unknown. */
export function skuMemoryBytes(sku: { family: string; capacity: number } | undefined): number {
  const sizes = sku?.family === "P" ? P_SIZES : C_SIZES;
  return Math.round(sizes[sku?.capacity ?? 1] ?? 1 * GB);
}

/** maxmemory of the local server: a 16th of the SKU's, between 32 MB and 512 MB. */
export function localMaxMemoryBytes(sku: { family: string; capacity: number } | undefined): number {
  return Math.min(512 * MB, Math.max(32 * MB, Math.round(skuMemoryBytes(sku) / 16)));
}

/**
 * The price table shipped with the console: approximate Azure pay-as-you-go list prices in USD for
 * East US, Linux, no reservations or savings plans, compiled on PRICE_DATE (the build machine has
 * no access to the Azure Retail Prices API, so they were not fetched live). They age: the wizard
 * shows the date and calls the result an estimate. Update the table and the date together, e.g.
 * from https://prices.azure.com/api/retail/prices.
 */

export const PRICE_DATE = "2026-11-01";
export const PRICE_SOURCE = "Approximate Azure pay-as-you-go list prices (East US, Linux, USD) compiled for the console; not fetched live";
export const HOURS_PER_MONTH = 730;

/** AKS node VMs, per hour. */
export const VM_HOURLY: Record<string, number> = {
  Standard_D2s_v5: 0.096,
  Standard_D4s_v5: 0.192,
  Standard_D8s_v5: 0.384,
  Standard_D16s_v5: 0.768,
  Standard_D2ds_v5: 0.113,
  Standard_D4ds_v5: 0.226,
  Standard_D8ds_v5: 0.452,
  Standard_D16ds_v5: 0.904,
  Standard_D4as_v5: 0.172,
  Standard_D8as_v5: 0.344,
  Standard_E4ds_v5: 0.288,
  Standard_E8ds_v5: 0.576,
};

/** AKS control plane, per cluster-hour (Free tier has no uptime SLA). */
export const AKS_TIER_HOURLY = { Free: 0, Standard: 0.1 } as const;
/** The cluster's standard load balancer (first 5 rules) and one public IP, per month. */
export const AKS_NETWORKING_MONTHLY = 18.25 + 3.65;

/** PostgreSQL flexible server compute, per hour (HA doubles it: a standby of the same size). */
export const POSTGRES_HOURLY: Record<string, number> = {
  Standard_B1ms: 0.017,
  Standard_B2s: 0.068,
  Standard_B2ms: 0.136,
  Standard_B4ms: 0.272,
  Standard_D2ds_v5: 0.178,
  Standard_D4ds_v5: 0.356,
  Standard_D8ds_v5: 0.712,
  Standard_D16ds_v5: 1.424,
  Standard_E2ds_v5: 0.246,
  Standard_E4ds_v5: 0.492,
  Standard_E8ds_v5: 0.984,
};
/** Provisioned storage, per GiB-month (HA doubles it). Backup up to 100% of storage is free. */
export const POSTGRES_STORAGE_GB_MONTH = 0.115;

/** Azure Cache for Redis, per hour, by tier and capacity (C0–C6, P1–P5). */
export const REDIS_HOURLY: Record<"Basic" | "Standard" | "Premium", Record<number, number>> = {
  Basic: { 0: 0.022, 1: 0.055, 2: 0.089, 3: 0.178, 4: 0.207, 5: 0.415, 6: 0.83 },
  Standard: { 0: 0.055, 1: 0.138, 2: 0.222, 3: 0.444, 4: 0.518, 5: 1.036, 6: 2.074 },
  Premium: { 1: 0.554, 2: 1.108, 3: 2.216, 4: 4.432, 5: 10.06 },
};

/** Blob storage (StorageV2, Standard_LRS, hot), per GiB-month; the estimate assumes BLOB_ASSUMED_GB. */
export const BLOB_LRS_HOT_GB_MONTH = 0.0184;
export const BLOB_ASSUMED_GB = 100;

/** Private DNS zone, per zone-month (first 25 zones). */
export const PRIVATE_DNS_ZONE_MONTHLY = 0.5;
/** Metric alert rule, per monitored time series-month. */
export const METRIC_ALERT_MONTHLY = 0.1;

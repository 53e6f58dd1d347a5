/**
 * What a metric catalog says about one platform metric: the fields of its metric definition
 * (name, unit, aggregations, grains, dimensions) and the parameters of its value model
 * (see ../metric-model.ts). Names, units and dimensions follow Azure's supported-metrics
 * reference (knowledge/azure.md §6).
 */
import type { TimeGrain } from "../timegrain";

export const AGGREGATIONS = ["Average", "Minimum", "Maximum", "Total", "Count"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export type MetricUnit = "Count" | "Bytes" | "Seconds" | "CountPerSecond" | "BytesPerSecond" | "Percent" | "MilliSeconds" | "Cores" | "MilliCores";

export type MetricClass = "Availability" | "Transactions" | "Errors" | "Latency" | "Saturation";

/**
 * How the deterministic model draws one series (one dimension instance):
 * - gauge: a level that follows the daily/weekly load cycle plus noise, between `low` (idle) and `high` (peak);
 * - counter: events or bytes per minute following the load cycle (Total is the natural aggregation);
 * - constant: `low` times the instance weight, no noise (allocatable cores, pod ready = 1);
 * - growing: rises slowly from `low` towards `high` over weeks (storage used), with small noise.
 */
export interface ValueModel {
  kind: "gauge" | "counter" | "constant" | "growing";
  low: number;
  high: number;
  /** Relative noise (0.05 = ±5 % of the low–high range). */
  noise: number;
  /** Hard bounds after noise, e.g. 0–100 for percentages. */
  min?: number;
  max?: number;
  /** Whole numbers (connections, clients, pods). */
  integer?: boolean;
  /** Samples a minute contributes to Count (Azure's collectors sample 1–6 times a minute). */
  samplesPerMinute?: number;
}

/**
 * How series of different dimension values combine when not split: `pool` merges samples
 * (average CPU over nodes; transactions add up as totals), `sum` adds the instances' levels
 * (number of ready pods is the sum of each pod's 1).
 */
export type CombineMode = "pool" | "sum";

export interface MetricSpec {
  name: string;
  displayName: string;
  description: string;
  unit: MetricUnit;
  metricClass: MetricClass;
  primaryAggregation: Aggregation;
  supportedAggregations: readonly Aggregation[];
  grains: readonly TimeGrain[];
  dimensions: readonly string[];
  combine: CombineMode;
  model: ValueModel;
}

/** A resource whose metrics are asked for. `body` is the stored wire JSON (may be absent for implicit children). */
export interface MetricResource {
  id: string;
  /** Full type in Azure's spelling, e.g. "Microsoft.ContainerService/managedClusters". */
  type: string;
  location: string;
  body: Record<string, unknown> | undefined;
  /** When ARM created the resource (epoch ms): Azure Monitor has no values before it. */
  createdAt?: number;
}

/** One combination of dimension values a metric reports, with its share of the resource's load. */
export interface DimensionInstance {
  dimensions: Record<string, string>;
  /** Scale of this instance's level (1 = typical; workload shares for counters). */
  weight: number;
}

export interface MetricCatalog {
  /** Resource type this catalog serves, Azure's spelling. */
  resourceType: string;
  metrics: readonly MetricSpec[];
  /** Dimension instances of a metric on a resource (nodes of the cluster, API names, …). */
  instances(resource: MetricResource, metric: MetricSpec): DimensionInstance[];
}

export const ALL_AGGREGATIONS: readonly Aggregation[] = AGGREGATIONS;
export const AVG_MIN_MAX: readonly Aggregation[] = ["Average", "Minimum", "Maximum"];

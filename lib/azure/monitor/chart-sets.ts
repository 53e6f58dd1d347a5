/**
 * The default charts of each resource, grouped into the Metrics_List calls that fetch them. One
 * call carries every metric that shares an aggregation set and a `$filter` (Azure refuses a filter
 * on a dimension one of the metrics lacks), so a whole page view costs 6 metric calls plus one for
 * the alert rules. Metric names: knowledge/azure.md §6 (the local Azure serves all of them).
 */
import type { Grain } from "./ranges";
import type { MonitoredResource, Split } from "./selection";

/** The field of an Azure Monitor data point a chart plots. */
export type Aggregation = "average" | "maximum" | "minimum" | "total";

export interface ChartSpec {
  key: string;
  title: string;
  /** One series per metric (and per dimension value when the call splits). */
  metrics: string[];
  aggregation: Aggregation;
  /** What the y axis shows when Azure's answer has no unit. */
  unit: string;
  /** A sentence under the title: what to look for. */
  hint?: string;
}

export interface MetricBatch {
  key: string;
  metricnames: string[];
  /** Azure's aggregation parameter: every aggregation the batch's charts plot. */
  aggregation: string;
  /** `$filter` for the page's split, or undefined for one series per metric. */
  filter(split: Split): string | undefined;
  /** Metrics offered only at coarse grains (storage capacity: hourly). */
  minGrain?: Grain;
  /** Series kept when the call splits (Azure's `top`, default 10). */
  top?: number;
  charts: ChartSpec[];
}

const noFilter = () => undefined;

export const CHART_SETS: Readonly<Record<MonitoredResource, MetricBatch[]>> = {
  aks: [
    {
      key: "nodes",
      metricnames: ["node_cpu_usage_percentage", "node_memory_working_set_percentage"],
      aggregation: "Average",
      filter: (split) => (split === "nodepool" ? "nodepool eq '*'" : split === "node" ? "node eq '*'" : undefined),
      top: 10,
      charts: [
        { key: "node-cpu", title: "Node CPU", metrics: ["node_cpu_usage_percentage"], aggregation: "average", unit: "Percent", hint: "Sustained high CPU slows agents; the sandbox pool should scale out." },
        { key: "node-memory", title: "Node memory working set", metrics: ["node_memory_working_set_percentage"], aggregation: "average", unit: "Percent", hint: "Above ~90% the kubelet starts evicting pods (sandboxes first)." },
      ],
    },
    {
      key: "pods",
      metricnames: ["kube_pod_status_phase"],
      aggregation: "Average",
      filter: () => "phase eq '*'",
      charts: [{ key: "pod-phases", title: "Pods by phase", metrics: ["kube_pod_status_phase"], aggregation: "average", unit: "Count", hint: "Pending pods that stay pending mean the cluster cannot place sandboxes." }],
    },
  ],
  postgres: [
    {
      key: "server",
      metricnames: ["cpu_percent", "memory_percent", "active_connections", "storage_percent", "is_db_alive"],
      aggregation: "Average,Maximum,Minimum",
      filter: noFilter,
      charts: [
        { key: "pg-cpu", title: "CPU", metrics: ["cpu_percent"], aggregation: "average", unit: "Percent" },
        { key: "pg-memory", title: "Memory", metrics: ["memory_percent"], aggregation: "average", unit: "Percent" },
        { key: "pg-connections", title: "Active connections", metrics: ["active_connections"], aggregation: "maximum", unit: "Count", hint: "Compare with max_connections on the Database page." },
        { key: "pg-storage", title: "Storage used", metrics: ["storage_percent"], aggregation: "maximum", unit: "Percent" },
        { key: "pg-alive", title: "Database alive (1 = up)", metrics: ["is_db_alive"], aggregation: "minimum", unit: "Count" },
      ],
    },
  ],
  redis: [
    {
      key: "cache",
      metricnames: ["usedmemorypercentage", "connectedclients", "cachehits", "cachemisses", "operationsPerSecond", "serverLoad"],
      aggregation: "Average,Maximum,Total",
      filter: noFilter,
      charts: [
        { key: "redis-memory", title: "Used memory", metrics: ["usedmemorypercentage"], aggregation: "maximum", unit: "Percent", hint: "Near maxmemory Redis evicts keys OpenHands expects to find." },
        { key: "redis-clients", title: "Connected clients", metrics: ["connectedclients"], aggregation: "maximum", unit: "Count" },
        { key: "redis-hits", title: "Cache hits and misses", metrics: ["cachehits", "cachemisses"], aggregation: "total", unit: "Count" },
        { key: "redis-ops", title: "Operations per second", metrics: ["operationsPerSecond"], aggregation: "maximum", unit: "CountPerSecond" },
        { key: "redis-load", title: "Server load", metrics: ["serverLoad"], aggregation: "average", unit: "Percent" },
      ],
    },
  ],
  storage: [
    {
      key: "requests",
      metricnames: ["Transactions", "Availability"],
      aggregation: "Total,Average",
      filter: noFilter,
      charts: [
        { key: "storage-transactions", title: "Transactions", metrics: ["Transactions"], aggregation: "total", unit: "Count" },
        { key: "storage-availability", title: "Availability", metrics: ["Availability"], aggregation: "average", unit: "Percent" },
      ],
    },
    {
      key: "capacity",
      metricnames: ["UsedCapacity"],
      aggregation: "Average",
      filter: noFilter,
      minGrain: "PT1H",
      charts: [{ key: "storage-capacity", title: "Used capacity", metrics: ["UsedCapacity"], aggregation: "average", unit: "Bytes", hint: "Azure reports capacity hourly: short ranges show one or two points." }],
    },
  ],
};

/** Only AKS node metrics have node and node-pool dimensions. */
export function resourceSplits(resource: MonitoredResource): boolean {
  return resource === "aks";
}

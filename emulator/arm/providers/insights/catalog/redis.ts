/** Microsoft.Cache/redis platform metrics; every metric has the `ShardId` dimension (one shard: "0"). */
import { counter, gauge, metric, percent } from "./define";
import type { MetricCatalog, MetricSpec } from "./types";
import { ALL_AGGREGATIONS } from "./types";

const SHARD = ["ShardId"] as const;
const m = (name: string, display: string, description: string, unit: MetricSpec["unit"], primary: MetricSpec["primaryAggregation"], model: MetricSpec["model"], metricClass: MetricSpec["metricClass"] = "Saturation"): MetricSpec =>
  metric(name, display, description, { unit, metricClass, primary, supported: ALL_AGGREGATIONS, dimensions: SHARD, model });

const metrics: MetricSpec[] = [
  m("connectedclients", "Connected Clients", "The number of client connections to the cache.", "Count", "Maximum", gauge(4, 36, 0.1, { integer: true })),
  m("totalkeys", "Total Keys", "The total number of items in the cache.", "Count", "Maximum", gauge(1200, 5200, 0.05, { integer: true })),
  m("cachehits", "Cache Hits", "The number of successful key lookups.", "Count", "Total", counter(300, 5200, 0.15, { integer: true }), "Transactions"),
  m("cachemisses", "Cache Misses", "The number of failed key lookups.", "Count", "Total", counter(10, 260, 0.2, { integer: true }), "Transactions"),
  m("cachemissrate", "Cache Miss Rate", "The % of get requests that miss.", "Percent", "Total", percent(2, 6, 0.15), "Errors"),
  m("getcommands", "Gets", "The number of get operations from the cache.", "Count", "Total", counter(310, 5400, 0.15, { integer: true }), "Transactions"),
  m("setcommands", "Sets", "The number of set operations to the cache.", "Count", "Total", counter(80, 1500, 0.15, { integer: true }), "Transactions"),
  m("totalcommandsprocessed", "Total Operations", "The total number of commands processed by the cache server.", "Count", "Total", counter(420, 7600, 0.15, { integer: true }), "Transactions"),
  m("operationsPerSecond", "Operations Per Second", "The number of instantaneous operations per second executed on the cache.", "Count", "Maximum", gauge(7, 127, 0.15)),
  m("evictedkeys", "Evicted Keys", "The number of items evicted from the cache.", "Count", "Total", counter(0, 3, 0.6, { integer: true }), "Errors"),
  m("expiredkeys", "Expired Keys", "The number of items expired from the cache.", "Count", "Total", counter(2, 60, 0.3, { integer: true })),
  m("usedmemory", "Used Memory", "The amount of cache memory used for key/value pairs in the cache in MB.", "Bytes", "Maximum", gauge(9e7, 3.1e8, 0.05)),
  m("usedmemorypercentage", "Used Memory Percentage", "The percentage of cache memory used for key/value pairs.", "Percent", "Maximum", percent(9, 31, 0.05)),
  m("usedmemoryRss", "Used Memory RSS", "The amount of cache memory used in MB, including fragmentation and metadata.", "Bytes", "Maximum", gauge(1.1e8, 3.5e8, 0.05)),
  m("serverLoad", "Server Load", "The percentage of cycles in which the Redis server is busy processing and not waiting idle for messages.", "Percent", "Maximum", percent(3, 38)),
  m("percentProcessorTime", "CPU", "The CPU utilization of the Azure Redis Cache server as a percentage.", "Percent", "Maximum", percent(4, 41)),
  m("cacheRead", "Cache Read", "The amount of data read from the cache in Megabytes per second (MB/s).", "BytesPerSecond", "Maximum", gauge(2e4, 9e5, 0.2)),
  m("cacheWrite", "Cache Write", "The amount of data written to the cache in Megabytes per second (MB/s).", "BytesPerSecond", "Maximum", gauge(1e4, 4e5, 0.2)),
  m("cacheLatency", "Cache Latency Microseconds (Preview)", "The latency to the cache in microseconds.", "Count", "Average", gauge(180, 420, 0.15)),
  m("errors", "Errors", "The number of errors that occurred on the cache.", "Count", "Maximum", counter(0, 1, 0.5, { integer: true }), "Errors"),
];

export const redisCatalog: MetricCatalog = {
  resourceType: "Microsoft.Cache/redis",
  metrics,
  instances: () => [{ dimensions: { ShardId: "0" }, weight: 1 }],
};

import { describe, expect, it } from "vitest";
import { catalogFor } from "./catalog";
import { clusterNodes } from "./catalog/managed-clusters";
import type { MetricResource } from "./catalog/types";
import { MetricSources, RecordedMetricSource } from "./metric-source";
import { queryMetrics, type MetricsContext, type MetricsQuery } from "./metrics-query";
import { MetricsQueryError } from "./timegrain";

const NOW = Date.parse("2026-11-26T12:00:30Z");
const cluster: MetricResource = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-openhands-prod/providers/Microsoft.ContainerService/managedClusters/aks-openhands-prod",
  type: "Microsoft.ContainerService/managedClusters",
  location: "eastus",
  body: { properties: { agentPoolProfiles: [{ name: "system", count: 2 }, { name: "platform", count: 2 }, { name: "sandbox", count: 3 }] } },
};
const ctx = (sources = new MetricSources()): MetricsContext => ({ resource: cluster, catalog: catalogFor(cluster.type), sources, nowMs: NOW });
const run = (q: MetricsQuery, c = ctx()) => queryMetrics(c, q);
const day = "2026-11-25T12:00:00Z/2026-11-26T12:00:00Z";
/** Equal up to floating-point summation order. */
const same = (a: number | undefined, b: number) => expect(Math.abs(a! - b) / Math.max(1, Math.abs(b))).toBeLessThan(1e-12);

describe("metrics query", () => {
  it("answers in the GetMetric.json shape with the primary aggregation by default", () => {
    const r = run({ metricnames: "node_cpu_usage_percentage", timespan: "2026-11-26T09:00:00Z/2026-11-26T11:00:00Z", interval: "PT1H" });
    expect(r).toMatchObject({ timespan: "2026-11-26T09:00:00Z/2026-11-26T11:00:00Z", interval: "PT1H", namespace: "microsoft.containerservice/managedclusters", resourceregion: "eastus" });
    const m = r.value[0]!;
    expect(m).toMatchObject({ id: `${cluster.id}/providers/Microsoft.Insights/metrics/node_cpu_usage_percentage`, type: "Microsoft.Insights/metrics", unit: "Percent", errorCode: "Success" });
    expect(m.name).toEqual({ value: "node_cpu_usage_percentage", localizedValue: "CPU Usage Percentage" });
    expect(m.timeseries).toHaveLength(1);
    expect(m.timeseries[0]!.metadatavalues).toEqual([]);
    expect(m.timeseries[0]!.data!.map((p) => p.timeStamp)).toEqual(["2026-11-26T09:00:00Z", "2026-11-26T10:00:00Z"]);
    expect(Object.keys(m.timeseries[0]!.data![0]!).sort()).toEqual(["average", "timeStamp"]);
  });

  it("aggregating PT1M points gives exactly the PT1H (and P-FULL) answer", () => {
    const q = { metricnames: "node_cpu_usage_percentage,node_network_in_bytes", timespan: day, aggregation: "average,minimum,maximum,total,count" };
    const fine = run({ ...q, interval: "PT1M" });
    const hourly = run({ ...q, interval: "PT1H" });
    const full = run({ ...q, interval: "FULL" });
    for (let k = 0; k < 2; k++) {
      const minutes = fine.value[k]!.timeseries[0]!.data!;
      const hours = hourly.value[k]!.timeseries[0]!.data!;
      expect(minutes).toHaveLength(1440);
      expect(hours).toHaveLength(24);
      hours.forEach((h, i) => {
        const slice = minutes.slice(i * 60, i * 60 + 60);
        const total = slice.reduce((s, p) => s + p.total!, 0);
        const count = slice.reduce((s, p) => s + p.count!, 0);
        same(h.total, total);
        expect(h.count).toBe(count);
        same(h.average, total / count);
        expect(h.minimum).toBe(Math.min(...slice.map((p) => p.minimum!)));
        expect(h.maximum).toBe(Math.max(...slice.map((p) => p.maximum!)));
      });
      const whole = full.value[k]!.timeseries[0]!.data!;
      expect(whole).toHaveLength(1);
      same(whole[0]!.total, hours.reduce((s, p) => s + p.total!, 0));
    }
    expect(full.interval).toBe("P1D");
  });

  it("is deterministic: the same query answers the same values", () => {
    const q = { metricnames: "node_memory_working_set_percentage", timespan: day, interval: "PT15M" };
    expect(run(q)).toEqual(run(q));
  });

  it("splits by node with $filter, honours top and orderby", () => {
    const all = run({ metricnames: "node_cpu_usage_percentage", timespan: day, interval: "PT1H", filter: "node eq '*'" });
    const names = clusterNodes(cluster).map((n) => n.node);
    expect(all.value[0]!.timeseries.map((s) => s.metadatavalues[0]!.value).sort()).toEqual([...names].sort());
    expect(all.value[0]!.timeseries[0]!.metadatavalues[0]!.name).toEqual({ value: "node", localizedValue: "node" });

    const avg = (s: { data?: Array<{ average?: number }> }) => s.data!.reduce((t, p) => t + p.average!, 0);
    const top2 = run({ metricnames: "node_cpu_usage_percentage", timespan: day, interval: "PT1H", filter: "node eq '*'", top: "2", orderby: "average asc" });
    expect(top2.value[0]!.timeseries).toHaveLength(2);
    const sortedAsc = [...all.value[0]!.timeseries].sort((a, b) => avg(a) - avg(b));
    expect(top2.value[0]!.timeseries.map((s) => s.metadatavalues[0]!.value)).toEqual(sortedAsc.slice(0, 2).map((s) => s.metadatavalues[0]!.value));
  });

  it("filters on a dimension value, combines and/or, and rolls up", () => {
    const sandbox = run({ metricnames: "node_cpu_usage_percentage", timespan: day, interval: "PT1H", filter: "nodepool eq 'sandbox' and node eq '*'" });
    expect(sandbox.value[0]!.timeseries).toHaveLength(3);
    for (const s of sandbox.value[0]!.timeseries) expect(s.metadatavalues.find((m) => m.name.value === "nodepool")!.value).toBe("sandbox");

    const pools = run({ metricnames: "node_cpu_usage_percentage", timespan: day, interval: "PT1H", filter: "(nodepool eq 'sandbox' or nodepool eq 'system') and node eq '*'", rollupby: "node" });
    expect(pools.value[0]!.timeseries.map((s) => s.metadatavalues.map((m) => `${m.name.value}=${m.value}`).join()).sort()).toEqual(["nodepool=sandbox", "nodepool=system"]);

    const none = run({ metricnames: "node_cpu_usage_percentage", timespan: day, filter: "nodepool eq 'gpu'" });
    expect(none.value[0]!.timeseries).toEqual([]);
  });

  it("adds instance levels for count metrics (ready pods) instead of averaging them", () => {
    const r = run({ metricnames: "kube_pod_status_ready", timespan: "PT1H", interval: "PT5M" });
    const split = run({ metricnames: "kube_pod_status_ready", timespan: "PT1H", interval: "PT5M", filter: "namespace eq '*'" });
    const pods = r.value[0]!.timeseries[0]!.data![0]!.average!;
    const perNamespace = split.value[0]!.timeseries.reduce((s, t) => s + t.data![0]!.average!, 0);
    expect(pods).toBeGreaterThanOrEqual(9);
    expect(perNamespace).toBe(pods);
  });

  it("refuses unknown metrics, dimensions, aggregations and grains with Azure's wording", () => {
    const err = (q: MetricsQuery) => {
      try {
        run(q);
      } catch (e) {
        expect(e).toBeInstanceOf(MetricsQueryError);
        return (e as Error).message;
      }
      throw new Error("expected a MetricsQueryError");
    };
    expect(err({ metricnames: "node_cpu_usage_percentage,cpu_percent" })).toMatch(
      /^Failed to find metric configuration for provider: Microsoft\.ContainerService, resource Type: managedClusters, metric: cpu_percent, Valid metrics: node_cpu_usage_percentage,/,
    );
    expect(err({ metricnames: "apiserver_cpu_usage_percentage", filter: "node eq '*'" })).toContain("does not support requested dimension combination");
    expect(err({ metricnames: "node_cpu_usage_percentage", aggregation: "median" })).toContain("Invalid aggregation type: 'median'");
    expect(err({ metricnames: "node_cpu_usage_percentage", interval: "P1D" })).toContain("Commonly allowed time grains");
    expect(err({ metricnames: "node_cpu_usage_percentage", filter: "node eq" })).toContain("Invalid $filter");
    expect(err({ metricnames: "node_cpu_usage_percentage", top: "0" })).toContain("Invalid top");
    // ValidateDimensions=false ignores the unknown dimension instead.
    expect(run({ metricnames: "apiserver_cpu_usage_percentage", filter: "node eq '*'", validateDimensions: false }).value[0]!.timeseries).toHaveLength(1);
  });

  it("has no values for minutes that are not over yet, and returns metadata only when asked", () => {
    const r = run({ metricnames: "node_cpu_usage_percentage", timespan: "2026-11-26T11:58:00Z/2026-11-26T12:03:00Z", interval: "PT1M" });
    expect(r.value[0]!.timeseries[0]!.data!.map((p) => p.average !== undefined)).toEqual([true, true, false, false, false]);
    const meta = run({ metricnames: "node_cpu_usage_percentage", filter: "nodepool eq '*'", resultType: "Metadata" });
    expect(meta.value[0]!.timeseries.every((s) => s.data === undefined && s.metadatavalues.length === 1)).toBe(true);
  });

  it("keeps 93 days of history and bounds the points a query may ask for", () => {
    const old = run({ metricnames: "node_cpu_usage_percentage", timespan: "2026-08-01T00:00:00Z/2026-08-01T03:00:00Z", interval: "PT1H" });
    expect(old.value[0]!.timeseries[0]!.data).toEqual([{ timeStamp: "2026-08-01T00:00:00Z" }, { timeStamp: "2026-08-01T01:00:00Z" }, { timeStamp: "2026-08-01T02:00:00Z" }]);
    const edge = run({ metricnames: "node_cpu_usage_percentage", timespan: "P95D", interval: "PT12H" }).value[0]!.timeseries[0]!.data!;
    expect(edge[0]!.average).toBeUndefined();
    expect(edge[edge.length - 2]!.average).toBeGreaterThan(0);
    expect(() => run({ metricnames: "node_cpu_usage_percentage", timespan: "P365D", interval: "PT1M" })).toThrow("at most 50000 are supported");
  });

  it("prefers values a MetricSource recorded over the model", () => {
    const recorded = new RecordedMetricSource("test");
    const minute = Math.floor(Date.parse("2026-11-26T11:30:00Z") / 60_000);
    const node = clusterNodes(cluster)[0]!;
    recorded.record(cluster.id, "node_cpu_usage_percentage", { node: node.node, nodepool: node.nodepool }, minute, 99.5);
    const q = { metricnames: "node_cpu_usage_percentage", timespan: "2026-11-26T11:30:00Z/PT1M", interval: "PT1M", filter: `node eq '${node.node}'` };
    expect(run(q, ctx(new MetricSources([recorded]))).value[0]!.timeseries[0]!.data![0]!.average).toBe(99.5);
    expect(run(q).value[0]!.timeseries[0]!.data![0]!.average).not.toBe(99.5);
  });
});

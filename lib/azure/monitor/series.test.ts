import { describe, expect, it } from "vitest";
import { CHART_SETS } from "./chart-sets";
import { seriesSummary, shapeCharts, type MetricsAnswer } from "./series";

const t = (m: number) => new Date(Date.UTC(2026, 10, 26, 14, m));

describe("series shaping", () => {
  it("makes one series per node pool, labelled by the pool, with gaps kept as null", () => {
    const nodes = CHART_SETS.aks[0]!;
    const answer: MetricsAnswer = {
      value: [
        {
          name: { value: "node_cpu_usage_percentage", localizedValue: "CPU Usage Percentage" },
          unit: "Percent",
          timeseries: [
            { metadatavalues: [{ name: { value: "nodepool" }, value: "system" }], data: [{ timeStamp: t(1), average: 20 }, { timeStamp: t(0), average: 10 }] },
            { metadatavalues: [{ name: { value: "nodepool" }, value: "sandbox" }], data: [{ timeStamp: t(0), average: 50 }, { timeStamp: t(1) }] },
          ],
        },
        { name: { value: "node_memory_working_set_percentage" }, unit: "Percent", timeseries: [{ metadatavalues: [{ name: { value: "NodePool" }, value: "system" }], data: [{ timeStamp: t(0), average: 40 }] }] },
      ],
    };
    const [cpu, memory] = shapeCharts(nodes.charts, answer);
    expect(cpu!.series.map((s) => s.label)).toEqual(["sandbox", "system"]);
    expect(cpu!.series[0]!.points).toEqual([{ t: t(0).getTime(), v: 50 }, { t: t(1).getTime(), v: null }]);
    expect(cpu!.series[1]!.points.map((p) => p.v)).toEqual([10, 20]);
    expect(cpu!.unit).toBe("Percent");
    expect(memory!.series[0]!.dimensions).toEqual({ nodepool: "system" });
    expect(cpu!.error).toBeUndefined();
  });

  it("labels series of multi-metric charts by metric and plots the chart's aggregation", () => {
    const redis = CHART_SETS.redis[0]!;
    const answer: MetricsAnswer = {
      value: ["usedmemorypercentage", "connectedclients", "cachehits", "cachemisses", "operationsPerSecond", "serverLoad"].map((name) => ({
        name: { value: name, localizedValue: name === "cachehits" ? "Cache Hits" : name === "cachemisses" ? "Cache Misses" : name },
        unit: "Count",
        timeseries: [{ metadatavalues: [], data: [{ timeStamp: t(0), average: 1, maximum: 2, total: 3 }] }],
      })),
    };
    const charts = shapeCharts(redis.charts, answer);
    const hits = charts.find((c) => c.spec.key === "redis-hits")!;
    expect(hits.series.map((s) => s.label)).toEqual(["Cache Hits", "Cache Misses"]);
    expect(hits.series[0]!.points[0]!.v).toBe(3);
    expect(charts.find((c) => c.spec.key === "redis-memory")!.series[0]!.points[0]!.v).toBe(2);
    expect(charts.find((c) => c.spec.key === "redis-load")!.series[0]!.points[0]!.v).toBe(1);
  });

  it("turns a metric Azure did not answer, or answered with an error, into that chart's error", () => {
    const pg = CHART_SETS.postgres[0]!;
    const answer: MetricsAnswer = { value: [{ name: { value: "cpu_percent" }, errorCode: "Throttled", errorMessage: "Too many requests", timeseries: [] }] };
    const charts = shapeCharts(pg.charts, answer);
    expect(charts[0]!.error).toBe("cpu_percent: Too many requests");
    expect(charts[1]!.error).toBe("Azure Monitor returned no memory_percent.");
    expect(charts[1]!.unit).toBe("Percent");
  });

  it("summarises latest, min and max ignoring gaps", () => {
    expect(seriesSummary({ label: "x", metric: "m", dimensions: {}, points: [{ t: 0, v: 5 }, { t: 1, v: 2 }, { t: 2, v: null }] })).toEqual({ latest: 2, min: 2, max: 5 });
    expect(seriesSummary({ label: "x", metric: "m", dimensions: {}, points: [] })).toEqual({ latest: null, min: null, max: null });
  });
});

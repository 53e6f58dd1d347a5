import { describe, expect, it } from "vitest";
import { METRIC_CATALOGS } from "./catalog";
import type { MetricResource } from "./catalog/types";
import { fillFromModel, load, MINUTE_MS, modelValue, newSampleBuffer, resourceSeed, seriesSeed, uniform } from "./metric-model";

const CLUSTER = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-openhands-prod/providers/Microsoft.ContainerService/managedClusters/aks-openhands-prod";
const NOW_MIN = Math.floor(Date.parse("2026-11-26T12:00:00Z") / MINUTE_MS);

describe("deterministic model", () => {
  it("gives the same value for the same resource, metric, instance and minute — and different seeds differ", () => {
    const spec = METRIC_CATALOGS[0]!.metrics.find((m) => m.name === "node_cpu_usage_percentage")!;
    const a = modelValue(spec.model, resourceSeed(CLUSTER), seriesSeed(CLUSTER, spec.name, { node: "n1" }), 1, NOW_MIN);
    const b = modelValue(spec.model, resourceSeed(CLUSTER), seriesSeed(CLUSTER, spec.name, { node: "n1" }), 1, NOW_MIN);
    const other = modelValue(spec.model, resourceSeed(CLUSTER), seriesSeed(CLUSTER, spec.name, { node: "n2" }), 1, NOW_MIN);
    expect(a).toBe(b);
    expect(a).not.toBe(other);
    expect(uniform(1, 2)).toBe(uniform(1, 2));
    expect(uniform(1, 2)).not.toBe(uniform(1, 3));
  });

  it("follows a daily cycle (afternoon busier than night) and quieter weekends", () => {
    const seed = resourceSeed(CLUSTER);
    const avgAt = (hour: number, days: number[]) => {
      let sum = 0;
      let n = 0;
      for (const d of days) for (let m = 0; m < 60; m++) {
        sum += load(seed, Date.UTC(2026, 10, d, hour) / MINUTE_MS + m);
        n++;
      }
      return sum / n;
    };
    const weekdays = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13]; // Mon–Fri in November 2026
    expect(avgAt(15, weekdays)).toBeGreaterThan(avgAt(3, weekdays) + 0.4);
    expect(avgAt(15, [7, 8, 14, 15])).toBeLessThan(avgAt(15, weekdays));
  });

  it("keeps every catalog metric in a plausible range over 7 days of minutes", () => {
    const resource: MetricResource = { id: CLUSTER, type: "x", location: "eastus", body: undefined };
    for (const catalog of METRIC_CATALOGS) {
      for (const spec of catalog.metrics) {
        const buf = newSampleBuffer(NOW_MIN - 7 * 1440, 7 * 1440);
        const inst = catalog.instances(resource, spec)[0]!;
        fillFromModel(spec.model, CLUSTER, spec.name, inst.dimensions, inst.weight, buf, NOW_MIN);
        const lo = Math.min(spec.model.low, spec.model.high);
        const hi = Math.max(spec.model.low, spec.model.high);
        const slack = (hi - lo) * (spec.model.noise * 2 + 0.5) + 1e-9;
        let lowest = Infinity;
        let highest = -Infinity;
        let filled = 0;
        let integral = true;
        for (let i = 0; i < buf.length; i++) {
          filled += buf.has[i]!;
          const v = buf.total[i]! / buf.count[i]!;
          lowest = Math.min(lowest, v);
          highest = Math.max(highest, v);
          if (!Number.isInteger(v)) integral = false;
        }
        expect(filled, spec.name).toBe(buf.length);
        expect(lowest, spec.name).toBeGreaterThanOrEqual(Math.max(spec.model.min ?? -Infinity, lo * inst.weight - slack));
        expect(highest, spec.name).toBeLessThanOrEqual(Math.min(spec.model.max ?? Infinity, hi * Math.max(1.25, inst.weight) + slack));
        if (spec.model.integer) expect(integral, spec.name).toBe(true);
        if (spec.unit === "Percent") expect(highest, spec.name).toBeLessThanOrEqual(100);
        // Not flat: gauges and counters move over a week.
        if (spec.model.kind === "gauge" || spec.model.kind === "counter") expect(highest, spec.name).toBeGreaterThan(lowest);
      }
    }
  });

  it("leaves minutes after the last complete minute empty and respects minutes other sources filled", () => {
    const spec = METRIC_CATALOGS[0]!.metrics[0]!;
    const buf = newSampleBuffer(NOW_MIN - 5, 10);
    buf.has[0] = 1;
    buf.total[0] = -42;
    buf.count[0] = 1;
    fillFromModel(spec.model, CLUSTER, spec.name, {}, 1, buf, NOW_MIN - 1);
    expect(buf.total[0]).toBe(-42);
    expect([...buf.has]).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });
});

import { describe, expect, it } from "vitest";
import { compare, criterionFilter, evaluateMetricAlert, type AlertRule } from "./alert-evaluation";
import type { MetricResource } from "./catalog/types";
import { MetricSources, RecordedMetricSource } from "./metric-source";

const NOW = Date.parse("2026-11-26T12:00:30Z");
const server: MetricResource = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/db1",
  type: "Microsoft.DBforPostgreSQL/flexibleServers",
  location: "eastus",
  body: undefined,
};
const rule = (threshold: number, operator: AlertRule["criteria"][number]["operator"] = "GreaterThan", enabled = true): AlertRule => ({
  enabled,
  windowSize: "PT5M",
  criteria: [{ name: "cpu", metricName: "cpu_percent", operator, threshold, timeAggregation: "Average" }],
});

/** cpu_percent pinned to a value for the five minutes before NOW, so the verdict is known. */
function pinned(value: number): MetricSources {
  const src = new RecordedMetricSource("pinned");
  const last = Math.floor(NOW / 60_000) - 1;
  for (let m = last - 10; m <= last; m++) src.record(server.id, "cpu_percent", {}, m, value);
  return new MetricSources([src]);
}

describe("metric alert evaluation", () => {
  it("fires when the window's aggregate crosses the threshold and resolves when it does not", () => {
    const fired = evaluateMetricAlert(rule(80), server, pinned(95), NOW);
    expect(fired.status).toBe("Fired");
    expect(fired.criteria[0]!.series).toEqual([{ dimensions: {}, value: 95, met: true }]);
    expect(fired.windowStart).toBe("2026-11-26T11:55:00.000Z");
    expect(fired.evaluatedAt).toBe("2026-11-26T12:00:00.000Z");
    expect(evaluateMetricAlert(rule(80), server, pinned(40), NOW).status).toBe("Resolved");
    expect(evaluateMetricAlert(rule(40, "LessThanOrEqual"), server, pinned(40), NOW).status).toBe("Fired");
    expect(evaluateMetricAlert(rule(80, "GreaterThan", false), server, pinned(95), NOW).status).toBe("Disabled");
  });

  it("reads the model when nothing is recorded, and says NoData for a resource without that metric's values", () => {
    const model = evaluateMetricAlert(rule(-1), server, new MetricSources(), NOW);
    expect(model.status).toBe("Fired");
    expect(model.criteria[0]!.series[0]!.value).toBeGreaterThan(0);
    const cluster: MetricResource = { ...server, id: server.id.replace("Microsoft.DBforPostgreSQL/flexibleServers/db1", "Microsoft.ContainerService/managedClusters/aks1"), type: "Microsoft.ContainerService/managedClusters" };
    const gpu: AlertRule = { enabled: true, windowSize: "PT15M", criteria: [{ name: "gpu", metricName: "node_cpu_usage_percentage", operator: "GreaterThan", threshold: -1, timeAggregation: "Maximum", dimensions: [{ name: "nodepool", operator: "Include", values: ["gpu"] }] }] };
    expect(evaluateMetricAlert(gpu, cluster, new MetricSources(), NOW).status).toBe("NoData");
    const system = { ...gpu, criteria: [{ ...gpu.criteria[0]!, dimensions: [{ name: "nodepool", operator: "Include" as const, values: ["system"] }] }] };
    expect(evaluateMetricAlert(system, cluster, new MetricSources(), NOW).status).toBe("Fired");
  });

  it("turns criterion dimensions into a metrics filter", () => {
    expect(criterionFilter([{ name: "nodepool", operator: "Include", values: ["sandbox", "platform"] }, { name: "node", operator: "Exclude", values: ["n'1"] }])).toBe(
      "(nodepool eq 'sandbox' or nodepool eq 'platform') and (node ne 'n''1')",
    );
    expect(criterionFilter(undefined)).toBeUndefined();
    expect([compare(1, "Equals", 1), compare(2, "GreaterThanOrEqual", 2), compare(1, "LessThan", 1)]).toEqual([true, true, false]);
  });
});

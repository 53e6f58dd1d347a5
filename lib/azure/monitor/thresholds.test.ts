import { describe, expect, it } from "vitest";
import { parseAlertRules, scopeCovers, thresholdsFor } from "./thresholds";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${SUB}/resourceGroups/rg-openhands-prod`;
const PG = `${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-prod-abcde`;
const AKS = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks-openhands-prod`;

const rule = (name: string, scopes: string[], allOf: unknown[], extra: Record<string, unknown> = {}) => ({
  id: `${RG}/providers/Microsoft.Insights/metricAlerts/${name}`,
  name,
  severity: 2,
  enabled: true,
  scopes,
  criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf },
  ...extra,
});
const staticCrit = (metricName: string, operator: string, threshold: number, timeAggregation = "Average") => ({ criterionType: "StaticThresholdCriterion", name: metricName, metricName, operator, threshold, timeAggregation });

describe("alert thresholds on charts", () => {
  const rules = parseAlertRules([
    rule("db-cpu", [PG], [staticCrit("cpu_percent", "GreaterThan", 80)]),
    rule("db-storage", [PG.toUpperCase()], [staticCrit("storage_percent", "GreaterThan", 85, "Maximum")], { severity: 1 }),
    rule("db-alive", [PG], [staticCrit("is_db_alive", "LessThan", 1, "Minimum")]),
    rule("db-cpu-off", [PG], [staticCrit("cpu_percent", "GreaterThan", 95)], { enabled: false }),
    rule("rg-cpu", [RG], [staticCrit("cpu_percent", "GreaterThanOrEqual", 70)]),
    rule("aks-cpu", [AKS], [staticCrit("node_cpu_usage_percentage", "GreaterThan", 85)]),
    rule("dynamic", [PG], [{ criterionType: "DynamicThresholdCriterion", name: "d", metricName: "cpu_percent", operator: "GreaterOrLessThan", alertSensitivity: "Medium", timeAggregation: "Average" }]),
    { name: 42 },
    "not a rule",
  ]);

  it("parses rules, skipping malformed rules and dynamic criteria", () => {
    expect(rules.map((r) => r.name)).toEqual(["db-cpu", "db-storage", "db-alive", "db-cpu-off", "rg-cpu", "aks-cpu", "dynamic"]);
    expect(rules.find((r) => r.name === "dynamic")!.criteria).toEqual([]);
  });

  it("matches enabled rules by scope (case-insensitive, or a containing group) and metric", () => {
    const cpu = thresholdsFor(rules, PG, ["cpu_percent"]);
    expect(cpu).toEqual([
      { value: 70, metric: "cpu_percent", rule: "rg-cpu", severity: 2, condition: "Average ≥ 70" },
      { value: 80, metric: "cpu_percent", rule: "db-cpu", severity: 2, condition: "Average > 80" },
    ]);
    expect(thresholdsFor(rules, PG, ["storage_percent"])).toEqual([{ value: 85, metric: "storage_percent", rule: "db-storage", severity: 1, condition: "Maximum > 85" }]);
    expect(thresholdsFor(rules, PG, ["memory_percent"])).toEqual([]);
    expect(thresholdsFor(rules, AKS, ["node_cpu_usage_percentage"]).map((l) => l.rule)).toEqual(["aks-cpu"]);
    expect(thresholdsFor(rules, AKS, ["cpu_percent"]).map((l) => l.rule)).toEqual(["rg-cpu"]);
  });

  it("does not let a resource borrow the scope of a sibling whose name it extends", () => {
    expect(scopeCovers(`${RG}/providers/Microsoft.Cache/redis/cache-a`, `${RG}/providers/Microsoft.Cache/redis/cache-ab`)).toBe(false);
    expect(scopeCovers(`${RG}/`, PG)).toBe(true);
  });
});

/**
 * Evaluates a metric alert rule against the metric model (and any real MetricSource): for each
 * static-threshold criterion, the metric is aggregated with the criterion's timeAggregation over
 * the last `windowSize` of complete minutes, one value per dimension combination the criterion
 * selects. The rule is Fired when every criterion is met by at least one combination, else
 * Resolved (NoData when a criterion has no value at all). Pure of I/O, so dashboards, the
 * `…/metricAlerts/{rule}/status` route and tests read the same verdict.
 */
import { catalogFor } from "./catalog";
import type { Aggregation, MetricResource } from "./catalog/types";
import type { MetricSources } from "./metric-source";
import { queryMetrics } from "./metrics-query";
import { MINUTE_MS } from "./metric-model";
import { parseIsoDuration } from "./timegrain";

export type AlertOperator = "Equals" | "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";

export interface AlertCriterion {
  name: string;
  metricName: string;
  operator: AlertOperator;
  threshold: number;
  timeAggregation: Aggregation;
  dimensions?: Array<{ name: string; operator: "Include" | "Exclude"; values: string[] }>;
}

export interface AlertRule {
  enabled: boolean;
  windowSize: string;
  criteria: AlertCriterion[];
}

export interface CriterionVerdict {
  name: string;
  metricName: string;
  operator: AlertOperator;
  threshold: number;
  /** One value per dimension combination (empty dimensions when not split). */
  series: Array<{ dimensions: Record<string, string>; value: number | null; met: boolean }>;
  met: boolean;
}

export interface AlertVerdict {
  status: "Fired" | "Resolved" | "NoData" | "Disabled";
  evaluatedAt: string;
  windowStart: string;
  criteria: CriterionVerdict[];
}

export function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case "Equals":
      return value === threshold;
    case "GreaterThan":
      return value > threshold;
    case "GreaterThanOrEqual":
      return value >= threshold;
    case "LessThan":
      return value < threshold;
    case "LessThanOrEqual":
      return value <= threshold;
  }
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** A criterion's dimension conditions as a metrics `$filter`. */
export function criterionFilter(dimensions: AlertCriterion["dimensions"]): string | undefined {
  const parts = (dimensions ?? []).map((d) => {
    if (d.operator === "Include") return `(${d.values.map((v) => `${d.name} eq ${quote(v)}`).join(" or ")})`;
    return `(${d.values.map((v) => `${d.name} ne ${quote(v)}`).join(" and ")})`;
  });
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

export function evaluateMetricAlert(rule: AlertRule, scope: MetricResource, sources: MetricSources, nowMs: number): AlertVerdict {
  const endMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const windowMs = parseIsoDuration(rule.windowSize) ?? 5 * MINUTE_MS;
  const startMs = endMs - windowMs;
  const base = { evaluatedAt: new Date(endMs).toISOString(), windowStart: new Date(startMs).toISOString() };
  if (!rule.enabled) return { status: "Disabled", ...base, criteria: [] };
  const catalog = catalogFor(scope.type);
  const criteria = rule.criteria.map((c): CriterionVerdict => {
    const answer = queryMetrics(
      { resource: scope, catalog, sources, nowMs },
      {
        metricnames: c.metricName,
        aggregation: c.timeAggregation,
        timespan: `${new Date(startMs).toISOString()}/${new Date(endMs).toISOString()}`,
        interval: "FULL",
        filter: criterionFilter(c.dimensions) ?? null,
        top: "1000",
      },
    );
    const field = c.timeAggregation.toLowerCase() as "average" | "minimum" | "maximum" | "total" | "count";
    const series = (answer.value[0]?.timeseries ?? []).map((s) => {
      const value = s.data?.[0]?.[field];
      const dims = Object.fromEntries(s.metadatavalues.map((m) => [m.name.value, m.value]));
      return { dimensions: dims, value: value ?? null, met: value !== undefined && compare(value, c.operator, c.threshold) };
    });
    return { name: c.name, metricName: c.metricName, operator: c.operator, threshold: c.threshold, series, met: series.some((s) => s.met) };
  });
  const noData = criteria.some((c) => c.series.every((s) => s.value === null));
  const status = criteria.length > 0 && criteria.every((c) => c.met) ? "Fired" : noData ? "NoData" : "Resolved";
  return { status, ...base, criteria };
}

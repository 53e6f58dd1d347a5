/**
 * Alert rules → threshold lines on the charts. A rule's static criterion is drawn on a chart when
 * the rule is enabled, its scope is the chart's resource (or a resource group / subscription that
 * contains it) and its metric is one the chart plots. Dynamic thresholds have no fixed line and
 * are left out. Rules are parsed with zod: what ARM answers is data, not a promise. Pure.
 */
import { z } from "zod";

export interface AlertCriterion {
  metricName: string;
  operator: string;
  threshold: number;
  timeAggregation: string;
}

export interface AlertRule {
  name: string;
  id: string;
  description: string;
  severity: number;
  enabled: boolean;
  scopes: string[];
  criteria: AlertCriterion[];
}

const criterionSchema = z.looseObject({
  criterionType: z.string().optional(),
  metricName: z.string(),
  operator: z.string().optional(),
  threshold: z.number().optional(),
  timeAggregation: z.string().optional(),
});

const ruleSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  severity: z.number().optional(),
  enabled: z.boolean().optional(),
  scopes: z.array(z.string()).optional(),
  criteria: z.looseObject({ allOf: z.array(z.unknown()).optional() }).optional(),
});

/** The rules ARM listed, reduced to what a chart needs; malformed rules and criteria are skipped. */
export function parseAlertRules(raw: readonly unknown[]): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const item of raw) {
    const parsed = ruleSchema.safeParse(item);
    if (!parsed.success || !parsed.data.name) continue;
    const r = parsed.data;
    const criteria: AlertCriterion[] = [];
    for (const c of r.criteria?.allOf ?? []) {
      const crit = criterionSchema.safeParse(c);
      if (!crit.success) continue;
      const { criterionType, metricName, operator, threshold, timeAggregation } = crit.data;
      if (criterionType === "DynamicThresholdCriterion" || threshold === undefined || operator === undefined) continue;
      criteria.push({ metricName, operator, threshold, timeAggregation: timeAggregation ?? "Average" });
    }
    rules.push({ name: r.name!, id: r.id ?? r.name!, description: r.description ?? "", severity: r.severity ?? 3, enabled: r.enabled ?? true, scopes: r.scopes ?? [], criteria });
  }
  return rules;
}

export interface ThresholdLine {
  value: number;
  metric: string;
  rule: string;
  severity: number;
  /** "Average > 80" */
  condition: string;
}

const OPERATORS: Record<string, string> = { GreaterThan: ">", GreaterThanOrEqual: "≥", LessThan: "<", LessThanOrEqual: "≤", Equals: "=" };

/** Does an alert scope cover the resource: the resource itself, or a group/subscription above it. */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = scope.replace(/\/+$/, "").toLowerCase();
  const r = resourceId.toLowerCase();
  return r === s || r.startsWith(`${s}/`);
}

export function thresholdsFor(rules: readonly AlertRule[], resourceId: string, metrics: readonly string[]): ThresholdLine[] {
  const wanted = new Set(metrics.map((m) => m.toLowerCase()));
  const lines: ThresholdLine[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !rule.scopes.some((s) => scopeCovers(s, resourceId))) continue;
    for (const c of rule.criteria) {
      if (!wanted.has(c.metricName.toLowerCase())) continue;
      lines.push({ value: c.threshold, metric: c.metricName, rule: rule.name, severity: rule.severity, condition: `${c.timeAggregation} ${OPERATORS[c.operator] ?? c.operator} ${c.threshold}` });
    }
  }
  return lines.sort((a, b) => a.value - b.value);
}

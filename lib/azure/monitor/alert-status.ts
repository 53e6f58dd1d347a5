/**
 * Which of the environment's metric alert rules are firing, for the Overview. Azure's Alerts
 * Management API is not available here; the metric-alert status API (`metricAlertsStatus.list`,
 * Fired / Resolved / NoData / Disabled) is, one call per enabled rule, each cached briefly like the
 * metrics. Severity 0–1 firing → critical, any other firing → warn.
 */
import type { MonitorClient } from "@azure/arm-monitor";
import type { Verdict } from "@/lib/openhands/verdict";
import { describeArmError } from "./arm-error";
import { CallLedger, countMonitorRequests } from "./call-ledger";
import { monitorCache, type TtlCache } from "./metrics-cache";
import { readAlertRules } from "./metrics-query";
import type { AlertRule } from "./thresholds";

export interface RuleStatus {
  rule: AlertRule;
  /** Fired, Resolved, NoData, Disabled, or "Unknown" when the status could not be read. */
  status: string;
  detail?: string;
}

export interface AlertSummary {
  verdict: Verdict;
  rules: RuleStatus[];
  firing: RuleStatus[];
}

export function summarizeAlerts(rules: RuleStatus[]): AlertSummary {
  const firing = rules.filter((r) => r.status === "Fired").sort((a, b) => a.rule.severity - b.rule.severity);
  const unknown = rules.some((r) => r.status === "Unknown");
  const verdict: Verdict = firing.some((r) => r.rule.severity <= 1) ? "critical" : firing.length > 0 ? "warn" : unknown ? "unknown" : "ok";
  return { verdict, rules, firing };
}

type StatusReader = Pick<MonitorClient, "metrics" | "metricAlerts" | "metricAlertsStatus" | "pipeline" | "subscriptionId">;

export async function alertStatuses(monitor: StatusReader, resourceGroup: string, opts: { cache?: TtlCache; ledger?: CallLedger } = {}): Promise<AlertSummary> {
  countMonitorRequests(monitor);
  const cache = opts.cache ?? monitorCache();
  const ledger = opts.ledger ?? new CallLedger();
  const rules = await readAlertRules(monitor, resourceGroup, ledger, { cache });
  const statuses = await Promise.all(
    rules.map(async (rule): Promise<RuleStatus> => {
      if (!rule.enabled) return { rule, status: "Disabled" };
      try {
        const key = `alert-status|${monitor.subscriptionId}|${resourceGroup.toLowerCase()}|${rule.name}`;
        const status = await cache.get(key, `metricAlertsStatus ${rule.name}`, ledger, async () => {
          const res = await monitor.metricAlertsStatus.list(resourceGroup, rule.name);
          const all = (res.value ?? []).map((s) => s.properties?.status ?? "Unknown");
          // One status per dimension combination: any fired combination fires the rule.
          return all.includes("Fired") ? "Fired" : (all[0] ?? "NoData");
        });
        return { rule, status };
      } catch (err) {
        return { rule, status: "Unknown", detail: describeArmError(err) };
      }
    }),
  );
  return summarizeAlerts(statuses);
}

/**
 * One page view of Monitoring: starts every resource's chart query at once (so the Suspense groups
 * stream in as each finishes) and the alert-rule read they share, all recorded in one CallLedger.
 * `settled` tells when every query has finished, for the call count shown at the foot of the page.
 */
import type { EnvironmentTarget } from "@/lib/environments/target";
import { environmentArm } from "@/lib/environments/data-plane";
import { describeArmError } from "./arm-error";
import { CallLedger } from "./call-ledger";
import { readAlertRules, resourceCharts, type MonitorReader, type QueryOptions, type ResourceChartsView } from "./metrics-query";
import { MONITORED_RESOURCES, type MonitoredResource, type MonitoringSelection } from "./selection";

export type ResourceGroupResult = { ok: true; view: ResourceChartsView } | { ok: false; resource: MonitoredResource; error: string };

export interface MonitoringView {
  ledger: CallLedger;
  groups: Array<{ resource: MonitoredResource; result: Promise<ResourceGroupResult> }>;
  /** Resolves, with the view's elapsed milliseconds, when every query has finished. */
  settled: Promise<number>;
}

export interface ViewTarget {
  resourceGroup: string;
  ids: Record<MonitoredResource, string>;
}

export function startMonitoringView(monitor: MonitorReader, target: ViewTarget, selection: MonitoringSelection, opts: QueryOptions = {}): MonitoringView {
  const ledger = new CallLedger();
  const startedAt = performance.now();
  const resources = selection.resource === "all" ? [...MONITORED_RESOURCES] : [selection.resource];
  const rules = readAlertRules(monitor, target.resourceGroup, ledger, opts);
  rules.catch(() => undefined); // each group reports a failed read itself
  const groups = resources.map((resource) => ({
    resource,
    result: resourceCharts(monitor, resource, target.ids[resource], selection, rules, ledger, opts).then(
      (view): ResourceGroupResult => ({ ok: true, view }),
      (err: unknown): ResourceGroupResult => ({ ok: false, resource, error: describeArmError(err) }),
    ),
  }));
  const settled = Promise.all([...groups.map((g) => g.result), rules.catch(() => undefined)]).then(() => performance.now() - startedAt);
  return { ledger, groups, settled };
}

/** The page's entry: the environment's own MonitorClient. */
export function monitoringViewFor(target: EnvironmentTarget, selection: MonitoringSelection): MonitoringView {
  return startMonitoringView(environmentArm(target).monitor, target, selection);
}

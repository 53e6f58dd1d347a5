/**
 * The Monitoring page's data layer: for one resource, one Metrics_List call per batch of
 * `chart-sets.ts` (through the short cache), shaped into chart series, with the alert rules'
 * thresholds attached. A failing call fails only its own charts. Takes the MonitorClient as an
 * argument (the page passes the environment's, tests their own).
 */
import type { MonitorClient } from "@azure/arm-monitor";
import { describeArmError } from "./arm-error";
import { countMonitorRequests, type CallLedger } from "./call-ledger";
import { CHART_SETS, type MetricBatch } from "./chart-sets";
import { monitorCache, type TtlCache } from "./metrics-cache";
import { coarsestGrain, windowOf, type Grain, type TimeWindow } from "./ranges";
import { selectionWindow, type MonitoredResource, type MonitoringSelection } from "./selection";
import { shapeCharts, type ChartData, type MetricsAnswer } from "./series";
import { parseAlertRules, thresholdsFor, type AlertRule, type ThresholdLine } from "./thresholds";

export type MonitorReader = Pick<MonitorClient, "metrics" | "metricAlerts" | "pipeline" | "subscriptionId">;

export interface ChartView extends ChartData {
  grain: Grain;
  window: TimeWindow;
  thresholds: ThresholdLine[];
}

export interface ResourceChartsView {
  resource: MonitoredResource;
  resourceId: string;
  window: TimeWindow;
  charts: ChartView[];
  /** Set when the alert rules could not be read (charts then have no threshold lines). */
  rulesError?: string;
}

export interface QueryOptions {
  cache?: TtlCache;
  now?: number;
}

/** ARM ids start with "/"; arm-monitor's URI template adds its own (knowledge/azure.md §3). */
const resourceUri = (id: string) => id.replace(/^\/+/, "");

/** The environment's metric alert rules (one ARM call per resource group, cached). */
export async function readAlertRules(monitor: MonitorReader, resourceGroup: string, ledger: CallLedger, opts: QueryOptions = {}): Promise<AlertRule[]> {
  countMonitorRequests(monitor);
  const cache = opts.cache ?? monitorCache();
  const key = `alerts|${monitor.subscriptionId}|${resourceGroup.toLowerCase()}`;
  return cache.get(key, `metricAlerts ${resourceGroup}`, ledger, async () => {
    const raw: unknown[] = [];
    for await (const rule of monitor.metricAlerts.listByResourceGroup(resourceGroup)) raw.push(rule);
    return parseAlertRules(raw);
  });
}

interface BatchAnswer {
  window: TimeWindow;
  answer: MetricsAnswer;
}

async function fetchBatch(monitor: MonitorReader, resourceId: string, batch: MetricBatch, selection: MonitoringSelection, ledger: CallLedger, opts: QueryOptions): Promise<BatchAnswer> {
  const cache = opts.cache ?? monitorCache();
  const filter = batch.filter(selection.split);
  const base = selectionWindow(selection, opts.now);
  const grain = batch.minGrain ? coarsestGrain(base.grain, batch.minGrain) : base.grain;
  const rangeKey = selection.range === "custom" ? base.timespan : selection.range;
  const key = ["metrics", resourceId.toLowerCase(), batch.metricnames.join(","), batch.aggregation, filter ?? "", filter ? (batch.top ?? 10) : "", grain, rangeKey].join("|");
  return cache.get(key, `metrics ${batch.metricnames.join(",")}`, ledger, async () => {
    // The window is computed when the call is made, so a cached answer keeps the window it covers.
    const w = selectionWindow(selection, opts.now);
    const window = windowOf(w.from.getTime(), w.to.getTime(), grain);
    const answer = await monitor.metrics.list(resourceUri(resourceId), {
      timespan: window.timespan,
      interval: grain,
      metricnames: batch.metricnames.join(","),
      aggregation: batch.aggregation,
      ...(filter ? { filter, top: batch.top ?? 10 } : {}),
    });
    return { window, answer: answer as MetricsAnswer };
  });
}

/** Every default chart of one resource for the selection, with alert thresholds drawn in. */
export async function resourceCharts(
  monitor: MonitorReader,
  resource: MonitoredResource,
  resourceId: string,
  selection: MonitoringSelection,
  rules: Promise<AlertRule[]>,
  ledger: CallLedger,
  opts: QueryOptions = {},
): Promise<ResourceChartsView> {
  countMonitorRequests(monitor);
  const base = selectionWindow(selection, opts.now);
  const [batches, ruleResult] = await Promise.all([
    Promise.all(
      CHART_SETS[resource].map(async (batch) => {
        const grain = batch.minGrain ? coarsestGrain(base.grain, batch.minGrain) : base.grain;
        try {
          const { window, answer } = await fetchBatch(monitor, resourceId, batch, selection, ledger, opts);
          return shapeCharts(batch.charts, answer).map((c) => ({ ...c, grain, window }));
        } catch (err) {
          const error = `Azure Monitor refused the query: ${describeArmError(err)}`;
          return batch.charts.map((spec) => ({ spec, unit: spec.unit, series: [], error, grain, window: windowOf(base.from.getTime(), base.to.getTime(), grain) }));
        }
      }),
    ),
    rules.then(
      (r) => ({ rules: r, error: undefined }),
      (err: unknown) => ({ rules: [] as AlertRule[], error: `Alert rules could not be read: ${describeArmError(err)}` }),
    ),
  ]);
  const charts = batches.flat().map((c): ChartView => ({ ...c, thresholds: thresholdsFor(ruleResult.rules, resourceId, c.spec.metrics) }));
  return { resource, resourceId, window: charts[0]?.window ?? base, charts, ...(ruleResult.error ? { rulesError: ruleResult.error } : {}) };
}

/**
 * Azure Monitor answers → chart series. One series per (metric, dimension values) time series;
 * a missing value stays a gap (null), never a zero. Labels say what a series is: the dimension
 * values of a split (node pool "sandbox"), the metric's display name when a chart plots several
 * metrics, both when both apply. Pure: takes the SDK's answer shape, not the client.
 */
import type { Aggregation, ChartSpec } from "./chart-sets";

export interface SeriesPoint {
  /** Start of the bucket, epoch ms. */
  t: number;
  v: number | null;
}

export interface ChartSeries {
  label: string;
  metric: string;
  dimensions: Record<string, string>;
  points: SeriesPoint[];
}

export interface ChartData {
  spec: ChartSpec;
  unit: string;
  series: ChartSeries[];
  /** Why the chart has no data (Azure refused the metric, …). */
  error?: string;
}

/** The part of a Metrics_List answer the charts read (as `@azure/arm-monitor` returns it). */
export interface MetricsAnswer {
  value: Array<{
    name: { value: string; localizedValue?: string };
    unit?: string;
    errorCode?: string;
    errorMessage?: string;
    timeseries?: Array<{
      metadatavalues?: Array<{ name?: { value: string; localizedValue?: string }; value?: string }>;
      data?: Array<{ timeStamp: Date | string; average?: number; minimum?: number; maximum?: number; total?: number; count?: number }>;
    }>;
  }>;
}

function pointValue(p: Record<string, unknown>, aggregation: Aggregation): number | null {
  const v = p[aggregation];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function dimensionsOf(ts: NonNullable<MetricsAnswer["value"][number]["timeseries"]>[number]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of ts.metadatavalues ?? []) if (m.name?.value) out[m.name.value.toLowerCase()] = m.value ?? "";
  return out;
}

/** The charts of one call, shaped from its answer. Metrics the answer lacks become a chart error. */
export function shapeCharts(charts: readonly ChartSpec[], answer: MetricsAnswer): ChartData[] {
  const byName = new Map(answer.value.map((m) => [m.name.value.toLowerCase(), m]));
  return charts.map((spec): ChartData => {
    const series: ChartSeries[] = [];
    let unit: string | undefined;
    const errors: string[] = [];
    for (const name of spec.metrics) {
      const metric = byName.get(name.toLowerCase());
      if (!metric) {
        errors.push(`Azure Monitor returned no ${name}.`);
        continue;
      }
      if (metric.errorCode && metric.errorCode !== "Success") {
        errors.push(`${name}: ${metric.errorMessage ?? metric.errorCode}`);
        continue;
      }
      unit ??= metric.unit;
      const display = metric.name.localizedValue || name;
      for (const ts of metric.timeseries ?? []) {
        const dimensions = dimensionsOf(ts);
        const dimLabel = Object.values(dimensions).join(" / ");
        const label = spec.metrics.length > 1 ? (dimLabel ? `${display} — ${dimLabel}` : display) : dimLabel || display;
        const points = (ts.data ?? [])
          .map((p) => ({ t: new Date(p.timeStamp).getTime(), v: pointValue(p as Record<string, unknown>, spec.aggregation) }))
          .sort((a, b) => a.t - b.t);
        series.push({ label, metric: name, dimensions, points });
      }
    }
    series.sort((a, b) => (a.metric === b.metric ? a.label.localeCompare(b.label) : spec.metrics.indexOf(a.metric) - spec.metrics.indexOf(b.metric)));
    return { spec, unit: unit ?? spec.unit, series, ...(errors.length > 0 ? { error: errors.join(" ") } : {}) };
  });
}

/** Latest, lowest and highest values of a series (the chart's summary for screen readers). */
export function seriesSummary(series: ChartSeries): { latest: number | null; min: number | null; max: number | null } {
  const values = series.points.map((p) => p.v).filter((v): v is number => v !== null);
  if (values.length === 0) return { latest: null, min: null, max: null };
  return { latest: values[values.length - 1]!, min: Math.min(...values), max: Math.max(...values) };
}

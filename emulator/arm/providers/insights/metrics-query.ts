/**
 * Answers a metrics query (Metrics_List) for one resource: validates names, aggregations,
 * timespan, interval and dimension filter like Azure Monitor, reads per-minute samples of every
 * matching dimension instance from the sources, merges them into the requested series and
 * aggregates each series into time-grain buckets. Buckets are aligned to multiples of the grain
 * since the epoch (UTC midnight for P1D), so a PT1H bucket is exactly the sixty PT1M points it
 * covers: average = Σtotal / Σcount, minimum/maximum of the minutes, total and count summed.
 */
import type { Aggregation, MetricCatalog, MetricResource, MetricSpec } from "./catalog/types";
import { AGGREGATIONS } from "./catalog/types";
import { filterDimensions, matchesFilter, parseDimensionFilter, pruneFilter, type DimensionFilter } from "./dimension-filter";
import { MINUTE_MS, newSampleBuffer } from "./metric-model";
import type { MetricSources } from "./metric-source";
import {
  ALL_GRAINS,
  MetricsQueryError,
  formatInstant,
  formatTimespan,
  grainMinutes,
  isoDurationOfMinutes,
  parseTimespan,
  resolveInterval,
  type TimeGrain,
} from "./timegrain";

export interface MetricsQuery {
  metricnames?: string | null;
  aggregation?: string | null;
  timespan?: string | null;
  interval?: string | null;
  filter?: string | null;
  top?: string | null;
  orderby?: string | null;
  resultType?: string | null;
  rollupby?: string | null;
  metricnamespace?: string | null;
  autoAdjustTimegrain?: boolean;
  validateDimensions?: boolean;
}

export interface MetricsContext {
  resource: MetricResource;
  catalog: MetricCatalog | undefined;
  sources: MetricSources;
  nowMs: number;
}

export interface MetricPoint {
  timeStamp: string;
  average?: number;
  minimum?: number;
  maximum?: number;
  total?: number;
  count?: number;
}
export interface MetricTimeSeries {
  metadatavalues: Array<{ name: { value: string; localizedValue: string }; value: string }>;
  data?: MetricPoint[];
}
export interface MetricAnswer {
  id: string;
  type: "Microsoft.Insights/metrics";
  name: { value: string; localizedValue: string };
  displayDescription: string;
  unit: string;
  timeseries: MetricTimeSeries[];
  errorCode: "Success";
}
export interface MetricsAnswer {
  cost: number;
  timespan: string;
  interval: string;
  namespace: string;
  resourceregion: string;
  value: MetricAnswer[];
}

const AGGREGATION_ALIASES: Record<string, Aggregation> = {
  average: "Average", avg: "Average", minimum: "Minimum", min: "Minimum", maximum: "Maximum", max: "Maximum", total: "Total", sum: "Total", count: "Count",
};

function parseAggregations(text: string | null | undefined): Aggregation[] | undefined {
  if (!text || text.trim() === "") return undefined;
  const out: Aggregation[] = [];
  for (const raw of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const agg = AGGREGATION_ALIASES[raw.toLowerCase()];
    if (!agg) throw new MetricsQueryError(`Invalid aggregation type: '${raw}'. Supported aggregation types are: ${AGGREGATIONS.join(",")}.`);
    if (!out.includes(agg)) out.push(agg);
  }
  return out;
}

function providerAndType(resourceType: string): { provider: string; type: string } {
  const slash = resourceType.indexOf("/");
  return { provider: resourceType.slice(0, slash), type: resourceType.slice(slash + 1) };
}

function resolveMetrics(ctx: MetricsContext, names: string | null | undefined, namespace: string | null | undefined): MetricSpec[] {
  const requested = (names ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const { provider, type } = providerAndType(ctx.resource.type);
  const valid = ctx.catalog?.metrics.map((m) => m.name) ?? [];
  const notFound = (metric: string) =>
    new MetricsQueryError(`Failed to find metric configuration for provider: ${provider}, resource Type: ${type}, metric: ${metric}, Valid metrics: ${valid.join(",")}`);
  if (namespace && namespace.toLowerCase() !== ctx.resource.type.toLowerCase()) throw notFound(requested.join(",") || "(default)");
  if (requested.length === 0) {
    const first = ctx.catalog?.metrics[0];
    if (!first) throw notFound("(default)");
    return [first];
  }
  const out: MetricSpec[] = [];
  for (const name of requested) {
    const spec = ctx.catalog?.metrics.find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!spec) throw notFound(name);
    if (!out.includes(spec)) out.push(spec);
  }
  return out;
}

interface Order {
  aggregation: Aggregation;
  descending: boolean;
}
function parseOrder(text: string | null | undefined, fallback: Aggregation): Order {
  if (!text || text.trim() === "") return { aggregation: fallback, descending: true };
  const [aggText, dir, extra] = text.trim().split(/\s+/);
  const aggregation = AGGREGATION_ALIASES[(aggText ?? "").toLowerCase()];
  const d = (dir ?? "desc").toLowerCase();
  if (!aggregation || (d !== "asc" && d !== "desc") || extra !== undefined) {
    throw new MetricsQueryError(`Invalid orderby: '${text}'. Expected '<aggregation> asc|desc', e.g. 'sum asc'.`);
  }
  return { aggregation, descending: d === "desc" };
}

function parseTop(text: string | null | undefined): number {
  if (text === null || text === undefined || text.trim() === "") return 10;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new MetricsQueryError(`Invalid top: '${text}'. It must be a positive integer.`);
  return n;
}

/** Aggregated samples of a bucket or a whole series. */
interface Bucket {
  total: number;
  count: number;
  minimum: number;
  maximum: number;
  has: boolean;
}
function valueOf(b: Bucket, agg: Aggregation): number {
  switch (agg) {
    case "Average":
      return b.count > 0 ? b.total / b.count : 0;
    case "Minimum":
      return b.minimum;
    case "Maximum":
      return b.maximum;
    case "Total":
      return b.total;
    case "Count":
      return b.count;
  }
}
/** Platform metrics are kept 93 days (the `retention` of every metric definition). */
export const RETENTION_MINUTES = 93 * 1440;
/** Upper bound of buckets per series, so one request cannot make the local Azure compute for minutes. */
const MAX_POINTS = 50_000;

const FIELD: Record<Aggregation, keyof Omit<MetricPoint, "timeStamp">> = { Average: "average", Minimum: "minimum", Maximum: "maximum", Total: "total", Count: "count" };

/** Combined minute samples of one output series (all instances with the same split values). */
class SeriesAccumulator {
  readonly total: Float64Array;
  readonly count: Float64Array;
  readonly minimum: Float64Array;
  readonly maximum: Float64Array;
  readonly has: Uint8Array;
  constructor(
    readonly metadata: Record<string, string>,
    /** Epoch minute of index 0. */
    readonly origin: number,
    length: number,
  ) {
    this.total = new Float64Array(length);
    this.count = new Float64Array(length);
    this.minimum = new Float64Array(length).fill(Number.POSITIVE_INFINITY);
    this.maximum = new Float64Array(length).fill(Number.NEGATIVE_INFINITY);
    this.has = new Uint8Array(length);
  }

  /** Aggregate of the minutes [from, to) (epoch minutes). */
  bucket(from: number, to: number): Bucket {
    const b: Bucket = { total: 0, count: 0, minimum: Number.POSITIVE_INFINITY, maximum: Number.NEGATIVE_INFINITY, has: false };
    for (let i = Math.max(0, from - this.origin); i < Math.min(this.has.length, to - this.origin); i++) {
      if (!this.has[i]) continue;
      b.has = true;
      b.total += this.total[i]!;
      b.count += this.count[i]!;
      if (this.minimum[i]! < b.minimum) b.minimum = this.minimum[i]!;
      if (this.maximum[i]! > b.maximum) b.maximum = this.maximum[i]!;
    }
    return b;
  }
}

export function queryMetrics(ctx: MetricsContext, q: MetricsQuery): MetricsAnswer {
  const specs = resolveMetrics(ctx, q.metricnames, q.metricnamespace);
  const aggregations = parseAggregations(q.aggregation);
  const span = parseTimespan(q.timespan ?? null, ctx.nowMs);
  const common = ALL_GRAINS.filter((g) => specs.every((s) => s.grains.includes(g)));
  const interval = resolveInterval(q.interval ?? null, common, specs.map((s) => s.name), span, q.autoAdjustTimegrain ?? false);
  const filter = q.filter && q.filter.trim() !== "" ? parseDimensionFilter(q.filter) : undefined;
  const top = parseTop(q.top);
  const metadataOnly = (q.resultType ?? "").toLowerCase() === "metadata";
  if (q.resultType && !metadataOnly && q.resultType.toLowerCase() !== "data") throw new MetricsQueryError(`Invalid resultType: '${q.resultType}'. Supported values are: Data,Metadata.`);
  const rollup = new Set((q.rollupby ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean));

  const startMin = Math.floor(span.startMs / MINUTE_MS);
  const endMin = Math.ceil(span.endMs / MINUTE_MS);
  const grain: TimeGrain | undefined = interval.kind === "grain" ? interval.grain : undefined;
  const g = grain ? grainMinutes(grain) : Math.max(1, endMin - startMin);
  const from = grain ? Math.floor(startMin / g) * g : startMin;
  const bucketCount = Math.max(1, Math.ceil((endMin - from) / g));
  if (bucketCount > MAX_POINTS) {
    throw new MetricsQueryError(`The timespan and interval ask for ${bucketCount} data points per time series; at most ${MAX_POINTS} are supported. Use a larger interval or a shorter timespan.`);
  }
  const length = bucketCount * g;
  const lastComplete = Math.floor(ctx.nowMs / MINUTE_MS) - 1;
  // Only minutes inside the retention window and already over can hold data: read just those.
  const dataFrom = Math.max(from, lastComplete + 1 - RETENTION_MINUTES);
  const dataLength = Math.max(0, Math.min(from + length, lastComplete + 1) - dataFrom);
  let cost = 0;

  const value = specs.map((spec): MetricAnswer => {
    const { series, read } = seriesOf(ctx, spec, filter, rollup, q.validateDimensions ?? true, dataFrom, dataLength, lastComplete);
    cost += read;
    const split = filter !== undefined && series.some((s) => Object.keys(s.metadata).length > 0);
    const aggs = aggregations ?? [spec.primaryAggregation];
    let chosen = series;
    if (split) {
      const order = parseOrder(q.orderby, aggs[0]!);
      const scored = series.map((s) => ({ s, b: s.bucket(from, from + length) }));
      scored.sort((a, b) => {
        const va = a.b.has ? valueOf(a.b, order.aggregation) : Number.NEGATIVE_INFINITY;
        const vb = b.b.has ? valueOf(b.b, order.aggregation) : Number.NEGATIVE_INFINITY;
        return order.descending ? vb - va : va - vb;
      });
      chosen = scored.slice(0, top).map((x) => x.s);
    }
    const timeseries = chosen.map((s): MetricTimeSeries => {
      const metadatavalues = Object.entries(s.metadata).map(([name, v]) => ({ name: { value: name.toLowerCase(), localizedValue: name.toLowerCase() }, value: v }));
      if (metadataOnly) return { metadatavalues };
      const data: MetricPoint[] = [];
      for (let b = 0; b < bucketCount; b++) {
        const bucket = s.bucket(from + b * g, from + (b + 1) * g);
        const point: MetricPoint = { timeStamp: formatInstant((from + b * g) * MINUTE_MS) };
        if (bucket.has) for (const a of aggs) point[FIELD[a]] = valueOf(bucket, a);
        data.push(point);
      }
      return { metadatavalues, data };
    });
    return {
      id: `${ctx.resource.id}/providers/Microsoft.Insights/metrics/${spec.name}`,
      type: "Microsoft.Insights/metrics",
      name: { value: spec.name, localizedValue: spec.displayName },
      displayDescription: spec.description,
      unit: spec.unit,
      timeseries,
      errorCode: "Success",
    };
  });

  return {
    cost,
    timespan: formatTimespan(span),
    interval: grain ?? isoDurationOfMinutes(g),
    namespace: ctx.resource.type.toLowerCase(),
    resourceregion: ctx.resource.location,
    value,
  };
}

function seriesOf(
  ctx: MetricsContext,
  spec: MetricSpec,
  rawFilter: DimensionFilter | undefined,
  rollup: Set<string>,
  validateDimensions: boolean,
  from: number,
  length: number,
  lastComplete: number,
): { series: SeriesAccumulator[]; read: number } {
  const known = new Map(spec.dimensions.map((d) => [d.toLowerCase(), d]));
  let filter = rawFilter;
  if (filter) {
    const unknown = [...filterDimensions(filter).values()].filter((d) => !known.has(d.name.toLowerCase()));
    if (unknown.length > 0 && validateDimensions) {
      throw new MetricsQueryError(
        `Metric: ${spec.name} does not support requested dimension combination: ${[...filterDimensions(filter).values()].map((d) => d.name).join(",")}, supported ones are: ${spec.dimensions.join(",") || "(none)"}`,
      );
    }
    filter = pruneFilter(filter, (d) => known.has(d.toLowerCase()));
  }
  const splitBy = filter
    ? [...filterDimensions(filter).entries()].filter(([k, v]) => v.splits && !rollup.has(k)).map(([k]) => known.get(k)!)
    : [];
  const instances = ctx.catalog ? ctx.sources.instances(ctx.catalog, ctx.resource, spec) : [];
  const groups = new Map<string, SeriesAccumulator>();
  const scratch = newSampleBuffer(from, length);
  const sumMode = spec.combine === "sum";
  let read = 0;
  for (const instance of instances) {
    if (filter && !matchesFilter(filter, instance.dimensions)) continue;
    const metadata: Record<string, string> = {};
    for (const d of splitBy) {
      const key = Object.keys(instance.dimensions).find((k) => k.toLowerCase() === d.toLowerCase());
      metadata[d] = key === undefined ? "" : instance.dimensions[key]!;
    }
    const groupKey = JSON.stringify(metadata);
    let acc = groups.get(groupKey);
    if (!acc) {
      acc = new SeriesAccumulator(metadata, from, length);
      groups.set(groupKey, acc);
    }
    scratch.has.fill(0);
    ctx.sources.fill({ resource: ctx.resource, metric: spec, instance }, scratch, lastComplete);
    for (let i = 0; i < length; i++) {
      if (!scratch.has[i]) continue;
      read++;
      const count = scratch.count[i]!;
      if (sumMode) {
        // Add the instances' levels: the series' samples are the sum of each instance's average.
        const first = !acc.has[i];
        acc.total[i] = (first ? 0 : acc.total[i]! / acc.count[i]!) + scratch.total[i]! / count;
        acc.count[i] = 1;
        acc.minimum[i] = (first ? 0 : acc.minimum[i]!) + scratch.minimum[i]!;
        acc.maximum[i] = (first ? 0 : acc.maximum[i]!) + scratch.maximum[i]!;
      } else {
        acc.total[i] = acc.total[i]! + scratch.total[i]!;
        acc.count[i] = acc.count[i]! + count;
        acc.minimum[i] = Math.min(acc.minimum[i]!, scratch.minimum[i]!);
        acc.maximum[i] = Math.max(acc.maximum[i]!, scratch.maximum[i]!);
      }
      acc.has[i] = 1;
    }
  }
  // An unsplit query over a metric without instances still answers one (empty) series, as Azure does.
  if (groups.size === 0 && splitBy.length === 0) groups.set("{}", new SeriesAccumulator({}, from, length));
  return { series: [...groups.values()], read };
}

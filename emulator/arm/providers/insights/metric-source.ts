/**
 * Where metric values come from. The deterministic model (metric-model.ts) answers every minute;
 * a `MetricSource` placed before it can answer some minutes with real values instead — e.g.
 * `active_connections` read from the real PostgreSQL behind a flexible server, `connectedclients`
 * from Redis INFO, node counts from the Kubernetes simulation — for the recent window it has seen.
 *
 * Sources are synchronous on purpose: one query reads thousands of minutes of many series, and
 * alert evaluation reads them again; a real source polls its system in the background and keeps
 * the recent minutes in memory (see RecordedMetricSource), so reading is a memory lookup.
 */
import type { DimensionInstance, MetricCatalog, MetricResource, MetricSpec } from "./catalog/types";
import { fillFromModel, MINUTE_MS, type SampleBuffer } from "./metric-model";

export interface SeriesRef {
  resource: MetricResource;
  metric: MetricSpec;
  instance: DimensionInstance;
}

export interface MetricSource {
  readonly name: string;
  /** The dimension instances this source knows (e.g. the real nodes); undefined: let the next source or the catalog say. */
  instances?(resource: MetricResource, metric: MetricSpec): DimensionInstance[] | undefined;
  /** Fill the minutes this source knows (set `has[i] = 1`); leave others untouched. Minutes after `lastCompleteMinute` must stay empty. */
  fill(series: SeriesRef, buffer: SampleBuffer, lastCompleteMinute: number): void;
  /**
   * True when this source measures the series: minutes it did not fill have no data, and the model
   * does not invent them (its synthetic level would not join the measured one).
   */
  measures?(series: SeriesRef): boolean;
}

/**
 * First minute a resource can have data: the minute it was created in (its bucket holds the
 * samples taken after creation); Azure Monitor has nothing for the minutes before.
 */
export function firstDataMinute(resource: MetricResource): number {
  return resource.createdAt === undefined ? Number.NEGATIVE_INFINITY : Math.floor(resource.createdAt / MINUTE_MS);
}

/** Sources in order of preference, with the model as the last word. */
export class MetricSources {
  constructor(private readonly sources: readonly MetricSource[] = []) {}

  instances(catalog: MetricCatalog, resource: MetricResource, metric: MetricSpec): DimensionInstance[] {
    for (const s of this.sources) {
      const found = s.instances?.(resource, metric);
      if (found) return found;
    }
    return catalog.instances(resource, metric);
  }

  fill(series: SeriesRef, buffer: SampleBuffer, lastCompleteMinute: number): void {
    for (const s of this.sources) s.fill(series, buffer, lastCompleteMinute);
    if (!this.sources.some((s) => s.measures?.(series))) fillFromModel(series.metric.model, series.resource.id, series.metric.name, series.instance.dimensions, series.instance.weight, buffer, lastCompleteMinute);
    // Nothing before the resource existed: no synthetic history to join measured values with a jump.
    const before = Math.min(buffer.length, firstDataMinute(series.resource) - buffer.from);
    for (let i = 0; i < before; i++) buffer.has[i] = 0;
  }
}

function seriesKey(resourceId: string, metric: string, dimensions: Record<string, string>): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k.toLowerCase()}=${dimensions[k]!}`)
    .join(";");
  return `${resourceId.toLowerCase()}|${metric.toLowerCase()}|${dims}`;
}

/**
 * A source fed by pushes: a poller calls `record(...)` with the value it read for a minute; the
 * last `retentionMinutes` per series are kept. Minutes never recorded fall through to the model.
 */
export class RecordedMetricSource implements MetricSource {
  private readonly series = new Map<string, Map<number, number>>();

  constructor(
    readonly name: string,
    private readonly retentionMinutes = 24 * 60,
  ) {}

  /** Record the value of a series at a minute (epoch minutes); later records replace earlier ones. */
  record(resourceId: string, metric: string, dimensions: Record<string, string>, minute: number, value: number): void {
    const key = seriesKey(resourceId, metric, dimensions);
    const points = this.series.get(key) ?? new Map<number, number>();
    points.set(Math.floor(minute), value);
    for (const m of points.keys()) if (m <= minute - this.retentionMinutes) points.delete(m);
    this.series.set(key, points);
  }

  fill(series: SeriesRef, buffer: SampleBuffer, lastCompleteMinute: number): void {
    const points = this.series.get(seriesKey(series.resource.id, series.metric.name, series.instance.dimensions));
    if (!points) return;
    for (const [minute, value] of points) {
      const i = minute - buffer.from;
      if (i < 0 || i >= buffer.length || minute > lastCompleteMinute || buffer.has[i]) continue;
      buffer.total[i] = value;
      buffer.count[i] = 1;
      buffer.minimum[i] = value;
      buffer.maximum[i] = value;
      buffer.has[i] = 1;
    }
  }
}

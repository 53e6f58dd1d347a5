/**
 * A MetricSource fed by the data planes' pollers. Unlike RecordedMetricSource (one value per
 * minute) it keeps every sample of a minute, so Average, Minimum and Maximum of a minute are the
 * real ones (a connection burst between two polls still shows in Maximum); counters add up their
 * per-poll deltas into the minute's Total.
 */
import type { MetricSource, SeriesRef } from "../arm/providers/insights";

interface Minute {
  total: number;
  count: number;
  min: number;
  max: number;
}

const RETENTION_MINUTES = 24 * 60;

export class SampledMetricSource implements MetricSource {
  private readonly series = new Map<string, Map<number, Minute>>();

  constructor(readonly name: string) {}

  private key(resourceId: string, metric: string, dims: Record<string, string>): string {
    const d = Object.keys(dims).sort().map((k) => `${k.toLowerCase()}=${dims[k]!}`).join(";");
    return `${resourceId.toLowerCase()}|${metric.toLowerCase()}|${d}`;
  }

  /** A gauge sample (connections, bytes, percent) taken during `minute` (epoch minutes). */
  gauge(resourceId: string, metric: string, dims: Record<string, string>, minute: number, value: number): void {
    const m = this.minute(resourceId, metric, dims, minute);
    m.total += value;
    m.count += 1;
    m.min = Math.min(m.min, value);
    m.max = Math.max(m.max, value);
  }

  /** Events counted since the previous poll, added to `minute`'s total. */
  counter(resourceId: string, metric: string, dims: Record<string, string>, minute: number, delta: number): void {
    const m = this.minute(resourceId, metric, dims, minute);
    m.total += Math.max(0, delta);
    m.count = 1;
    m.min = m.total;
    m.max = m.total;
  }

  private minute(resourceId: string, metric: string, dims: Record<string, string>, minute: number): Minute {
    const k = this.key(resourceId, metric, dims);
    let points = this.series.get(k);
    if (!points) this.series.set(k, (points = new Map()));
    let m = points.get(minute);
    if (!m) {
      points.set(minute, (m = { total: 0, count: 0, min: Infinity, max: -Infinity }));
      for (const old of points.keys()) if (old <= minute - RETENTION_MINUTES) points.delete(old);
    }
    return m;
  }

  fill(series: SeriesRef, buffer: Parameters<MetricSource["fill"]>[1], lastCompleteMinute: number): void {
    const points = this.series.get(this.key(series.resource.id, series.metric.name, series.instance.dimensions));
    if (!points) return;
    for (const [minute, m] of points) {
      const i = minute - buffer.from;
      if (i < 0 || i >= buffer.length || minute > lastCompleteMinute || buffer.has[i] || m.count === 0) continue;
      buffer.total[i] = m.total;
      buffer.count[i] = m.count;
      buffer.minimum[i] = m.min;
      buffer.maximum[i] = m.max;
      buffer.has[i] = 1;
    }
  }
}

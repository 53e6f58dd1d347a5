/** Compact builders for catalog entries, so each catalog reads like Azure's metrics table. */
import type { TimeGrain } from "../timegrain";
import { ALL_GRAINS } from "../timegrain";
import type { Aggregation, CombineMode, MetricClass, MetricSpec, MetricUnit, ValueModel } from "./types";
import { ALL_AGGREGATIONS } from "./types";

export interface MetricOptions {
  unit: MetricUnit;
  metricClass: MetricClass;
  primary: Aggregation;
  supported?: readonly Aggregation[];
  grains?: readonly TimeGrain[];
  dimensions?: readonly string[];
  combine?: CombineMode;
  model: ValueModel;
}

export function metric(name: string, displayName: string, description: string, o: MetricOptions): MetricSpec {
  return {
    name,
    displayName,
    description,
    unit: o.unit,
    metricClass: o.metricClass,
    primaryAggregation: o.primary,
    supportedAggregations: o.supported ?? ALL_AGGREGATIONS,
    grains: o.grains ?? ALL_GRAINS,
    dimensions: o.dimensions ?? [],
    combine: o.combine ?? "pool",
    model: o.model,
  };
}

/** A percentage gauge between idle and peak levels. */
export function percent(low: number, high: number, noise = 0.08): ValueModel {
  return { kind: "gauge", low, high, noise, min: 0, max: 100, samplesPerMinute: 1 };
}

/** A gauge (level) in any unit. */
export function gauge(low: number, high: number, noise = 0.08, extra: Partial<ValueModel> = {}): ValueModel {
  return { kind: "gauge", low, high, noise, min: 0, samplesPerMinute: 1, ...extra };
}

/** Events or bytes per minute. */
export function counter(low: number, high: number, noise = 0.15, extra: Partial<ValueModel> = {}): ValueModel {
  return { kind: "counter", low, high, noise, min: 0, samplesPerMinute: 1, ...extra };
}

export function constant(value: number, extra: Partial<ValueModel> = {}): ValueModel {
  return { kind: "constant", low: value, high: value, noise: 0, samplesPerMinute: 1, ...extra };
}

export function growing(low: number, high: number, extra: Partial<ValueModel> = {}): ValueModel {
  return { kind: "growing", low, high, noise: 0.002, min: 0, samplesPerMinute: 1, ...extra };
}

/** Stable 32-bit FNV-1a hash of a string (names of simulated nodes, seeds). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A weight in [0.75, 1.25) that stays the same for one instance of one resource. */
export function instanceWeight(resourceId: string, key: string): number {
  return 0.75 + (hash32(`${resourceId.toLowerCase()}|${key}`) / 0x1_0000_0000) * 0.5;
}

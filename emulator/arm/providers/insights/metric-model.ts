/**
 * The deterministic metric model: the value of every metric of every resource at every minute is
 * a pure function of (resource id, metric name, dimension instance, minute), so nothing is stored
 * and any range at any grain answers coherently (coarser grains are aggregated from the same
 * minutes; see metrics-query.ts).
 *
 * One minute of one series:
 *   load(resource, t) = daily cycle (low at ~03:00, peak at ~15:00 UTC, shifted ±2 h per resource)
 *                       × 0.55 on Saturdays and Sundays
 *                       + a slow wander (smooth noise, 3 h knots, ±0.12)
 *                       + occasional bursts (+0.35 for a 45-minute block, ~3 % of blocks)
 *   gauge / counter:  low + (high − low) × clamp(load × instance weight, 0, 1.25) + series noise
 *                     (smooth 10-minute noise and per-minute jitter, ± noise × |high − low|)
 *   constant:         low × instance weight
 *   growing:          low → high along 1 − e^(−days/90) since a per-resource anchor in 2026, tiny noise
 * then clamped to [min, max] and rounded for integer metrics. Load is shared by every metric of a
 * resource, so CPU, connections and traffic peak together. A minute has data once it is over.
 */
import type { ValueModel } from "./catalog/types";
import { hash32 } from "./catalog/define";

export const MINUTE_MS = 60_000;

/** Per-minute samples of one series over [from, from + length) minutes since the epoch. */
export interface SampleBuffer {
  readonly from: number;
  readonly length: number;
  readonly total: Float64Array;
  readonly count: Float64Array;
  readonly minimum: Float64Array;
  readonly maximum: Float64Array;
  /** 1 where a minute has a sample. */
  readonly has: Uint8Array;
}

export function newSampleBuffer(from: number, length: number): SampleBuffer {
  return {
    from,
    length,
    total: new Float64Array(length),
    count: new Float64Array(length),
    minimum: new Float64Array(length),
    maximum: new Float64Array(length),
    has: new Uint8Array(length),
  };
}

/** Uniform in [0, 1) from a seed and an integer (a 32-bit integer mix, stable across platforms). */
export function uniform(seed: number, i: number): number {
  let x = (seed ^ Math.imul(i | 0, 0x9e3779b1) ^ Math.imul(Math.floor(i / 0x1_0000_0000), 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x / 0x1_0000_0000;
}

/** Smooth noise in [−1, 1]: random knots every `period` minutes, cosine-interpolated. */
export function smoothNoise(seed: number, minute: number, period: number): number {
  const k = Math.floor(minute / period);
  const f = (minute - k * period) / period;
  const a = uniform(seed, k) * 2 - 1;
  const b = uniform(seed, k + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

const DAY = 1440;
/** 2026-01-01T00:00Z in minutes: anchor of the growing metrics. */
const GROWTH_ANCHOR = Date.UTC(2026, 0, 1) / MINUTE_MS;

export function resourceSeed(resourceId: string): number {
  return hash32(resourceId.toLowerCase());
}

export function seriesSeed(resourceId: string, metric: string, dimensions: Record<string, string>): number {
  const key = Object.keys(dimensions)
    .sort()
    .map((k) => `${k.toLowerCase()}=${dimensions[k]!.toLowerCase()}`)
    .join(";");
  return hash32(`${resourceId.toLowerCase()}|${metric.toLowerCase()}|${key}`);
}

/** Activity of a resource at a minute, about 0 (night) to 1 (weekday afternoon), more in bursts. */
export function load(rSeed: number, minute: number): number {
  const phaseHours = (rSeed % 5) - 2;
  const hour = (((minute % DAY) + DAY) % DAY) / 60;
  const daily = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3 - phaseHours)) / 24);
  const weekday = (((Math.floor(minute / DAY) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const weekend = weekday === 0 || weekday === 6 ? 0.55 : 1;
  const wander = smoothNoise(rSeed ^ 0x5bd1e995, minute, 180) * 0.12;
  const burst = uniform(rSeed ^ 0xb5297a4d, Math.floor(minute / 45)) > 0.97 ? 0.35 : 0;
  return Math.max(0, daily * weekend + wander + burst);
}

function clampValue(v: number, model: ValueModel): number {
  let out = v;
  if (model.min !== undefined) out = Math.max(model.min, out);
  if (model.max !== undefined) out = Math.min(model.max, out);
  return model.integer ? Math.round(out) : Math.round(out * 10_000) / 10_000;
}

/**
 * Load of a resource over a minute range, memoised: every series of a resource (all nodes, all
 * API names, all metrics of one query) shares it, and it is the costly part of a sample.
 */
const loadCache = new Map<string, Float64Array>();
const LOAD_CACHE_ENTRIES = 64;
export function loadSeries(rSeed: number, from: number, length: number): Float64Array {
  const key = `${rSeed}:${from}:${length}`;
  const hit = loadCache.get(key);
  if (hit) return hit;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = load(rSeed, from + i);
  if (loadCache.size >= LOAD_CACHE_ENTRIES) loadCache.delete(loadCache.keys().next().value!);
  loadCache.set(key, out);
  return out;
}

/** The model's level of one series at one minute (before the per-minute sample is formed). */
export function modelValue(model: ValueModel, rSeed: number, sSeed: number, weight: number, minute: number, loadAt = load(rSeed, minute)): number {
  const range = model.high - model.low;
  switch (model.kind) {
    case "constant":
      return clampValue(model.low * weight, model);
    case "growing": {
      const days = (minute - GROWTH_ANCHOR - (rSeed % 30) * DAY) / DAY;
      const progress = days <= 0 ? 0 : 1 - Math.exp(-days / 90);
      const noise = smoothNoise(sSeed, minute, 60) * model.noise * Math.abs(range);
      return clampValue((model.low + range * progress) * weight + noise, model);
    }
    case "gauge":
    case "counter": {
      const level = model.low + range * Math.min(1.25, loadAt * weight);
      const noise = (smoothNoise(sSeed, minute, 10) * 0.7 + (uniform(sSeed, minute) * 2 - 1) * 0.3) * model.noise * Math.abs(range);
      return clampValue(level + noise, model);
    }
  }
}

/** Write the model's samples for every minute of the buffer that no other source filled. */
export function fillFromModel(model: ValueModel, resourceId: string, metric: string, dimensions: Record<string, string>, weight: number, buffer: SampleBuffer, lastCompleteMinute: number): void {
  const rSeed = resourceSeed(resourceId);
  const sSeed = seriesSeed(resourceId, metric, dimensions);
  const samples = model.samplesPerMinute ?? 1;
  const loads = model.kind === "gauge" || model.kind === "counter" ? loadSeries(rSeed, buffer.from, buffer.length) : undefined;
  for (let i = 0; i < buffer.length; i++) {
    const minute = buffer.from + i;
    if (buffer.has[i] || minute > lastCompleteMinute) continue;
    const v = modelValue(model, rSeed, sSeed, weight, minute, loads?.[i]);
    // One minute's samples all read the level: min = max = average, total = level × samples
    // (a counter's level is already the minute's total, spread over its samples).
    const per = model.kind === "counter" ? v / samples : v;
    buffer.total[i] = per * samples;
    buffer.count[i] = samples;
    buffer.minimum[i] = per;
    buffer.maximum[i] = per;
    buffer.has[i] = 1;
  }
}

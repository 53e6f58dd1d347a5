/**
 * Time ranges of the Monitoring page and the grain (Azure Monitor "interval") each one is read at.
 * The grain follows the Azure portal's automatic choice, so a chart has 60–170 points whatever the
 * range: few enough to read, never over Azure's 50,000 points per series.
 *
 * | range / custom span | grain | points |
 * |---------------------|-------|--------|
 * | 1 h   (≤ 1 h)       | PT1M  | ≤ 60   |
 * | 6 h   (≤ 6 h)       | PT5M  | ≤ 72   |
 * | 24 h  (≤ 24 h)      | PT15M | ≤ 96   |
 * | 7 d   (≤ 7 d)       | PT1H  | ≤ 168  |
 * |       (≤ 31 d)      | PT6H  | ≤ 124  |
 * |       (≤ 93 d)      | PT12H | ≤ 186  |
 *
 * AKS offers nothing coarser than PT12H, and Azure keeps platform metrics 93 days: a custom range
 * is limited to that retention. Pure.
 */

export const RANGE_PRESETS = ["1h", "6h", "24h", "7d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeKey = RangePreset | "custom";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RETENTION_MS = 93 * DAY;
/** The shortest custom range worth a chart (five one-minute points). */
export const MIN_CUSTOM_MS = 5 * MINUTE;

export const PRESET_MS: Readonly<Record<RangePreset, number>> = { "1h": HOUR, "6h": 6 * HOUR, "24h": DAY, "7d": 7 * DAY };

export const PRESET_LABELS: Readonly<Record<RangeKey, string>> = { "1h": "1 h", "6h": "6 h", "24h": "24 h", "7d": "7 d", custom: "Custom" };

export type Grain = "PT1M" | "PT5M" | "PT15M" | "PT1H" | "PT6H" | "PT12H";

export const GRAIN_MS: Readonly<Record<Grain, number>> = { PT1M: MINUTE, PT5M: 5 * MINUTE, PT15M: 15 * MINUTE, PT1H: HOUR, PT6H: 6 * HOUR, PT12H: 12 * HOUR };

export const GRAIN_LABELS: Readonly<Record<Grain, string>> = { PT1M: "1 minute", PT5M: "5 minutes", PT15M: "15 minutes", PT1H: "1 hour", PT6H: "6 hours", PT12H: "12 hours" };

/** The table above, as data: the first row whose span covers the range gives the grain. */
const GRAIN_BY_SPAN: ReadonlyArray<[maxSpanMs: number, grain: Grain]> = [
  [HOUR, "PT1M"],
  [6 * HOUR, "PT5M"],
  [DAY, "PT15M"],
  [7 * DAY, "PT1H"],
  [31 * DAY, "PT6H"],
  [RETENTION_MS, "PT12H"],
];

export function grainForSpan(spanMs: number): Grain {
  for (const [max, grain] of GRAIN_BY_SPAN) if (spanMs <= max) return grain;
  return "PT12H";
}

/** A grain at least `floor` (storage capacity metrics are hourly only). */
export function coarsestGrain(a: Grain, b: Grain): Grain {
  return GRAIN_MS[a] >= GRAIN_MS[b] ? a : b;
}

export interface TimeWindow {
  from: Date;
  to: Date;
  grain: Grain;
  /** Azure Monitor's `timespan` parameter: `start/end` in ISO 8601. */
  timespan: string;
}

/**
 * The window a range covers at `now`. Presets end at the last complete minute (Azure has no data
 * for the current one), so two views within a minute ask Azure the same question.
 */
export function presetWindow(range: RangePreset, now: number): TimeWindow {
  const to = Math.floor(now / MINUTE) * MINUTE;
  const from = to - PRESET_MS[range];
  return windowOf(from, to, grainForSpan(PRESET_MS[range]));
}

export function customWindow(from: Date, to: Date): TimeWindow {
  return windowOf(from.getTime(), to.getTime(), grainForSpan(to.getTime() - from.getTime()));
}

export function windowOf(fromMs: number, toMs: number, grain: Grain): TimeWindow {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  return { from, to, grain, timespan: `${from.toISOString()}/${to.toISOString()}` };
}

/**
 * Time handling of the Azure Monitor metrics API: ISO 8601 durations, the `timespan` query
 * parameter, the fixed set of time grains and how Azure picks or refuses an `interval`.
 * Error texts copy what Azure Monitor answers (seen in SDK issue threads) so parsers that
 * recognise Azure's messages recognise these.
 */

/** Time grains Azure Monitor knows, in minutes, finest first. */
export const TIME_GRAINS = [
  { iso: "PT1M", minutes: 1 },
  { iso: "PT5M", minutes: 5 },
  { iso: "PT15M", minutes: 15 },
  { iso: "PT30M", minutes: 30 },
  { iso: "PT1H", minutes: 60 },
  { iso: "PT6H", minutes: 360 },
  { iso: "PT12H", minutes: 720 },
  { iso: "P1D", minutes: 1440 },
] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number]["iso"];

export const ALL_GRAINS: readonly TimeGrain[] = TIME_GRAINS.map((g) => g.iso);
/** Azure's platform metrics and most resource types: every grain. */
export const MINUTE_GRAINS: readonly TimeGrain[] = ALL_GRAINS;

export class MetricsQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetricsQueryError";
  }
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds), or null. */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim().toUpperCase() === "P" || text.trim().toUpperCase().endsWith("T")) return null;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const ms = ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000;
  return ms > 0 ? ms : null;
}

export function grainMinutes(grain: TimeGrain): number {
  return TIME_GRAINS.find((g) => g.iso === grain)!.minutes;
}

/** A standard grain written any way ISO allows ("PT60M", "pt1h", "PT24H") → its canonical name. */
export function canonicalGrain(text: string): TimeGrain | undefined {
  const ms = parseIsoDuration(text);
  if (ms === null) return undefined;
  return TIME_GRAINS.find((g) => g.minutes * 60_000 === ms)?.iso;
}

/** .NET TimeSpan text ("00:05:00", "1.00:00:00"), the way Azure Monitor lists grains in errors. */
export function dotNetTimeSpan(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const hm = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`;
  return days > 0 ? `${days}.${hm}` : hm;
}

export interface Timespan {
  startMs: number;
  endMs: number;
}

function parseInstant(text: string): number | null {
  // Azure accepts ISO 8601 date-times; a missing zone means UTC.
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(text) || !text.includes("T") ? text : `${text}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `timespan` as Azure reads it: `start/end`, `start/duration`, `duration/end`, or a bare
 * duration ending now. Missing: the last hour.
 */
export function parseTimespan(text: string | null, nowMs: number): Timespan {
  if (text === null || text.trim() === "") return { startMs: nowMs - 3_600_000, endMs: nowMs };
  const parts = text.trim().split("/");
  const bad = () => new MetricsQueryError(`Invalid timespan: '${text}'. Expected ISO 8601 'startTime/endTime', 'startTime/duration', 'duration/endTime' or 'duration'.`);
  let span: Timespan;
  if (parts.length === 1) {
    const d = parseIsoDuration(parts[0]!);
    if (d === null) throw bad();
    span = { startMs: nowMs - d, endMs: nowMs };
  } else if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    const aIsDuration = /^P/i.test(a);
    const bIsDuration = /^P/i.test(b);
    if (aIsDuration && bIsDuration) throw bad();
    if (aIsDuration) {
      const d = parseIsoDuration(a);
      const end = parseInstant(b);
      if (d === null || end === null) throw bad();
      span = { startMs: end - d, endMs: end };
    } else if (bIsDuration) {
      const start = parseInstant(a);
      const d = parseIsoDuration(b);
      if (d === null || start === null) throw bad();
      span = { startMs: start, endMs: start + d };
    } else {
      const start = parseInstant(a);
      const end = parseInstant(b);
      if (start === null || end === null) throw bad();
      span = { startMs: start, endMs: end };
    }
  } else {
    throw bad();
  }
  if (span.endMs <= span.startMs) throw new MetricsQueryError(`Invalid timespan: '${text}'. The end time must be after the start time.`);
  return span;
}

/** `2021-04-20T09:00:00Z` (seconds precision unless there are milliseconds), as Azure echoes times. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

export function formatTimespan(span: Timespan): string {
  return `${formatInstant(span.startMs)}/${formatInstant(span.endMs)}`;
}

/** ISO duration of a whole number of minutes ("PT90M" → "PT1H30M"), for `interval=FULL` answers. */
export function isoDurationOfMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  let out = "P" + (days > 0 ? `${days}D` : "");
  if (h > 0 || m > 0 || days === 0) out += "T" + (h > 0 ? `${h}H` : "") + (m > 0 || (h === 0 && days === 0) ? `${m}M` : "");
  return out;
}

/** The grain a query runs at: a standard grain, or FULL (one bucket over the whole timespan). */
export type ResolvedInterval = { kind: "grain"; grain: TimeGrain } | { kind: "full" };

/**
 * Pick the query grain like Azure: an interval the metrics share is used as is; with
 * `AutoAdjustTimegrain=true` an unsupported one (or one longer than the timespan) moves to the
 * largest common grain not above it, else the smallest common grain; without it Azure refuses.
 * No interval: the finest grain all requested metrics share (Azure's default is PT1M, which
 * every metric here offers except hourly storage capacity metrics).
 */
export function resolveInterval(
  requested: string | null,
  common: readonly TimeGrain[],
  metricNames: readonly string[],
  span: Timespan,
  autoAdjust: boolean,
): ResolvedInterval {
  const sorted = ALL_GRAINS.filter((g) => common.includes(g));
  if (sorted.length === 0) {
    throw new MetricsQueryError(`Commonly allowed time grains: (none) between metrics: ${metricNames.join(",")}, please query these metrics separately.`);
  }
  if (requested === null || requested.trim() === "") return { kind: "grain", grain: sorted[0]! };
  if (requested.trim().toUpperCase() === "FULL") return { kind: "full" };
  const grain = canonicalGrain(requested);
  const spanMinutes = Math.max(1, Math.ceil((span.endMs - span.startMs) / 60_000));
  const requestedMs = parseIsoDuration(requested);
  if (!grain && !autoAdjust) {
    const supported = ALL_GRAINS.map((g) => dotNetTimeSpan(grainMinutes(g))).join(",");
    throw new MetricsQueryError(`Invalid time grain duration: ${requested}, supported ones are: ${supported}`);
  }
  if (grain && sorted.includes(grain) && (!autoAdjust || grainMinutes(grain) <= spanMinutes)) return { kind: "grain", grain };
  if (!autoAdjust) {
    const list = sorted.map((g) => dotNetTimeSpan(grainMinutes(g))).join(",");
    throw new MetricsQueryError(
      `Commonly allowed time grains: ${list} between metrics: ${metricNames.join(",")}, can not support requested time grain: ${dotNetTimeSpan(grainMinutes(grain!))} please adjust your interval parameter to use one of the common grains`,
    );
  }
  if (requestedMs === null) throw new MetricsQueryError(`Invalid time grain duration: ${requested}.`);
  const limit = Math.min(requestedMs / 60_000, spanMinutes);
  const below = sorted.filter((g) => grainMinutes(g) <= limit);
  return { kind: "grain", grain: below.length > 0 ? below[below.length - 1]! : sorted[0]! };
}

/**
 * Geometry of the hand-written SVG line charts: nice y ticks, time ticks in UTC, value formats
 * per Azure Monitor unit, and the path of a series with gaps. Pure, so it is unit-tested.
 */
import type { SeriesPoint } from "@/lib/azure/monitor/series";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Round tick values from 0 (or the lowest value) to just above the highest, about `count` steps. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The y range of a chart: its values and threshold lines, percentages capped at 100 when they fit. */
export function yDomain(values: readonly number[], thresholds: readonly number[], unit: string): number[] {
  const all = [...values, ...thresholds];
  const max = all.length ? Math.max(...all) : 1;
  const min = all.length ? Math.min(...all) : 0;
  const ticks = niceTicks(min, max * 1.05);
  if (unit === "Percent" && max <= 100 && ticks[ticks.length - 1]! > 100) return niceTicks(min, 100).filter((t) => t <= 100);
  return ticks;
}

const TIME_STEPS = [5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];

/** Time ticks on round UTC boundaries, about five across the window. */
export function timeTicks(from: number, to: number, count = 5): number[] {
  const span = Math.max(to - from, MINUTE);
  const step = TIME_STEPS.find((s) => span / s <= count) ?? 30 * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** "14:30" within a day, "11-26" beyond; UTC like the rest of the page. */
export function timeLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs <= DAY ? iso.slice(11, 16) : spanMs <= 3 * DAY ? `${iso.slice(5, 10)} ${iso.slice(11, 13)}h` : iso.slice(5, 10);
}

const BYTES = ["B", "KiB", "MiB", "GiB", "TiB"];

function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (Number.isInteger(v)) return String(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A value in its Azure Monitor unit, short enough for an axis. */
export function formatValue(v: number | null, unit: string): string {
  if (v === null) return "—";
  switch (unit) {
    case "Percent":
      return `${compact(v)} %`;
    case "Bytes":
    case "BytesPerSecond": {
      let i = 0;
      let x = v;
      while (Math.abs(x) >= 1024 && i < BYTES.length - 1) {
        x /= 1024;
        i++;
      }
      return `${i === 0 ? compact(x) : x.toFixed(1)} ${BYTES[i]}${unit === "BytesPerSecond" ? "/s" : ""}`;
    }
    case "CountPerSecond":
      return `${compact(v)}/s`;
    case "MilliSeconds":
      return `${compact(v)} ms`;
    default:
      return compact(v);
  }
}

/** An SVG path through the points; a gap (null) starts a new segment. Lone points are returned apart. */
export function seriesPath(points: readonly SeriesPoint[], x: (t: number) => number, y: (v: number) => number): { d: string; dots: Array<[number, number]> } {
  let d = "";
  const dots: Array<[number, number]> = [];
  let run: Array<[number, number]> = [];
  const flush = () => {
    if (run.length === 1) dots.push(run[0]!);
    else if (run.length > 1) d += run.map(([px, py], i) => `${i === 0 ? "M" : "L"}${px.toFixed(1)},${py.toFixed(1)}`).join("");
    run = [];
  };
  for (const p of points) {
    if (p.v === null) flush();
    else run.push([x(p.t), y(p.v)]);
  }
  flush();
  return { d, dots };
}

export const SERIES_COLORS = ["#1d4ed8", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626", "#4b5563", "#9333ea"];

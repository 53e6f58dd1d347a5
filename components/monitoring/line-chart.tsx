/**
 * A hand-written SVG line chart (server-rendered, no chart library, works offline): UTC time axis,
 * value axis in the metric's unit, one line per series with a legend, dashed alert-threshold lines
 * labelled with their rule, and a data table behind a disclosure for screen readers and exact values.
 */
import { useId } from "react";
import type { ChartSeries } from "@/lib/azure/monitor/series";
import { seriesSummary } from "@/lib/azure/monitor/series";
import type { ThresholdLine } from "@/lib/azure/monitor/thresholds";
import { formatValue, SERIES_COLORS, seriesPath, timeLabel, timeTicks, yDomain } from "./chart-scale";

const W = 560;
const H = 200;
const M = { left: 56, right: 12, top: 12, bottom: 26 };

export interface LineChartProps {
  title: string;
  unit: string;
  series: ChartSeries[];
  thresholds: ThresholdLine[];
  from: number;
  to: number;
}

export function LineChart({ title, unit, series, thresholds, from, to }: LineChartProps) {
  const id = useId();
  const values = series.flatMap((s) => s.points.map((p) => p.v).filter((v): v is number => v !== null));
  const ticks = yDomain(values, thresholds.map((t) => t.value), unit);
  const yMin = ticks[0]!;
  const yMax = ticks[ticks.length - 1]!;
  // Azure aligns buckets to the grain, so the first (partial) bucket may start before the window.
  const times = series.flatMap((s) => s.points.map((p) => p.t));
  const lo = Math.min(from, ...times);
  const hi = Math.max(to, ...times);
  const span = Math.max(hi - lo, 1);
  const x = (t: number) => M.left + ((t - lo) / span) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - (v - yMin) / (yMax - yMin || 1)) * (H - M.top - M.bottom);
  const description = series.length === 0 ? "No data." : series.map((s) => {
    const { latest, min, max } = seriesSummary(s);
    return `${s.label}: latest ${formatValue(latest, unit)}, min ${formatValue(min, unit)}, max ${formatValue(max, unit)}`;
  }).join("; ");

  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="h-auto w-full">
        <title id={`${id}-t`}>{`${title} (${unit})`}</title>
        <desc id={`${id}-d`}>{description}{thresholds.length ? ` Alert thresholds: ${thresholds.map((t) => `${t.rule} ${t.condition}`).join("; ")}.` : ""}</desc>
        {ticks.map((v) => (
          <g key={`y${v}`}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#e4e4e7" strokeWidth={1} />
            <text x={M.left - 6} y={y(v) + 3} textAnchor="end" fontSize={10} fill="#52525b">{formatValue(v, unit)}</text>
          </g>
        ))}
        {timeTicks(lo, hi).map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - 8} textAnchor="middle" fontSize={10} fill="#52525b">{timeLabel(t, span)}</text>
        ))}
        <text x={W - M.right} y={H - 8} textAnchor="end" fontSize={9} fill="#a1a1aa">UTC</text>
        {series.map((s, i) => {
          const color = SERIES_COLORS[i % SERIES_COLORS.length];
          const { d, dots } = seriesPath(s.points, x, y);
          return (
            <g key={s.label} data-series={s.label}>
              {d ? <path d={d} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" /> : null}
              {dots.map(([cx, cy]) => <circle key={`${cx},${cy}`} cx={cx} cy={cy} r={2.5} fill={color} />)}
            </g>
          );
        })}
        {thresholds.map((t) => (
          <g key={`${t.rule}-${t.metric}-${t.value}`} data-testid="threshold-line">
            <line x1={M.left} x2={W - M.right} y1={y(t.value)} y2={y(t.value)} stroke={t.severity <= 1 ? "#b91c1c" : "#d97706"} strokeWidth={1.25} strokeDasharray="5 4" />
            <text x={W - M.right - 2} y={y(t.value) - 3} textAnchor="end" fontSize={9.5} fill={t.severity <= 1 ? "#b91c1c" : "#b45309"}>{`Alert: ${t.condition}`}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        <ul aria-label={`${title} series`} className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700">
          {series.map((s, i) => (
            <li key={s.label} className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block h-2 w-3 rounded-sm" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
              <span>{s.label}</span>
              <span className="text-zinc-500">{formatValue(seriesSummary(s).latest, unit)}</span>
            </li>
          ))}
          {thresholds.map((t) => (
            <li key={`l-${t.rule}-${t.metric}-${t.value}`} className="flex items-center gap-1.5 text-amber-800">
              <span aria-hidden className="inline-block w-3 border-t-2 border-dashed border-amber-600" />
              <span>{`Alert rule ${t.rule}: ${t.condition}`}</span>
            </li>
          ))}
        </ul>
      </figcaption>
      <DataTable title={title} unit={unit} series={series} />
    </figure>
  );
}

function DataTable({ title, unit, series }: { title: string; unit: string; series: ChartSeries[] }) {
  if (series.length === 0) return null;
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const lookup = series.map((s) => new Map(s.points.map((p) => [p.t, p.v])));
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-zinc-500">Data table</summary>
      <div className="mt-1 max-h-60 overflow-auto">
        <table className="w-full text-left">
          <caption className="sr-only">{`${title} (${unit}), UTC`}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 font-medium">Time (UTC)</th>
              {series.map((s) => <th key={s.label} scope="col" className="pr-3 font-medium">{s.label}</th>)}
            </tr>
          </thead>
          <tbody className="font-mono">
            {times.map((t) => (
              <tr key={t}>
                <td className="pr-3">{new Date(t).toISOString().slice(0, 16).replace("T", " ")}</td>
                {lookup.map((m, i) => <td key={series[i]!.label} className="pr-3">{formatValue(m.get(t) ?? null, unit)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

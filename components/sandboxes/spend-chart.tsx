import type { UsageGroupRow } from "@/lib/openhands/sandboxes/usage";
import { formatUsd } from "./format";

/** Spend per day as bars (days without conversations show as gaps at zero). */
export function SpendChart({ days, from, to }: { days: UsageGroupRow[]; from: Date; to: Date }) {
  const byDay = new Map(days.map((d) => [d.key, d]));
  const all: { day: string; cost: number; tokens: number }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const d = byDay.get(day);
    all.push({ day, cost: d?.cost ?? 0, tokens: d?.totalTokens ?? 0 });
  }
  const max = Math.max(...all.map((d) => d.cost), 0.000001);
  return (
    <figure aria-label="Spend per day">
      <div className="flex h-32 items-end gap-px border-b border-zinc-300">
        {all.map((d) => (
          <div key={d.day} className="flex-1 bg-blue-600/80 hover:bg-blue-800" style={{ height: `${(d.cost / max) * 100}%`, minHeight: d.cost > 0 ? 1 : 0 }} title={`${d.day}: ${formatUsd(d.cost)}, ${d.tokens.toLocaleString("en-US")} tokens`} />
        ))}
      </div>
      <figcaption className="mt-1 flex justify-between text-xs text-zinc-500">
        <span>{all[0]?.day}</span>
        <span>Spend per day (UTC), max {formatUsd(max)}</span>
        <span>{all[all.length - 1]?.day}</span>
      </figcaption>
    </figure>
  );
}

import type { RedisHealthItem } from "@/lib/openhands/redis-health";
import { VerdictBadge } from "@/components/ui/verdict-badge";

/** One row per check: what was judged, the verdict, and the evidence in words. */
export function HealthChecks({ items }: { items: RedisHealthItem[] }) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500">
          <th className="py-1.5 pr-3 font-medium">Check</th>
          <th className="py-1.5 pr-3 font-medium">Verdict</th>
          <th className="py-1.5 font-medium">Evidence</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {items.map((i) => (
          <tr key={i.key} data-check={i.key}>
            <th scope="row" className="py-1.5 pr-3 text-left font-medium text-zinc-800">
              {i.title}
            </th>
            <td className="py-1.5 pr-3">
              <VerdictBadge verdict={i.verdict} />
            </td>
            <td className="py-1.5 text-zinc-700">{i.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

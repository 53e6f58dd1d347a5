import type { SlowlogEntry } from "@/lib/openhands/redis-health";
import { formatMicros } from "@/lib/openhands/redis-health/format";
import { formatUtc } from "@/lib/display-format";

/** The slow log, newest first, as Redis keeps it; arguments that are not keys arrive already redacted. */
export function SlowlogTable({ entries, length }: { entries: SlowlogEntry[]; length: number }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-600">The slow log is empty.</p>;
  return (
    <>
      <p className="mb-2 text-xs text-zinc-500">
        The {entries.length} most recent of {length} entries. Values are never shown: only command names and key names.
      </p>
      <table className="w-full text-sm">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500">
            <th className="py-1.5 pr-3 font-medium">When (UTC)</th>
            <th className="py-1.5 pr-3 text-right font-medium">Duration</th>
            <th className="py-1.5 pr-3 font-medium">Command</th>
            <th className="py-1.5 font-medium">Client</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="py-1.5 pr-3 whitespace-nowrap text-zinc-600">{formatUtc(e.at, "second")}</td>
              <td className="py-1.5 pr-3 text-right whitespace-nowrap tabular-nums">{formatMicros(e.durationMicros)}</td>
              <td className="py-1.5 pr-3 font-mono text-xs break-all">{e.redacted}</td>
              <td className="py-1.5 text-xs text-zinc-500">
                {[e.clientName, e.client].filter(Boolean).join(" · ")}
                {e.own ? <span className="ml-1 rounded bg-zinc-100 px-1 text-zinc-700" title="Sent by this console (its keyspace sample); not counted in the verdict">console's own</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

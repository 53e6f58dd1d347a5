import type { KeyspaceSample } from "@/lib/openhands/redis-health";
import type { KeyspaceLine } from "@/lib/openhands/redis-health/info";
import { TTL_BUCKETS } from "@/lib/openhands/redis-health/keyspace-summary";
import { formatBytes } from "@/lib/openhands/redis-health/format";

const STOPPED: Record<KeyspaceSample["stoppedBy"], string> = {
  end: "the whole database was scanned",
  "max-keys": "stopped at the key budget",
  "time-budget": "stopped at the time budget",
};

/** Keys by prefix from the SCAN sample; counts beyond the sample are estimates and say so. */
export function KeyspaceTable({ sample, databases }: { sample: KeyspaceSample; databases: KeyspaceLine[] }) {
  const partial = sample.scanned < sample.dbsize;
  return (
    <>
      <p className="mb-2 text-xs text-zinc-500" data-testid="keyspace-sample-note">
        A sample: {sample.scanned} of {sample.dbsize} keys scanned with SCAN ({sample.scanCalls} calls, {sample.elapsedMs} ms; {STOPPED[sample.stoppedBy]}).
        {partial ? " Key counts and sizes are estimates scaled to the database size." : ""} Sizes from MEMORY USAGE on a few keys per prefix.
      </p>
      {sample.prefixes.length === 0 ? (
        <p className="text-sm text-zinc-600">The database is empty.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500">
                <th className="py-1.5 pr-3 font-medium">Prefix</th>
                <th className="py-1.5 pr-3 text-right font-medium">Sampled</th>
                <th className="py-1.5 pr-3 text-right font-medium">{partial ? "Est. keys" : "Keys"}</th>
                <th className="py-1.5 pr-3 text-right font-medium">No TTL</th>
                {TTL_BUCKETS.filter((b) => b !== "none").map((b) => (
                  <th key={b} className="py-1.5 pr-3 text-right font-medium">
                    TTL {b}
                  </th>
                ))}
                <th className="py-1.5 pr-3 text-right font-medium">Avg size</th>
                <th className="py-1.5 text-right font-medium">{partial ? "Est. memory" : "Memory"}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 tabular-nums">
              {sample.prefixes.map((p) => (
                <tr key={p.prefix} data-prefix={p.prefix}>
                  <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                    <span className="font-mono text-xs">{p.prefix}</span>
                    {p.label ? <span className="block text-xs text-zinc-500">{p.label}</span> : null}
                  </th>
                  <td className="py-1.5 pr-3 text-right">{p.sampled}</td>
                  <td className="py-1.5 pr-3 text-right">{p.estimatedKeys}</td>
                  <td className="py-1.5 pr-3 text-right">{p.withoutTtl}</td>
                  {TTL_BUCKETS.filter((b) => b !== "none").map((b) => (
                    <td key={b} className="py-1.5 pr-3 text-right">
                      {p.ttl[b]}
                    </td>
                  ))}
                  <td className="py-1.5 pr-3 text-right">{formatBytes(p.avgBytes)}</td>
                  <td className="py-1.5 text-right">{formatBytes(p.estimatedBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {databases.length > 0 ? (
        <p className="mt-3 text-xs text-zinc-500">
          Databases (INFO keyspace): {databases.map((d) => `db${d.db} ${d.keys} keys, ${d.expires} with TTL`).join(" · ")}. OpenHands uses db 0 (REDIS_DB).
        </p>
      ) : null}
    </>
  );
}

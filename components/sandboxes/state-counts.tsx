import type { StateCounts } from "@/lib/openhands/sandboxes/types";
import { formatCount } from "./format";

const TILES: { key: keyof StateCounts; label: string; hint: string }[] = [
  { key: "running", label: "Running", hint: "pod Ready" },
  { key: "pending", label: "Starting / pending", hint: "not scheduled or not Ready yet" },
  { key: "paused", label: "Paused", hint: "conversation of the last 10 days, no pod" },
  { key: "error", label: "Error", hint: "image pull, crash, failed" },
  { key: "total", label: "Total", hint: "all of the above" },
];

export function StateCountTiles({ counts, conversationsRead }: { counts: StateCounts; conversationsRead: boolean }) {
  return (
    <ul aria-label="Sandboxes by state" className="grid grid-cols-2 gap-3 sm:grid-cols-5">
      {TILES.map((t) => (
        <li key={t.key} className="rounded-lg border border-zinc-200 bg-white px-4 py-3" data-state={t.key}>
          <p className="text-xs font-medium text-zinc-600">{t.label}</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums text-zinc-900">{t.key === "paused" && !conversationsRead ? "—" : formatCount(counts[t.key])}</p>
          <p className="text-xs text-zinc-500">{t.hint}</p>
        </li>
      ))}
    </ul>
  );
}

import type { ReactNode } from "react";
import type { DatabaseHealthItem } from "@/lib/openhands/db-health/types";
import { VerdictBadge } from "@/components/ui/verdict-badge";

/** One health item: its title, verdict and one-sentence summary, then its evidence. */
export function ItemSection({ item, children }: { item: Pick<DatabaseHealthItem, "key" | "title" | "verdict" | "summary">; children?: ReactNode }) {
  return (
    <section id={item.key} aria-label={item.title} data-item={item.key} data-verdict={item.verdict} className="rounded-lg border border-zinc-200 bg-white">
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-zinc-800">{item.title}</h2>
        <VerdictBadge verdict={item.verdict} />
        <p className="text-sm text-zinc-600">{item.summary}</p>
      </header>
      {children ? <div className="overflow-x-auto p-4">{children}</div> : null}
    </section>
  );
}

export const pct = (f: number | null, digits = 1) => (f === null ? "—" : `${(f * 100).toFixed(digits)} %`);

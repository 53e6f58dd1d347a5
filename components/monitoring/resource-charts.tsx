/**
 * One resource's chart group: awaits its own query (started by the page), so each group streams in
 * when its Azure Monitor calls finish and a failure stays inside its group.
 */
import Link from "next/link";
import { GRAIN_LABELS } from "@/lib/azure/monitor/ranges";
import { RESOURCE_LABELS, type MonitoredResource } from "@/lib/azure/monitor/selection";
import type { ResourceGroupResult } from "@/lib/azure/monitor/view";
import { Notice } from "@/components/ui/notice";
import { LineChart } from "./line-chart";

export const RESOURCE_PAGES: Partial<Record<MonitoredResource, { href: string; label: string }>> = {
  postgres: { href: "/database", label: "Database health" },
  redis: { href: "/redis", label: "Redis health" },
  aks: { href: "/sandboxes", label: "Sandboxes" },
};

export async function ResourceCharts({ resource, name, result }: { resource: MonitoredResource; name: string; result: Promise<ResourceGroupResult> }) {
  const r = await result;
  const title = RESOURCE_LABELS[resource];
  const page = RESOURCE_PAGES[resource];
  return (
    <section aria-label={`${title} charts`} className="rounded-lg border border-zinc-200 bg-white">
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-zinc-200 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-zinc-800">
          {title} <span className="font-mono text-xs font-normal text-zinc-500">{name}</span>
        </h2>
        {page ? <Link href={page.href} className="text-xs text-blue-700 hover:underline">{page.label} →</Link> : null}
      </header>
      <div className="p-4">
        {!r.ok ? (
          <Notice tone="error" title={`${title} metrics could not be read`}>{r.error}</Notice>
        ) : (
          <>
            {r.view.rulesError ? <div className="mb-3"><Notice tone="warning">{r.view.rulesError}</Notice></div> : null}
            <div className="grid gap-6 lg:grid-cols-2">
              {r.view.charts.map((c) => (
                <div key={c.spec.key} data-chart={c.spec.key} className="min-w-0">
                  <h3 className="text-sm font-medium text-zinc-800">{c.spec.title}</h3>
                  <p className="mb-1 text-xs text-zinc-500">
                    {`${c.spec.metrics.join(", ")} · ${c.spec.aggregation} per ${GRAIN_LABELS[c.grain]}`}
                    {c.spec.hint ? ` · ${c.spec.hint}` : ""}
                  </p>
                  {c.error ? (
                    <Notice tone="error">{c.error}</Notice>
                  ) : c.series.length === 0 ? (
                    <p className="text-sm text-zinc-500">Azure Monitor returned no series for this range.</p>
                  ) : (
                    <LineChart title={`${title}: ${c.spec.title}`} unit={c.unit} series={c.series} thresholds={c.thresholds} from={c.window.from.getTime()} to={c.window.to.getTime()} />
                  )}
                </div>
              ))}
            </div>
          </>
        )}
      </div>
    </section>
  );
}

export function ResourceChartsSkeleton({ resource }: { resource: MonitoredResource }) {
  return (
    <section aria-label={`${RESOURCE_LABELS[resource]} charts loading`} aria-busy="true" className="rounded-lg border border-zinc-200 bg-white p-4">
      <p className="text-sm text-zinc-600">{`Reading ${RESOURCE_LABELS[resource]} metrics from Azure Monitor…`}</p>
      <div className="mt-3 grid gap-6 lg:grid-cols-2">
        <div className="h-40 animate-pulse rounded bg-zinc-100" />
        <div className="h-40 animate-pulse rounded bg-zinc-100" />
      </div>
    </section>
  );
}

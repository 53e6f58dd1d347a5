/**
 * The view selectors of the Monitoring page: resource, time range (presets and a custom UTC range),
 * split of AKS node metrics. Plain links and a GET form: the selection lives in the URL, so the page
 * works without client JavaScript and every view can be bookmarked.
 */
import Link from "next/link";
import { GRAIN_LABELS, PRESET_LABELS, RANGE_PRESETS, type TimeWindow } from "@/lib/azure/monitor/ranges";
import { monitoringHref, MONITORED_RESOURCES, RESOURCE_LABELS, SPLITS, type MonitoringSelection, type Split } from "@/lib/azure/monitor/selection";
import { buttonClass } from "@/components/ui/button";
import { UtcTimeInput } from "@/components/ui/utc-time-input";
import { toUtcInputValue } from "@/lib/display-format";

const SPLIT_LABELS: Record<Split, string> = { none: "Cluster", nodepool: "Node pool", node: "Node" };

function Choice({ href, current, children }: { href: string; current: boolean; children: string }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded-md px-2.5 py-1 text-sm ${current ? "bg-blue-700 text-white" : "text-zinc-700 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-100"}`}
    >
      {children}
    </Link>
  );
}

export function MonitoringControls({ selection, window, form }: { selection: MonitoringSelection; window: TimeWindow; form: { from: string; to: string } }) {
  const showSplit = selection.resource === "all" || selection.resource === "aks";
  return (
    <div className="mb-6 space-y-3 rounded-lg border border-zinc-200 bg-white p-4">
      <nav aria-label="Resource" className="flex flex-wrap items-center gap-2">
        <span className="w-24 text-xs font-medium text-zinc-500 uppercase">Resource</span>
        <Choice href={monitoringHref(selection, { resource: "all" })} current={selection.resource === "all"}>All</Choice>
        {MONITORED_RESOURCES.map((r) => (
          <Choice key={r} href={monitoringHref(selection, { resource: r })} current={selection.resource === r}>{RESOURCE_LABELS[r]}</Choice>
        ))}
      </nav>
      <nav aria-label="Time range" className="flex flex-wrap items-center gap-2">
        <span className="w-24 text-xs font-medium text-zinc-500 uppercase">Range</span>
        {RANGE_PRESETS.map((r) => (
          <Choice key={r} href={monitoringHref(selection, { range: r, from: undefined, to: undefined })} current={selection.range === r}>{PRESET_LABELS[r]}</Choice>
        ))}
        <form action="/monitoring" method="get" className="flex flex-wrap items-center gap-2" aria-label="Custom range">
          {selection.env ? <input type="hidden" name="env" value={selection.env} /> : null}
          {selection.resource !== "all" ? <input type="hidden" name="resource" value={selection.resource} /> : null}
          {selection.split !== "none" ? <input type="hidden" name="split" value={selection.split} /> : null}
          <input type="hidden" name="range" value="custom" />
          <label className="flex items-center gap-1 text-sm text-zinc-700">
            From
            <UtcTimeInput name="from" defaultValue={selection.from ? toUtcInputValue(selection.from) : form.from || toUtcInputValue(window.from)} className="w-40 rounded border border-zinc-300 px-1.5 py-0.5 text-sm" />
          </label>
          <label className="flex items-center gap-1 text-sm text-zinc-700">
            To
            <UtcTimeInput name="to" defaultValue={selection.to ? toUtcInputValue(selection.to) : form.to || toUtcInputValue(window.to)} className="w-40 rounded border border-zinc-300 px-1.5 py-0.5 text-sm" />
          </label>
          <span className="text-xs text-zinc-500">UTC, 24-hour</span>
          <button type="submit" className={`${buttonClass(selection.range === "custom" ? "primary" : "secondary")} py-1`}>Apply custom range</button>
        </form>
      </nav>
      {showSplit ? (
        <nav aria-label="Split AKS node metrics by" className="flex flex-wrap items-center gap-2">
          <span className="w-24 text-xs font-medium text-zinc-500 uppercase">Split nodes</span>
          {SPLITS.map((s) => (
            <Choice key={s} href={monitoringHref(selection, { split: s })} current={selection.split === s}>{SPLIT_LABELS[s]}</Choice>
          ))}
        </nav>
      ) : null}
      <p className="text-xs text-zinc-600" data-testid="monitoring-window">
        {`${window.from.toISOString().slice(0, 16).replace("T", " ")} – ${window.to.toISOString().slice(0, 16).replace("T", " ")} UTC · `}
        <span data-testid="monitoring-grain">{`Grain ${window.grain} (${GRAIN_LABELS[window.grain]})`}</span>
        {" · as the Azure portal picks it for this range"}
      </p>
    </div>
  );
}

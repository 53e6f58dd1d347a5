import type { EnvironmentTarget } from "@/lib/environments/target";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { formatCount, formatUsd } from "@/components/sandboxes/format";
import { SpendChart } from "@/components/sandboxes/spend-chart";
import { UsageFilterForm } from "@/components/sandboxes/usage-filter-form";
import { ConversationTable, UsageGroupTable, UsageGroupTabs } from "@/components/sandboxes/usage-tables";
import { usageQuery } from "@/lib/openhands/sandboxes/usage-filters";
import { linkParams } from "./inventory-section";
import { loadUsage } from "./sandboxes-data";

type SearchParams = Record<string, string | string[] | undefined>;

export async function UsageSection({ target, params }: { target: EnvironmentTarget; params: SearchParams }) {
  const loaded = await loadUsage(target, params);
  if (!loaded.ok) return <Notice tone="error" title="Could not read usage">{loaded.reason}</Notice>;
  const { parsed, totals, days, models, groups, conversations } = loaded.data;
  const env = typeof params.env === "string" ? params.env : undefined;
  const links = { ...linkParams(params), ...parsed.form };
  const csvHref = `/api/sandboxes/usage?${usageQuery(parsed.form, { env: target.environment.name })}`;
  return (
    <Panel title="Usage and cost">
      <UsageFilterForm form={parsed.form} env={env} models={models} />
      {parsed.problems.length > 0 ? (
        <div className="mb-4">
          <Notice tone="error" title="Some filters were not applied">
            <ul className="list-disc pl-5">
              {parsed.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <dl aria-label="Usage totals" className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
        {[
          ["Conversations", formatCount(totals.conversations)],
          ["Users", formatCount(totals.users)],
          ["Cost", formatUsd(totals.cost)],
          ["Prompt tokens", formatCount(totals.promptTokens)],
          ["Completion tokens", formatCount(totals.completionTokens)],
        ].map(([k, v]) => (
          <div key={k} className="rounded-md bg-zinc-50 px-3 py-2">
            <dt className="text-xs text-zinc-500">{k}</dt>
            <dd className="font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="mb-4">
        <SpendChart days={days} from={parsed.filters.from} to={parsed.filters.to} />
      </div>
      <div className="flex items-start justify-between gap-3">
        <UsageGroupTabs group={parsed.filters.group} params={links} />
        <a href={csvHref} download className={buttonClass("secondary")}>
          Download CSV
        </a>
      </div>
      {groups && parsed.filters.group !== "conversation" ? <UsageGroupTable group={parsed.filters.group} page={groups} params={links} /> : null}
      {conversations ? <ConversationTable page={conversations} params={links} /> : null}
      <p className="mt-3 text-xs text-zinc-500">
        Cost is OpenHands&apos; accumulated_cost, counted on the day a conversation started (UTC). Filters and the export share this URL&apos;s parameters.
        {loaded.data.source === "rollup" && loaded.data.asOf ? ` Totals include changes up to ${loaded.data.asOf.toISOString().slice(0, 16).replace("T", " ")} UTC (refreshed every minute).` : ""}
      </p>
    </Panel>
  );
}

import type { EnvironmentTarget } from "@/lib/environments/target";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { FlaggedSandboxes } from "@/components/sandboxes/flagged-sandboxes";
import { PoolCapacity } from "@/components/sandboxes/pool-capacity";
import { SandboxList } from "@/components/sandboxes/sandbox-list";
import { StateCountTiles } from "@/components/sandboxes/state-counts";
import { UserCountsTable } from "@/components/sandboxes/user-counts";
import { SANDBOX_RULES } from "@/lib/openhands/sandboxes/rules";
import { stopSandboxAction } from "./actions";
import { loadInventory } from "./sandboxes-data";

type SearchParams = Record<string, string | string[] | undefined>;

/** Plain string params for links (filters and pages stay in the URL). */
export function linkParams(params: SearchParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

export async function InventorySection({ target, params, canStop }: { target: EnvironmentTarget; params: SearchParams; canStop: boolean }) {
  const loaded = await loadInventory(target, params);
  if (!loaded.ok) return <Notice tone="error" title="Could not read the sandboxes">{loaded.reason}</Notice>;
  const { inventory, flagged, sandboxes, users, state } = loaded.data;
  const links = linkParams(params);
  const r = SANDBOX_RULES;
  return (
    <section aria-label="Live sandboxes" className="space-y-4">
      <AutoRefresh seconds={30} readAt={inventory.observedAt.toISOString()} what="Read from the cluster at" />
      {loaded.warning ? <Notice tone="warning">{loaded.warning}</Notice> : null}
      <StateCountTiles counts={inventory.counts} conversationsRead={inventory.conversationsRead} />
      <Panel title={`Flagged: stuck, orphaned or idle (${flagged.total})`}>
        <p className="mb-3 text-xs text-zinc-500">
          Stuck: Pending over {r.stuckPendingMinutes} min. Idle: conversation silent {r.idleMinutes} min (runtime-api pauses then). Orphaned: no conversation, or silent {r.orphanMinutes} min with the pod still here.
          {canStop ? " Idle and orphaned sandboxes can be stopped." : " Operators and admins can stop idle and orphaned sandboxes."}
        </p>
        <FlaggedSandboxes rows={flagged.rows} environment={target.environment.name} canStop={canStop} stop={stopSandboxAction} pager={{ label: "Flagged sandbox pages", params: links, param: "fpage", page: flagged.page, pages: flagged.pages, total: flagged.total, noun: "flagged" }} />
      </Panel>
      <Panel title="Requests and limits per node pool">
        <PoolCapacity pools={inventory.byPool} />
      </Panel>
      <Panel title="Sandboxes per user">
        <UserCountsTable rows={users.rows} pager={{ label: "User pages", params: links, param: "upage", page: users.page, pages: users.pages, total: users.total, noun: "users" }} />
      </Panel>
      <Panel title="Sandbox pods">
        <SandboxList rows={sandboxes.rows} state={state} params={links} pager={{ label: "Sandbox pages", params: links, param: "spage", page: sandboxes.page, pages: sandboxes.pages, total: sandboxes.total, noun: "pods" }} />
      </Panel>
    </section>
  );
}

export function SectionSkeleton({ what }: { what: string }) {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <p className="text-sm text-zinc-600">{what}</p>
      <div className="h-10 animate-pulse rounded-lg bg-zinc-200" />
      <div className="h-40 animate-pulse rounded-lg bg-zinc-200" />
    </div>
  );
}

import { formatSeconds } from "@/lib/openhands/db-health/report";
import type { DatabaseHealthItem } from "@/lib/openhands/db-health/types";
import { BackendsTable, type BackendActionProps } from "./backends-table";
import { ItemSection, pct } from "./item-section";
import { Table, td } from "@/components/ui/table";
import { Pager } from "./pager";

type ItemOf<K extends DatabaseHealthItem["key"]> = Extract<DatabaseHealthItem, { key: K }>;

export function ConnectionsSection({ item }: { item: ItemOf<"connections"> }) {
  const d = item.data;
  return (
    <ItemSection item={item}>
      {d ? (
        <div className="space-y-3">
          <div aria-label="Connections in use" className="h-2 w-full overflow-hidden rounded bg-zinc-100" title={pct(d.usedFraction)}>
            <div className="h-2 bg-blue-600" style={{ width: `${Math.min(100, d.usedFraction * 100)}%` }} />
          </div>
          <Table label="Connections by state" head={["state", "sessions"]}>
            {d.byState.map((s) => (
              <tr key={s.state}>
                <td className={td}>{s.state}</td>
                <td className={td}>{s.count}</td>
              </tr>
            ))}
          </Table>
          <p className="text-xs text-zinc-500">
            max_connections {d.maxConnections}, of which {d.reserved} are reserved for superusers (on Azure also the service&apos;s own); {d.available} are left for OpenHands and the console.
          </p>
        </div>
      ) : null}
    </ItemSection>
  );
}

export function LongQueriesSection({ item, actions, href }: { item: ItemOf<"long-queries">; actions: BackendActionProps; href: (page: number) => string }) {
  const d = item.data;
  return (
    <ItemSection item={item}>
      {d && d.page.rows.length > 0 ? (
        <>
          <BackendsTable label="Long-running queries" backends={d.page.rows} actions={actions} />
          <Pager label="Long-running queries" page={d.page} href={href} />
        </>
      ) : d ? (
        <p className="text-sm text-zinc-600">No session has been busy for {d.listAfterSeconds} s or more.</p>
      ) : null}
    </ItemSection>
  );
}

export function BlockingSection({ item, actions }: { item: ItemOf<"blocking">; actions: BackendActionProps }) {
  const d = item.data;
  if (!d || d.chains.length === 0) return <ItemSection item={item} />;
  return (
    <ItemSection item={item}>
      <ul aria-label="Blocking chains" className="mb-3 space-y-1 text-sm">
        {d.chains.map((c) => (
          <li key={c.path.join("-")} className="font-mono" data-chain={c.path.join(">")}>
            {c.path.map((pid, i) => (
              <span key={pid}>
                {i > 0 ? <span className="px-1 text-zinc-400">→</span> : null}
                <span className={i === 0 ? "font-semibold text-red-800" : ""}>{pid}</span>
              </span>
            ))}
            <span className="ml-2 font-sans text-xs text-zinc-500">
              {c.path[0]} holds the lock{c.path.length > 2 ? "s" : ""} the others wait on
            </span>
          </li>
        ))}
      </ul>
      <BackendsTable label="Sessions in blocking chains" backends={d.backends} actions={actions} blockedBy />
      {d.longestBlockedSeconds !== null ? <p className="mt-2 text-xs text-zinc-500">Longest wait: {formatSeconds(d.longestBlockedSeconds)}.</p> : null}
    </ItemSection>
  );
}

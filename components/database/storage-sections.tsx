import { formatBytes } from "@/lib/openhands/db-health/report";
import type { DatabaseHealthItem } from "@/lib/openhands/db-health/types";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { ItemSection, pct } from "./item-section";
import { Table, td } from "@/components/ui/table";
import { Pager } from "./pager";

type ItemOf<K extends DatabaseHealthItem["key"]> = Extract<DatabaseHealthItem, { key: K }>;
const n = (v: number) => Math.round(v).toLocaleString("en-US");

export function CacheSection({ item }: { item: ItemOf<"cache"> }) {
  return (
    <ItemSection item={item}>
      {item.data ? (
        <Table label="Cache hit ratio by database" head={["database", "hit ratio", "blocks from cache", "blocks read"]}>
          {item.data.databases.map((d) => (
            <tr key={d.name}>
              <td className={`${td} font-mono`}>{d.name}</td>
              <td className={td}>{pct(d.ratio, 2)}</td>
              <td className={td}>{n(d.hits)}</td>
              <td className={td}>{n(d.reads)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </ItemSection>
  );
}

export function WraparoundSection({ item }: { item: ItemOf<"wraparound"> }) {
  return (
    <ItemSection item={item}>
      {item.data ? (
        <Table label="Transaction-ID age by database" head={["database", "xid age", "multixact age", "of wraparound limit"]}>
          {item.data.databases.map((d) => (
            <tr key={d.name}>
              <td className={`${td} font-mono`}>{d.name}</td>
              <td className={td}>{n(d.xidAge)}</td>
              <td className={td}>{n(d.mxidAge)}</td>
              <td className={td}>{pct(d.fractionUsed, 2)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </ItemSection>
  );
}

export function DeadTuplesSection({ item, href }: { item: ItemOf<"dead-tuples">; href: (page: number) => string }) {
  const d = item.data;
  return (
    <ItemSection item={item}>
      {d ? (
        <>
          <Table label="Dead tuples by table" head={["table", "", "dead", "live", "dead %", "autovacuum trigger", "behind", "last autovacuum"]}>
            {d.page.rows.map((r) => (
              <tr key={`${r.schema}.${r.table}`} data-table={`${r.schema}.${r.table}`}>
                <td className={`${td} font-mono`}>
                  {r.schema}.{r.table}
                  {r.autovacuumEnabled ? null : <span className="ml-2 font-sans text-xs text-amber-800">autovacuum off</span>}
                </td>
                <td className={td}>
                  <VerdictBadge verdict={r.verdict} />
                </td>
                <td className={td}>{n(r.deadTuples)}</td>
                <td className={td}>{n(r.liveTuples)}</td>
                <td className={td}>{pct(r.deadRatio)}</td>
                <td className={td}>{n(r.autovacuumTrigger)}</td>
                <td className={td}>{r.autovacuumLag === null ? "—" : `${r.autovacuumLag.toFixed(1)}×`}</td>
                <td className={td}>{r.lastAutovacuum ?? "never"}</td>
              </tr>
            ))}
          </Table>
          <Pager label="Dead tuples" page={d.page} href={href} />
        </>
      ) : null}
    </ItemSection>
  );
}

export function SizesSection({ item }: { item: ItemOf<"sizes"> }) {
  return (
    <ItemSection item={item}>
      {item.data ? (
        <Table label="Database sizes" head={["database", "size"]}>
          {item.data.databases.map((d) => (
            <tr key={d.name}>
              <td className={`${td} font-mono`}>{d.name}</td>
              <td className={td}>{d.bytes === null ? "no permission to see" : formatBytes(d.bytes)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </ItemSection>
  );
}

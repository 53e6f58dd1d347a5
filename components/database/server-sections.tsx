import { DefinitionList } from "@/components/ui/definition-list";
import type { DatabaseHealthItem } from "@/lib/openhands/db-health/types";
import { ItemSection } from "./item-section";
import { Table, td } from "@/components/ui/table";

type ItemOf<K extends DatabaseHealthItem["key"]> = Extract<DatabaseHealthItem, { key: K }>;

export function ServerSection({ item }: { item: ItemOf<"server"> }) {
  const s = item.data;
  return (
    <ItemSection item={item}>
      {s ? (
        <DefinitionList
          items={[
            ["server", s.name],
            ["state", s.state ?? "—"],
            ["PostgreSQL version", s.version ?? "—"],
            ["compute", `${s.sku ?? "—"} (${s.tier ?? "—"})`],
            ["storage", s.storageSizeGB ? `${s.storageSizeGB} GB, autogrow ${s.storageAutoGrow ?? "—"}` : "—"],
            ["high availability", s.highAvailability.mode === "Disabled" ? "not configured" : `${s.highAvailability.mode}: ${s.highAvailability.state ?? "—"}`],
            ["zones", `primary ${s.availabilityZone ?? "—"}${s.highAvailability.standbyZone ? `, standby ${s.highAvailability.standbyZone}` : ""}`],
            ["backup retention", s.backup.retentionDays ? `${s.backup.retentionDays} days` : "—"],
            ["geo-redundant backup", s.backup.geoRedundant ?? "—"],
            ["earliest restore point", s.backup.earliestRestoreDate ?? "—"],
            ["replication role", s.replication.role ?? "—"],
            ["read replicas allowed", s.replication.capacity === null ? "—" : String(s.replication.capacity)],
          ]}
        />
      ) : null}
    </ItemSection>
  );
}

export function TopQueriesSection({ item }: { item: ItemOf<"top-queries"> }) {
  const d = item.data;
  if (!d) return <ItemSection item={item} />;
  if (!d.available) {
    return (
      <ItemSection item={item}>
        <div aria-label="How to enable pg_stat_statements" className="text-sm text-zinc-700">
          <p>{d.why} To see the statements that use the most time:</p>
          <ol className="mt-2 list-decimal space-y-1 pl-5">
            {d.howToEnable.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      </ItemSection>
    );
  }
  return (
    <ItemSection item={item}>
      {d.seesAllUsers ? null : <p className="mb-2 text-xs text-amber-800">The console&apos;s login sees only its own statements&apos; text (grant it pg_read_all_stats to see all).</p>}
      <Table label="Top queries by total time" head={["query", "user", "calls", "total", "mean", "rows"]}>
        {d.queries.map((q, i) => (
          <tr key={q.queryId ?? i}>
            <td className={td}>
              <code className="block max-w-xl text-xs break-all whitespace-pre-wrap">{q.query ?? "(no permission to see)"}</code>
            </td>
            <td className={`${td} font-mono`}>{q.user ?? "—"}</td>
            <td className={td}>{q.calls.toLocaleString("en-US")}</td>
            <td className={td}>{(q.totalMs / 1000).toFixed(1)} s</td>
            <td className={td}>{q.meanMs.toFixed(1)} ms</td>
            <td className={td}>{q.rows.toLocaleString("en-US")}</td>
          </tr>
        ))}
      </Table>
    </ItemSection>
  );
}

import Link from "next/link";
import { formatDuration } from "@/lib/openhands/sandboxes/classify";
import type { Sandbox, SandboxState } from "@/lib/openhands/sandboxes/types";
import { formatBytes, formatCpu, shortId } from "./format";
import { Pager, sandboxesHref } from "./page-links";
import { Table, num, td } from "@/components/ui/table";

export const STATE_FILTERS: (SandboxState | "all")[] = ["all", "running", "pending", "error", "terminating"];

/** Every sandbox pod, one page at a time, filterable by state (in the URL). */
export function SandboxList({ rows, state, params, pager }: { rows: Sandbox[]; state: string; params: Record<string, string | undefined>; pager: Parameters<typeof Pager>[0] }) {
  return (
    <>
      <nav aria-label="Filter sandboxes by state" className="mb-2 flex gap-3 text-xs">
        {STATE_FILTERS.map((s) => (
          <Link key={s} href={sandboxesHref(params, { state: s === "all" ? undefined : s, spage: undefined })} aria-current={state === s ? "page" : undefined} className={state === s ? "font-semibold text-zinc-900" : "text-blue-700"}>
            {s}
          </Link>
        ))}
      </nav>
      <Table label="Sandbox pods" head={["Sandbox", "User", "State", "Pool / node", "Age", "Idle", "Requests", "Limits"]}>
        {rows.map((s) => (
          <tr key={s.name}>
            <td className={`${td} font-mono text-xs`}>{s.name}</td>
            <td className={`${td} font-mono text-xs`} title={s.userId ?? ""}>
              {shortId(s.userId)}
            </td>
            <td className={td}>{s.detail}</td>
            <td className={td}>
              {s.pool}
              {s.node ? <span className="block text-xs text-zinc-500">{s.node}</span> : null}
            </td>
            <td className={td}>{formatDuration(s.ageMs)}</td>
            <td className={td}>{s.idleMs === null ? "—" : formatDuration(s.idleMs)}</td>
            <td className={num}>
              {formatCpu(s.cpuRequestMillis)} / {formatBytes(s.memoryRequestBytes)}
            </td>
            <td className={num}>
              {s.cpuLimitMillis ? formatCpu(s.cpuLimitMillis) : "—"} / {s.memoryLimitBytes ? formatBytes(s.memoryLimitBytes) : "—"}
            </td>
          </tr>
        ))}
      </Table>
      <Pager {...pager} />
    </>
  );
}

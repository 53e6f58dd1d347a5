import type { UserCounts } from "@/lib/openhands/sandboxes/types";
import { Pager } from "./page-links";
import { Table, num, td } from "@/components/ui/table";

export function UserCountsTable({ rows, pager }: { rows: UserCounts[]; pager: Parameters<typeof Pager>[0] }) {
  return (
    <>
      <Table label="Sandboxes per user" head={["User", "Running", "Pending", "Paused", "Error", "Total"]}>
        {rows.map((u) => (
          <tr key={u.userId}>
            <td className={`${td} font-mono text-xs`}>{u.userId}</td>
            <td className={num}>{u.running}</td>
            <td className={num}>{u.pending}</td>
            <td className={num}>{u.paused}</td>
            <td className={num}>{u.error}</td>
            <td className={num}>{u.total}</td>
          </tr>
        ))}
      </Table>
      <Pager {...pager} />
    </>
  );
}

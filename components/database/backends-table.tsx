import { formatSeconds } from "@/lib/openhands/db-health/report";
import type { Backend } from "@/lib/openhands/db-health/types";
import { BackendActions, type BackendAction } from "./backend-actions";
import { Table, td } from "@/components/ui/table";

export interface BackendActionProps {
  env: string;
  canCancel: boolean;
  canTerminate: boolean;
  cancel: BackendAction;
  terminate: BackendAction;
}

/** Sessions with what they do and for how long; actions for roles that may use them. */
export function BackendsTable({ label, backends, actions, blockedBy }: { label: string; backends: Backend[]; actions: BackendActionProps; blockedBy?: boolean }) {
  const withActions = actions.canCancel || actions.canTerminate;
  const head = ["pid", "user / application / database", "state", "waiting on", "for", "query", ...(blockedBy ? ["blocked by"] : []), ...(withActions ? [""] : [])];
  return (
    <Table label={label} head={head}>
      {backends.map((b) => (
        <tr key={b.pid} data-pid={b.pid}>
          <td className={`${td} font-mono`}>{b.pid}</td>
          <td className={td}>
            <span className="font-mono">{b.user ?? "—"}</span>
            {b.application ? <span className="block text-xs text-zinc-500">{b.application}</span> : null}
            {b.database ? <span className="block text-xs text-zinc-500">db {b.database}</span> : null}
          </td>
          <td className={td}>{b.state ?? "—"}</td>
          <td className={td}>{b.waitEventType ? `${b.waitEventType}: ${b.waitEvent ?? "?"}` : "—"}</td>
          <td className={`${td} whitespace-nowrap`}>{formatSeconds(b.seconds)}</td>
          <td className={td}>
            <code className="block max-w-xl text-xs break-all whitespace-pre-wrap text-zinc-800">{b.query ?? "—"}</code>
          </td>
          {blockedBy ? <td className={`${td} font-mono`}>{b.blockedBy.length > 0 ? b.blockedBy.join(", ") : "—"}</td> : null}
          {withActions ? (
            <td className={td}>
              <BackendActions env={actions.env} backend={b} canCancel={actions.canCancel} canTerminate={actions.canTerminate} cancel={actions.cancel} terminate={actions.terminate} />
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

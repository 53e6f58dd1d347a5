import { Badge } from "@/components/ui/badge";
import { formatDuration, stopReason } from "@/lib/openhands/sandboxes/classify";
import type { Sandbox } from "@/lib/openhands/sandboxes/types";
import type { ActionResult } from "@/lib/auth/action";
import { StopSandboxButton } from "./stop-sandbox-button";
import { shortId } from "./format";
import { Pager } from "./page-links";
import { Table, td } from "@/components/ui/table";

const TONE = { stuck: "warning", orphaned: "danger", idle: "neutral" } as const;

export function FlaggedSandboxes({
  rows,
  environment,
  canStop,
  stop,
  pager,
}: {
  rows: Sandbox[];
  environment: string;
  canStop: boolean;
  stop: (raw: unknown) => Promise<ActionResult<{ message: string }>>;
  pager: Parameters<typeof Pager>[0];
}) {
  if (pager.total === 0) return <p className="text-sm text-zinc-600">Nothing is stuck, orphaned or idle.</p>;
  return (
    <>
      <Table label="Flagged sandboxes" head={["Sandbox", "User", "State", "Age", "Idle", "Why", ""]}>
        {rows.map((s) => {
          const reason = stopReason(s);
          return (
            <tr key={s.name} data-pod={s.name}>
              <td className={`${td} font-mono text-xs`}>{s.name}</td>
              <td className={`${td} font-mono text-xs`} title={s.userId ?? ""}>
                {shortId(s.userId)}
              </td>
              <td className={td}>{s.detail}</td>
              <td className={td}>{formatDuration(s.ageMs)}</td>
              <td className={td}>{s.idleMs === null ? "—" : formatDuration(s.idleMs)}</td>
              <td className={td}>
                {s.flags.map((f) => (
                  <p key={f.kind} className="mb-1">
                    <Badge tone={TONE[f.kind]}>{f.kind}</Badge> <span className="text-xs text-zinc-700">{f.why}</span>
                  </p>
                ))}
              </td>
              <td className={td}>
                {canStop && reason ? (
                  <StopSandboxButton action={stop} target={{ environment, pod: s.name, user: s.userId ?? "(none)", age: formatDuration(s.ageMs), kind: reason.kind, why: reason.why }} />
                ) : null}
              </td>
            </tr>
          );
        })}
      </Table>
      <Pager {...pager} />
    </>
  );
}

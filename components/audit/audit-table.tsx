import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AuditTargetName } from "@/lib/store/audit-targets";
import { describeChanges, formatUtc } from "./audit-filters";
import { describeAuditTarget } from "./audit-target";

export interface AuditRowView {
  id: string;
  occurredAt: Date;
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  changes: unknown;
  outcome: "success" | "failure" | "denied";
  requestId: string;
  detail: string | null;
}

const OUTCOME_TONE: Record<AuditRowView["outcome"], BadgeTone> = { success: "success", failure: "danger", denied: "warning" };

function TargetCell({ target, names }: { target: string; names: ReadonlyMap<string, AuditTargetName> }) {
  const t = describeAuditTarget(target, names);
  const label = t.href ? <Link href={t.href} className="text-blue-800 hover:underline">{t.label}</Link> : <span>{t.label}</span>;
  return (
    <>
      {label}
      {t.label !== t.raw ? <span className="block font-mono text-[11px] text-zinc-500">{t.raw}</span> : null}
    </>
  );
}

export function AuditTable({ rows, targetNames = new Map() }: { rows: AuditRowView[]; targetNames?: ReadonlyMap<string, AuditTargetName> }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-semibold tracking-wide text-zinc-600 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2 whitespace-nowrap">Time</th>
            <th scope="col" className="px-3 py-2">Actor</th>
            <th scope="col" className="px-3 py-2">Action</th>
            <th scope="col" className="px-3 py-2">Target</th>
            <th scope="col" className="px-3 py-2">Outcome</th>
            <th scope="col" className="px-3 py-2">Changes</th>
            <th scope="col" className="px-3 py-2 whitespace-nowrap">Request id</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 align-top">
          {rows.map((row) => {
            const changes = describeChanges(row.changes);
            return (
              <tr key={row.id}>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-zinc-700">
                  <time dateTime={row.occurredAt.toISOString()}>{formatUtc(row.occurredAt)}</time>
                </td>
                <td className="px-3 py-2">
                  <span className="text-zinc-900">{row.actorName}</span>
                  <span className="block font-mono text-[11px] text-zinc-500">{row.actorId}</span>
                </td>
                <td className="px-3 py-2 font-mono text-xs text-zinc-900">{row.action}</td>
                <td className="max-w-xs px-3 py-2 break-all text-zinc-700" data-target={row.target}>
                  <TargetCell target={row.target} names={targetNames} />
                </td>
                <td className="px-3 py-2">
                  <Badge tone={OUTCOME_TONE[row.outcome]}>{row.outcome}</Badge>
                  {row.detail ? <span className="mt-1 block max-w-xs text-xs text-zinc-500">{row.detail}</span> : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs text-zinc-700">
                  {changes.length === 0 ? <span className="text-zinc-400">—</span> : (
                    <ul className="space-y-0.5">
                      {changes.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="px-3 py-2 font-mono text-[11px] whitespace-nowrap text-zinc-500">{row.requestId}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

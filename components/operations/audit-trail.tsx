/** The audit trail of an operation: who did what, when, with what outcome (oldest first). */
import { Badge } from "@/components/ui/badge";
import { formatUtc } from "@/lib/display-format";

export interface TrailEntry {
  id: string;
  occurredAt: Date;
  actorName: string;
  actorId: string;
  action: string;
  outcome: string;
  detail: string | null;
}

const OUTCOME_TONE = { success: "success", failure: "danger", denied: "warning" } as const;

export function AuditTrail({ trail }: { trail: TrailEntry[] }) {
  if (trail.length === 0) return <p className="text-sm text-zinc-600">No audit events yet.</p>;
  return (
    <ol className="space-y-1 text-sm" aria-label="Audit trail">
      {trail.map((e) => (
        <li key={e.id} className="flex flex-wrap items-baseline gap-2" data-action={e.action} data-outcome={e.outcome}>
          <time className="font-mono text-xs text-zinc-500" dateTime={e.occurredAt.toISOString()}>
            {formatUtc(e.occurredAt, "second")}
          </time>
          <span className="font-medium" title={e.actorId}>{e.actorName || e.actorId}</span>
          <code className="text-xs">{e.action}</code>
          <Badge tone={OUTCOME_TONE[e.outcome as keyof typeof OUTCOME_TONE] ?? "neutral"}>{e.outcome}</Badge>
          {e.detail ? <span className="text-zinc-500">— {e.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}

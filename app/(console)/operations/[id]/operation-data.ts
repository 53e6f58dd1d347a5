/**
 * Server-side reads of the operation page: the setup draft that started the operation (its
 * OpenHands URL), and the audit trail — events about the operation and its draft, plus events
 * about its environment while it ran (e.g. a refused second run) — oldest first.
 */
import { listAuditEvents, type AuditEvent } from "@/lib/store/audit";
import type { Queryable } from "@/lib/store/db";
import type { Environment } from "@/lib/store/environments";
import type { Operation } from "@/lib/store/operations";
import { getDraftByOperation, type SetupDraft } from "@/lib/store/setup-drafts";

export type AuditTrailEntry = Pick<AuditEvent, "id" | "occurredAt" | "actorName" | "actorId" | "action" | "outcome" | "target" | "detail">;

const TRAIL_LIMIT = 200;

export async function operationAuditTrail(db: Queryable, op: Operation, draftId: string | undefined): Promise<AuditTrailEntry[]> {
  const own = await listAuditEvents(db, { targets: [`operation/${op.id}`, ...(draftId ? [`setup-draft/${draftId}`] : [])], page: 1, pageSize: TRAIL_LIMIT });
  const during = await listAuditEvents(db, {
    targets: [`environment/${op.environmentId}`],
    from: op.createdAt,
    ...(op.finishedAt ? { to: new Date(op.finishedAt.getTime() + 1000) } : {}),
    page: 1,
    pageSize: TRAIL_LIMIT,
  });
  const byId = new Map([...own.rows, ...during.rows].map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(a.id) - Number(b.id));
}

/** The OpenHands URL the setup configured: http when the admin chose no TLS. */
export function openhandsUrl(draft: SetupDraft | null, env: Environment | null): string | undefined {
  const oh = draft?.data.openhands;
  const host = typeof oh?.host === "string" ? oh.host : typeof env?.settings.host === "string" ? env.settings.host : undefined;
  if (!host) return undefined;
  const tls = oh?.tls as { mode?: unknown } | undefined;
  return `${tls?.mode === "none" ? "http" : "https"}://${host}`;
}

/** `withTrail`: the viewer may read the audit log (`audit.read`); otherwise the trail stays empty. */
export async function operationSetup(db: Queryable, op: Operation, env: Environment | null, withTrail: boolean) {
  const draft = op.kind === "setup" ? await getDraftByOperation(db, op.id) : null;
  return { draft, url: openhandsUrl(draft, env), trail: withTrail ? await operationAuditTrail(db, op, draft?.id) : [] };
}

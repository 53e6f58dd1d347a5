/** Server-side reads of the operation page: the environment and the audit trail of the operation. */
import { z } from "zod";
import type { Queryable } from "@/lib/store/db";

const auditRow = z.object({ occurred_at: z.date(), actor_name: z.string(), action: z.string(), outcome: z.string(), target: z.string(), detail: z.string().nullable() });
export type AuditTrailEntry = z.infer<typeof auditRow>;

/** Audit events about the operation and the setup draft that started it, oldest first. */
export async function operationAuditTrail(db: Queryable, operationId: string, draftId: string | undefined): Promise<AuditTrailEntry[]> {
  const targets = [`operation/${operationId}`, ...(draftId ? [`setup-draft/${draftId}`] : [])];
  const res = await db.query(
    "SELECT occurred_at, actor_name, action, outcome, target, detail FROM audit_events WHERE target = ANY($1::text[]) ORDER BY occurred_at, id LIMIT 200",
    [targets],
  );
  return res.rows.map((r) => auditRow.parse(r));
}

/**
 * Names for the GUIDs audit targets carry (`environment/<id>`, `operation/<id>`,
 * `setup-draft/<id>`): a page of audit rows is read by people, who know environments by name.
 * One query per kind for the ids on the page; ids that no longer resolve simply stay unnamed.
 */
import type { Queryable } from "./db";

export interface AuditTargetName {
  /** The environment's name (or the name a draft chose), null when none is known. */
  environment: string | null;
  /** Operations: their kind ("setup", "console-move"). */
  kind?: string;
  /** Setup drafts: the operation that ran them, for a link. */
  operationId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function idsOf(targets: string[], prefix: string): string[] {
  return [...new Set(targets.filter((t) => t.startsWith(`${prefix}/`)).map((t) => t.slice(prefix.length + 1)).filter((id) => UUID.test(id)))];
}

export async function auditTargetNames(db: Queryable, targets: string[]): Promise<Map<string, AuditTargetName>> {
  const out = new Map<string, AuditTargetName>();
  const environments = idsOf(targets, "environment");
  const operations = idsOf(targets, "operation");
  const drafts = idsOf(targets, "setup-draft");
  const [e, o, d] = await Promise.all([
    environments.length ? db.query<{ id: string; name: string }>("SELECT id, name FROM environments WHERE id = ANY($1::uuid[])", [environments]) : null,
    operations.length
      ? db.query<{ id: string; kind: string; name: string }>("SELECT o.id, o.kind, e.name FROM operations o JOIN environments e ON e.id = o.environment_id WHERE o.id = ANY($1::uuid[])", [operations])
      : null,
    drafts.length
      ? db.query<{ id: string; name: string | null; operation_id: string | null }>(
          "SELECT d.id, COALESCE(e.name, d.data->'environment'->>'name') AS name, d.operation_id FROM setup_drafts d LEFT JOIN environments e ON e.id = d.environment_id WHERE d.id = ANY($1::uuid[])",
          [drafts],
        )
      : null,
  ]);
  for (const r of e?.rows ?? []) out.set(`environment/${r.id}`, { environment: r.name });
  for (const r of o?.rows ?? []) out.set(`operation/${r.id}`, { environment: r.name, kind: r.kind });
  for (const r of d?.rows ?? []) out.set(`setup-draft/${r.id}`, { environment: r.name, ...(r.operation_id ? { operationId: r.operation_id } : {}) });
  return out;
}

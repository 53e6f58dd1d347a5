/**
 * The audit log: who did what to which target, with the change set and the outcome. Rows are
 * append-only (a trigger refuses UPDATE/DELETE/TRUNCATE; this module has no such functions) and
 * secrets are redacted before anything is written.
 */
import { z } from "zod";
import type { Queryable } from "./db";
import { StoreValidationError } from "./errors";
import { redactSecrets, redactString } from "./redact";

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type ChangeSet = Record<string, { old?: unknown; new?: unknown }>;

export interface AuditEventInput {
  actorId: string;
  actorName: string;
  /** Dotted, lower-case first: `environment.create`, `aks.upgrade.start`. */
  action: string;
  /** What was acted on: `environment/prod`, `operation/<id>`. */
  target: string;
  changes?: ChangeSet;
  outcome: AuditOutcome;
  requestId: string;
  detail?: string;
}

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  changes: ChangeSet | null;
  outcome: AuditOutcome;
  requestId: string;
  detail: string | null;
}

export interface AuditFilter {
  /** Part of the actor's id or name, any case. */
  actor?: string;
  /** Action prefix: "environment." matches every environment action. */
  action?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** Exact targets, any of them: `["operation/<id>", "setup-draft/<id>"]` (an operation's audit trail). */
  targets?: string[];
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface AuditPage {
  rows: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

const ACTION = /^[a-z][a-zA-Z0-9_-]*(\.[a-z][a-zA-Z0-9_-]*)*$/;

const inputSchema = z.object({
  actorId: z.string().trim().min(1, "actorId is required").max(200),
  actorName: z.string().max(300),
  action: z.string().max(100).regex(ACTION, "action must look like environment.create"),
  target: z.string().min(1, "target is required").max(500),
  changes: z.record(z.string(), z.object({ old: z.unknown().optional(), new: z.unknown().optional() })).optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  requestId: z.string().min(1, "requestId is required").max(200),
  detail: z.string().max(4000).optional(),
});

const filterSchema = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  targets: z.array(z.string().min(1).max(500)).max(50, "at most 50 targets").optional(),
  page: z.number().int().min(1, "page starts at 1").max(100_000),
  pageSize: z.number().int().min(1).max(500, "pageSize is at most 500"),
});

const rowSchema = z.object({
  id: z.string(),
  occurred_at: z.date(),
  actor_id: z.string(),
  actor_name: z.string(),
  action: z.string(),
  target: z.string(),
  changes: z.record(z.string(), z.object({ old: z.unknown().optional(), new: z.unknown().optional() })).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  request_id: z.string(),
  detail: z.string().nullable(),
});

function toEvent(row: unknown): AuditEvent {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    target: r.target,
    changes: r.changes,
    outcome: r.outcome,
    requestId: r.request_id,
    detail: r.detail,
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StoreValidationError(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`));
  }
  return parsed.data;
}

/** Fields whose value did not change are noise; an empty change set is stored as null. */
function meaningfulChanges(changes: ChangeSet | undefined): ChangeSet | null {
  if (!changes) return null;
  const kept = Object.entries(changes).filter(([, c]) => JSON.stringify(c.old) !== JSON.stringify(c.new));
  return kept.length > 0 ? redactSecrets(Object.fromEntries(kept)) : null;
}

const COLUMNS = "id::text AS id, occurred_at, actor_id, actor_name, action, target, changes, outcome, request_id, detail";

export async function recordAuditEvent(db: Queryable, e: AuditEventInput): Promise<AuditEvent> {
  const input = parseOrThrow(inputSchema, e);
  const changes = meaningfulChanges(input.changes);
  const res = await db.query(
    `INSERT INTO audit_events (actor_id, actor_name, action, target, changes, outcome, request_id, detail)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
     RETURNING ${COLUMNS}`,
    [
      input.actorId,
      input.actorName,
      input.action,
      redactString(input.target),
      changes === null ? null : JSON.stringify(changes),
      input.outcome,
      input.requestId,
      input.detail === undefined ? null : redactString(input.detail),
    ],
  );
  return toEvent(res.rows[0]);
}

/** LIKE treats % and _ as wildcards; a user typing them means the characters. */
function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listAuditEvents(db: Queryable, filter: AuditFilter): Promise<AuditPage> {
  const f = parseOrThrow(filterSchema, filter);
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.actor) {
    // lower() in SQL, not in JS, so pattern and column are lowered by the same rules.
    where.push(`actor_search LIKE lower(${param(`%${likeLiteral(f.actor)}%`)})`);
  }
  if (f.action) where.push(`action LIKE ${param(`${likeLiteral(f.action)}%`)}`);
  if (f.from) where.push(`occurred_at >= ${param(f.from)}`);
  if (f.to) where.push(`occurred_at < ${param(f.to)}`);
  if (f.targets) where.push(`target = ANY(${param(f.targets)}::text[])`);
  const whereSql = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";

  const total = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_events ${whereSql}`, params);
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM audit_events ${whereSql}
     ORDER BY occurred_at DESC, id DESC
     LIMIT ${param(f.pageSize)} OFFSET ${param((f.page - 1) * f.pageSize)}`,
    params,
  );
  return { rows: rows.rows.map(toEvent), total: total.rows[0]?.total ?? 0, page: f.page, pageSize: f.pageSize };
}

/** Distinct actions for the filter dropdown: a skip scan, cheap however long the log grows. */
export async function listAuditActions(db: Queryable): Promise<string[]> {
  const res = await db.query<{ action: string }>(
    `WITH RECURSIVE seen(action) AS (
       (SELECT action FROM audit_events ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT a.action FROM audit_events a WHERE a.action > seen.action ORDER BY a.action LIMIT 1)
       FROM seen WHERE seen.action IS NOT NULL
     )
     SELECT action FROM seen WHERE action IS NOT NULL`,
  );
  return res.rows.map((r) => r.action);
}

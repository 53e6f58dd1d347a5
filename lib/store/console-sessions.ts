/**
 * Server-side console sessions (migration 0006). Rows are found by the SHA-256 of the cookie's
 * secret, never by the secret itself; the `id` uuid is the admin's handle and is not a
 * credential. Times come from the caller's clock (`now`) so every rule is testable and one
 * request judges with one instant. No cache: each lookup reads the row, so an ended session is
 * refused by every replica at once.
 */
import { z } from "zod";
import type { Queryable } from "./db";

export const SESSION_END_REASONS = ["signed_out", "ended_by_admin"] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface ConsoleSessionPrincipal {
  oid: string;
  tid: string;
  name: string;
  username: string;
  roles: string[];
}

export interface ConsoleSessionRow extends ConsoleSessionPrincipal {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  tokenExpiresAt: Date;
  absoluteExpiresAt: Date;
  endedAt: Date | null;
  endedBy: string | null;
  endReason: SessionEndReason | null;
  userAgent: string | null;
  ipAddress: string | null;
}

export interface NewConsoleSession {
  tokenHash: string;
  principal: ConsoleSessionPrincipal;
  tokenExpiresAt: Date;
  absoluteExpiresAt: Date;
  userAgent?: string;
  ipAddress?: string;
  now: Date;
}

const rowSchema = z.object({
  id: z.string(),
  user_oid: z.string(),
  tenant_id: z.string(),
  user_name: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  created_at: z.date(),
  last_seen_at: z.date(),
  token_expires_at: z.date(),
  absolute_expires_at: z.date(),
  ended_at: z.date().nullable(),
  ended_by: z.string().nullable(),
  end_reason: z.enum(SESSION_END_REASONS).nullable(),
  user_agent: z.string().nullable(),
  ip_address: z.string().nullable(),
});

const COLUMNS = "id::text, user_oid, tenant_id, user_name, username, roles, created_at, last_seen_at, token_expires_at, absolute_expires_at, ended_at, ended_by, end_reason, user_agent, ip_address";

function toSession(row: unknown): ConsoleSessionRow {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    oid: r.user_oid,
    tid: r.tenant_id,
    name: r.user_name,
    username: r.username,
    roles: r.roles,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    tokenExpiresAt: r.token_expires_at,
    absoluteExpiresAt: r.absolute_expires_at,
    endedAt: r.ended_at,
    endedBy: r.ended_by,
    endReason: r.end_reason,
    userAgent: r.user_agent,
    ipAddress: r.ip_address,
  };
}

/** Rows past their absolute expiry are kept this long (an old cookie still says "expired"), then dropped. */
const KEEP_ENDED_MS = 7 * 24 * 3_600_000;

export async function createConsoleSession(q: Queryable, s: NewConsoleSession): Promise<ConsoleSessionRow> {
  // Opportunistic clean-up on sign-in keeps the table small without a scheduler.
  await q.query("DELETE FROM console_sessions WHERE absolute_expires_at < $1", [new Date(s.now.getTime() - KEEP_ENDED_MS)]);
  const res = await q.query(
    `INSERT INTO console_sessions (token_hash, user_oid, tenant_id, user_name, username, roles, created_at, last_seen_at, token_expires_at, absolute_expires_at, user_agent, ip_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [s.tokenHash, s.principal.oid, s.principal.tid, s.principal.name, s.principal.username, s.principal.roles, s.now, s.tokenExpiresAt, s.absoluteExpiresAt, clip(s.userAgent, 300), clip(s.ipAddress, 64)],
  );
  return toSession(res.rows[0]);
}

export async function findConsoleSession(q: Queryable, tokenHash: string): Promise<ConsoleSessionRow | undefined> {
  const res = await q.query(`SELECT ${COLUMNS} FROM console_sessions WHERE token_hash = $1`, [tokenHash]);
  return res.rows[0] ? toSession(res.rows[0]) : undefined;
}

/** Records activity (throttled by the caller); an ended session stays ended. */
export async function touchConsoleSession(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE console_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL AND last_seen_at < $2", [id, now]);
}

/** Renewal: the IdP's fresh word on the principal (roles may have changed); the absolute expiry stays. */
export async function renewConsoleSession(q: Queryable, id: string, principal: ConsoleSessionPrincipal, tokenExpiresAt: Date, now: Date): Promise<ConsoleSessionRow | undefined> {
  const res = await q.query(
    `UPDATE console_sessions SET user_name = $2, username = $3, roles = $4, token_expires_at = $5
      WHERE id = $1 AND user_oid = $6 AND ended_at IS NULL AND absolute_expires_at > $7 RETURNING ${COLUMNS}`,
    [id, principal.name, principal.username, principal.roles, tokenExpiresAt, principal.oid, now],
  );
  return res.rows[0] ? toSession(res.rows[0]) : undefined;
}

/** Ends one session; undefined when it does not exist or had already ended. */
/** `userOid` with an id: the admin list names the user, so a stale list cannot end someone else's. */
export async function endConsoleSession(q: Queryable, ref: { id: string; userOid?: string } | { tokenHash: string }, endedBy: string, reason: SessionEndReason, now: Date): Promise<ConsoleSessionRow | undefined> {
  const [where, params] = "id" in ref ? ["id = $4::uuid AND ($5::text IS NULL OR user_oid = $5)", [ref.id, ref.userOid ?? null]] : ["token_hash = $4", [ref.tokenHash]];
  const res = await q.query(
    `UPDATE console_sessions SET ended_at = $1, ended_by = $2, end_reason = $3 WHERE ${where} AND ended_at IS NULL RETURNING ${COLUMNS}`,
    [now, endedBy, reason, ...params],
  );
  return res.rows[0] ? toSession(res.rows[0]) : undefined;
}

/** Ends every open session of one user (an admin's "End all for this user"): how many, and the user's name. */
export async function endUserConsoleSessions(q: Queryable, userOid: string, endedBy: string, now: Date): Promise<{ ended: number; user: string }> {
  const res = await q.query<{ username: string }>(
    "UPDATE console_sessions SET ended_at = $2, ended_by = $3, end_reason = 'ended_by_admin' WHERE user_oid = $1 AND ended_at IS NULL RETURNING username",
    [userOid, now, endedBy],
  );
  return { ended: res.rowCount ?? 0, user: res.rows.find((r) => r.username)?.username ?? userOid };
}

/** Sessions neither ended nor past their absolute or idle expiry, newest first. */
export async function listActiveConsoleSessions(q: Queryable, now: Date, idleMs: number): Promise<ConsoleSessionRow[]> {
  const res = await q.query(
    `SELECT ${COLUMNS} FROM console_sessions
      WHERE ended_at IS NULL AND absolute_expires_at > $1 AND last_seen_at > $2
      ORDER BY user_name, created_at DESC LIMIT 500`,
    [now, new Date(now.getTime() - idleMs)],
  );
  return res.rows.map(toSession);
}

function clip(value: string | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}

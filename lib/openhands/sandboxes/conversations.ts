/**
 * Reads of OpenHands' `conversation_metadata` for the live inventory. We do not own that schema,
 * so every query uses an index it already has: the primary key (conversation_id = ANY) for the
 * pods' sessions, and ix_conversation_metadata_created_at for the paused window. Read only,
 * with a statement timeout so a slow database cannot hang the page.
 */
import type pg from "pg";
import { z } from "zod";
import type { ConversationRow } from "./types";

/** Anything with pg's query (Pool or Client). */
export type Queryable = Pick<pg.Pool, "query">;

/** The live inventory's reads are point lookups and one indexed count: 5 s is generous. */
export const INVENTORY_TIMEOUT_MS = 5000;
/** Usage aggregates over long ranges scan many rows; past this the page says so instead of waiting. */
export const USAGE_TIMEOUT_MS = 15_000;

const rowSchema = z.object({
  conversation_id: z.string(),
  user_id: z.string(),
  created_at: z.date(),
  last_updated_at: z.date(),
  llm_model: z.string().nullable(),
  accumulated_cost: z.coerce.number().nullable(),
  title: z.string().nullable(),
});

/** Runs one read-only statement with a timeout, in its own transaction (SET LOCAL dies with it). */
export async function readOnly<R extends pg.QueryResultRow>(db: Queryable | pg.Pool, sql: string, params: unknown[], timeoutMs = INVENTORY_TIMEOUT_MS): Promise<R[]> {
  const pool = db as pg.Pool;
  if (typeof pool.connect !== "function") return (await db.query<R>(sql, params)).rows;
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
    const r = await client.query<R>(sql, params);
    await client.query("COMMIT");
    return r.rows;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** The conversation rows of these sessions (primary-key lookups), by conversation id. */
export async function conversationsByIds(db: Queryable, ids: string[]): Promise<Map<string, ConversationRow>> {
  const out = new Map<string, ConversationRow>();
  if (ids.length === 0) return out;
  const rows = await readOnly(db, `SELECT conversation_id, user_id, created_at, last_updated_at, llm_model, accumulated_cost, title FROM conversation_metadata WHERE conversation_id = ANY($1::varchar[])`, [ids]);
  for (const raw of rows) {
    const r = rowSchema.parse(raw);
    out.set(r.conversation_id, { conversationId: r.conversation_id, userId: r.user_id, createdAt: r.created_at, lastUpdatedAt: r.last_updated_at, llmModel: r.llm_model, accumulatedCost: r.accumulated_cost ?? 0, title: r.title });
  }
  return out;
}

/**
 * Conversations per user started inside the paused window (runtime-api paused their sandboxes
 * when idle; resuming starts a new pod). Counted in the database over the created_at index; the
 * caller subtracts the ones that still have a pod — far cheaper than excluding 5,000 ids per row.
 */
export async function windowConversationsByUser(db: Queryable, since: Date): Promise<Map<string, number>> {
  const rows = await readOnly<{ user_id: string; n: string }>(db, `SELECT user_id, count(*) AS n FROM conversation_metadata WHERE created_at >= $1 GROUP BY user_id`, [since]);
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/** Paused per user: the window's conversations minus those whose sandbox still has a pod. */
export function pausedByUser(windowCounts: Map<string, number>, withPods: Iterable<ConversationRow>, since: Date): Map<string, number> {
  const out = new Map(windowCounts);
  for (const c of withPods) {
    if (c.createdAt < since) continue;
    const n = (out.get(c.userId) ?? 0) - 1;
    if (n > 0) out.set(c.userId, n);
    else out.delete(c.userId);
  }
  return out;
}

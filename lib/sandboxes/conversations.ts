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

const STATEMENT_TIMEOUT_MS = 5000;

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
export async function readOnly<R extends pg.QueryResultRow>(db: Queryable | pg.Pool, sql: string, params: unknown[]): Promise<R[]> {
  const pool = db as pg.Pool;
  if (typeof pool.connect !== "function") return (await db.query<R>(sql, params)).rows;
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
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
 * Paused sandboxes per user: conversations started inside the window whose sandbox has no pod
 * (runtime-api paused it when idle; resuming starts a new pod). Counted in the database, not
 * fetched: the window may hold hundreds of thousands of rows.
 */
export async function pausedByUser(db: Queryable, since: Date, withPods: string[]): Promise<Map<string, number>> {
  const rows = await readOnly<{ user_id: string; n: string }>(
    db,
    `SELECT user_id, count(*) AS n FROM conversation_metadata WHERE created_at >= $1 AND NOT (conversation_id = ANY($2::varchar[])) GROUP BY user_id`,
    [since, withPods],
  );
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

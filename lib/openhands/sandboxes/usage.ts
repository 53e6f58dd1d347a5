/**
 * Usage and cost from OpenHands' `conversation_metadata`, aggregated in the database and paged
 * there: per user, per model, per day, and conversation by conversation. The time filter is on
 * `created_at` (ix_conversation_metadata_created_at) and the user filter on `user_id`
 * (ix_conversation_metadata_user_id) — both indexes OpenHands' migrations create, so we add none.
 * Spend is attributed to the day a conversation started (`accumulated_cost` is a running total;
 * `conversation_cost_events` would spread it over days but only newer OpenHands versions write it).
 */
import { readOnly as read, USAGE_TIMEOUT_MS, type Queryable } from "./conversations";
import { USAGE_PAGE_SIZE, type UsageFilters, type UsageGroup } from "./usage-filters";

export interface UsageTotals {
  conversations: number;
  users: number;
  cost: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface UsageGroupRow extends UsageTotals {
  /** user id, model, or day (YYYY-MM-DD) */
  key: string;
  lastActivityAt: Date | null;
}

export interface ConversationUsageRow {
  conversationId: string;
  userId: string;
  model: string | null;
  title: string | null;
  createdAt: Date;
  lastUpdatedAt: Date;
  cost: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface UsagePage<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** WHERE clause and parameters shared by every usage query. */
export function usageWhere(f: Pick<UsageFilters, "from" | "to" | "user" | "model">): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.from, f.to];
  const where = ["created_at >= $1", "created_at < $2"];
  if (f.user) {
    params.push(f.user);
    where.push(`user_id = $${params.length}`);
  }
  if (f.model) {
    params.push(f.model);
    where.push(`llm_model = $${params.length}`);
  }
  return { sql: where.join(" AND "), params };
}

function readOnly<R extends import("pg").QueryResultRow>(db: Queryable, sql: string, params: unknown[]): Promise<R[]> {
  return read<R>(db, sql, params, USAGE_TIMEOUT_MS);
}

const KEY: Record<Exclude<UsageGroup, "conversation">, string> = {
  user: "user_id",
  model: "coalesce(llm_model, '(none)')",
  day: "to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
};

// count(DISTINCT user_id) sorts every row: only where a users figure is shown (totals, per model).
const SUMS = `count(*) AS conversations, coalesce(sum(accumulated_cost), 0) AS cost,
  coalesce(sum(prompt_tokens), 0) AS prompt_tokens, coalesce(sum(completion_tokens), 0) AS completion_tokens, coalesce(sum(total_tokens), 0) AS total_tokens`;

const USERS = "count(DISTINCT user_id) AS users";

interface SumRow {
  conversations: string;
  users?: string;
  cost: string | number;
  prompt_tokens: string;
  completion_tokens: string;
  total_tokens: string;
}

function totalsOf(r: SumRow | undefined): UsageTotals {
  return {
    conversations: Number(r?.conversations ?? 0),
    users: Number(r?.users ?? 0),
    cost: Number(r?.cost ?? 0),
    promptTokens: Number(r?.prompt_tokens ?? 0),
    completionTokens: Number(r?.completion_tokens ?? 0),
    totalTokens: Number(r?.total_tokens ?? 0),
  };
}

export async function usageTotals(db: Queryable, f: UsageFilters): Promise<UsageTotals> {
  const w = usageWhere(f);
  const rows = await readOnly<SumRow>(db, `SELECT ${SUMS}, ${USERS} FROM conversation_metadata WHERE ${w.sql}`, w.params);
  return totalsOf(rows[0]);
}

function groupSql(group: Exclude<UsageGroup, "conversation">, where: string, paged: boolean, n: number): string {
  // Per day reads in date order (a time series); users and models by spend, the big ones first.
  const order = group === "day" ? "key" : "cost DESC, key";
  const users = group === "model" ? `, ${USERS}` : group === "user" ? ", 1 AS users" : "";
  return `SELECT ${KEY[group]} AS key, ${SUMS}${users}, max(last_updated_at) AS last_activity${paged ? ", count(*) OVER () AS groups" : ""}
    FROM conversation_metadata WHERE ${where} GROUP BY 1 ORDER BY ${order}${paged ? ` LIMIT $${n + 1} OFFSET $${n + 2}` : ""}`;
}

type GroupDbRow = SumRow & { key: string; last_activity: Date | null; groups?: string };

function groupRow(r: GroupDbRow): UsageGroupRow {
  return { key: r.key, lastActivityAt: r.last_activity, ...totalsOf(r) };
}

/** One page of a grouped view (user, model or day), ordered by spend (days by date). */
export async function usageByGroup(db: Queryable, f: UsageFilters, group: Exclude<UsageGroup, "conversation">, pageSize = USAGE_PAGE_SIZE): Promise<UsagePage<UsageGroupRow>> {
  const w = usageWhere(f);
  const rows = await readOnly<GroupDbRow>(db, groupSql(group, w.sql, true, w.params.length), [...w.params, pageSize, (f.page - 1) * pageSize]);
  let total = Number(rows[0]?.groups ?? 0);
  // Past the last page the window count is absent: count the groups on their own.
  if (rows.length === 0 && f.page > 1) {
    const c = await readOnly<{ n: string }>(db, `SELECT count(DISTINCT ${KEY[group]}) AS n FROM conversation_metadata WHERE ${w.sql}`, w.params);
    total = Number(c[0]?.n ?? 0);
  }
  return { rows: rows.map(groupRow), total, page: f.page, pageSize };
}

/** Every group of a grouped view, for the chart (days) and the CSV export. */
export async function allUsageGroups(db: Queryable, f: UsageFilters, group: Exclude<UsageGroup, "conversation">): Promise<UsageGroupRow[]> {
  const w = usageWhere(f);
  return (await readOnly<GroupDbRow>(db, groupSql(group, w.sql, false, w.params.length), w.params)).map(groupRow);
}

/** Models used in the range, busiest first (for the filter): one hash aggregate, no per-model sums. */
export async function modelsInRange(db: Queryable, f: UsageFilters): Promise<string[]> {
  const w = usageWhere({ ...f, model: undefined });
  const rows = await readOnly<{ key: string }>(db, `SELECT ${KEY.model} AS key FROM conversation_metadata WHERE ${w.sql} GROUP BY 1 ORDER BY count(*) DESC LIMIT 200`, w.params);
  return rows.map((r) => r.key);
}

interface ConversationDbRow {
  conversation_id: string;
  user_id: string;
  llm_model: string | null;
  title: string | null;
  created_at: Date;
  last_updated_at: Date;
  accumulated_cost: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
}

const CONVERSATION_COLUMNS = "conversation_id, user_id, llm_model, title, created_at, last_updated_at, accumulated_cost, prompt_tokens, completion_tokens, total_tokens";

function conversationRow(r: ConversationDbRow): ConversationUsageRow {
  return {
    conversationId: r.conversation_id,
    userId: r.user_id,
    model: r.llm_model,
    title: r.title,
    createdAt: r.created_at,
    lastUpdatedAt: r.last_updated_at,
    cost: Number(r.accumulated_cost ?? 0),
    promptTokens: Number(r.prompt_tokens ?? 0),
    completionTokens: Number(r.completion_tokens ?? 0),
    totalTokens: Number(r.total_tokens ?? 0),
  };
}

/** Conversations newest first, one page; `total` is the filtered count (from the totals query). */
export async function conversationPage(db: Queryable, f: UsageFilters, total: number, pageSize = USAGE_PAGE_SIZE): Promise<UsagePage<ConversationUsageRow>> {
  const w = usageWhere(f);
  const n = w.params.length;
  const rows = await readOnly<ConversationDbRow>(
    db,
    `SELECT ${CONVERSATION_COLUMNS} FROM conversation_metadata WHERE ${w.sql} ORDER BY created_at DESC, conversation_id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, pageSize, (f.page - 1) * pageSize],
  );
  return { rows: rows.map(conversationRow), total, page: f.page, pageSize };
}

/**
 * Every filtered conversation, oldest first, in keyset batches (created_at, conversation_id):
 * memory stays flat however many rows the export holds, and each batch is an index range scan.
 */
export async function* conversationBatches(db: Queryable, f: UsageFilters, batch = 5000): AsyncGenerator<ConversationUsageRow[]> {
  const w = usageWhere(f);
  const n = w.params.length;
  // The cursor keeps created_at as text: a JS Date would drop PostgreSQL's microseconds and
  // the next batch would start again at the last row.
  let after: { at: string; id: string } | undefined;
  for (;;) {
    // The plain `created_at >=` bound lets the created_at index start at the cursor instead of
    // re-reading the whole range for every batch (the row comparison alone does not narrow it).
    const keyset = after ? ` AND created_at >= $${n + 2}::timestamptz AND (created_at, conversation_id) > ($${n + 2}::timestamptz, $${n + 3})` : "";
    const params = after ? [...w.params, batch, after.at, after.id] : [...w.params, batch];
    const rows = await readOnly<ConversationDbRow & { cursor_at: string }>(db, `SELECT ${CONVERSATION_COLUMNS}, created_at::text AS cursor_at FROM conversation_metadata WHERE ${w.sql}${keyset} ORDER BY created_at, conversation_id LIMIT $${n + 1}`, params);
    if (rows.length === 0) return;
    yield rows.map(conversationRow);
    const last = rows[rows.length - 1]!;
    after = { at: last.cursor_at, id: last.conversation_id };
    if (rows.length < batch) return;
  }
}

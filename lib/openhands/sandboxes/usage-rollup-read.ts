/**
 * The usage view's queries answered from the console store's rollup (usage-rollup.ts) instead of
 * OpenHands' table: the same shapes and orderings as usage.ts, so the page does not care which
 * one answered. Without a user filter the sums come from the per-day-and-model table (≤ 366 ×
 * models rows) and distinct users from the per-user multiranges; with one, from the per-user rows
 * of that user (its own index).
 */
import { readOnly, type Queryable } from "./conversations";
import type { UsageGroupRow, UsagePage, UsageTotals } from "./usage";
import { isoDay, USAGE_PAGE_SIZE, type UsageFilters, type UsageGroup } from "./usage-filters";

export interface RollupScope {
  store: Queryable;
  environmentId: string;
}

type Filters = Pick<UsageFilters, "from" | "to" | "user" | "model">;

/** WHERE on a rollup table; `$2`/`$3` are the first day and the day after the last. */
function where(scope: RollupScope, f: Filters, withUser: boolean): { sql: string; params: unknown[] } {
  const params: unknown[] = [scope.environmentId, isoDay(f.from), isoDay(f.to)];
  const parts = ["environment_id = $1", "day >= $2::date", "day < $3::date"];
  if (withUser && f.user) {
    params.push(f.user);
    parts.push(`user_id = $${params.length}`);
  }
  if (f.model) {
    params.push(f.model);
    parts.push(`llm_model = $${params.length}`);
  }
  return { sql: parts.join(" AND "), params };
}

/** Per-user rows only when a user is picked (or the grouping is per user). */
const tableFor = (f: Filters, group?: string) => (f.user || group === "user" ? "usage_rollup" : "usage_rollup_days");

const SUMS = `coalesce(sum(conversations), 0) AS conversations, coalesce(sum(cost), 0)::text AS cost, coalesce(sum(prompt_tokens), 0) AS prompt_tokens,
  coalesce(sum(completion_tokens), 0) AS completion_tokens, coalesce(sum(total_tokens), 0) AS total_tokens, max(last_activity_at) AS last_activity`;

const MODEL_KEY = "CASE WHEN llm_model = '' THEN '(none)' ELSE llm_model END";
const KEY: Record<Exclude<UsageGroup, "conversation">, string> = { user: "user_id", model: MODEL_KEY, day: "day::text" };

interface SumRow {
  key?: string;
  conversations: string;
  cost: string;
  prompt_tokens: string;
  completion_tokens: string;
  total_tokens: string;
  last_activity: Date | null;
  groups?: string;
}

const totalsOf = (r: SumRow | undefined, users: number): UsageTotals => ({
  conversations: Number(r?.conversations ?? 0),
  users,
  cost: Number(r?.cost ?? 0),
  promptTokens: Number(r?.prompt_tokens ?? 0),
  completionTokens: Number(r?.completion_tokens ?? 0),
  totalTokens: Number(r?.total_tokens ?? 0),
});

/** Distinct users of the range (optionally per model): multirange rows overlapping the range. */
async function usersByModel(scope: RollupScope, f: Filters): Promise<Map<string, number>> {
  const params: unknown[] = [scope.environmentId, isoDay(f.from), isoDay(f.to)];
  let extra = "";
  if (f.user) {
    params.push(f.user);
    extra += ` AND user_id = $${params.length}`;
  }
  if (f.model) {
    params.push(f.model);
    extra += ` AND llm_model = $${params.length}`;
  }
  const r = await scope.store.query<{ key: string; users: string }>(
    `SELECT ${MODEL_KEY} AS key, count(*) AS users FROM usage_rollup_users WHERE environment_id = $1 AND days && daterange($2::date, $3::date)${extra} GROUP BY 1`,
    params,
  );
  return new Map(r.rows.map((x) => [x.key, Number(x.users)]));
}

async function distinctUsers(scope: RollupScope, f: Filters): Promise<number> {
  const params: unknown[] = [scope.environmentId, isoDay(f.from), isoDay(f.to)];
  let extra = "";
  if (f.user) {
    params.push(f.user);
    extra += ` AND user_id = $${params.length}`;
  }
  if (f.model) {
    params.push(f.model);
    extra += ` AND llm_model = $${params.length}`;
  }
  const r = await scope.store.query<{ n: string }>(`SELECT count(DISTINCT user_id) AS n FROM usage_rollup_users WHERE environment_id = $1 AND days && daterange($2::date, $3::date)${extra}`, params);
  return Number(r.rows[0]?.n ?? 0);
}

export async function rollupTotals(scope: RollupScope, f: Filters): Promise<UsageTotals> {
  const w = where(scope, f, true);
  const [sums, users] = await Promise.all([scope.store.query<SumRow>(`SELECT ${SUMS} FROM ${tableFor(f)} WHERE ${w.sql}`, w.params), distinctUsers(scope, f)]);
  return totalsOf(sums.rows[0], users);
}

function groupRow(r: SumRow, users: number): UsageGroupRow {
  return { key: r.key ?? "", lastActivityAt: r.last_activity, ...totalsOf(r, users) };
}

/** Users shown per group as the direct queries do: 1 per user, distinct per model, none per day. */
async function groupUsers(scope: RollupScope, f: Filters, group: Exclude<UsageGroup, "conversation">): Promise<(key: string) => number> {
  if (group === "user") return () => 1;
  if (group === "day") return () => 0;
  const m = await usersByModel(scope, f);
  return (key) => m.get(key) ?? 0;
}

export async function rollupByGroup(scope: RollupScope, f: UsageFilters, group: Exclude<UsageGroup, "conversation">, pageSize = USAGE_PAGE_SIZE): Promise<UsagePage<UsageGroupRow>> {
  const w = where(scope, f, true);
  const n = w.params.length;
  const order = group === "day" ? "key" : "sum(cost) DESC, key";
  const [r, users] = await Promise.all([
    scope.store.query<SumRow>(
      `SELECT ${KEY[group]} AS key, ${SUMS}, count(*) OVER () AS groups FROM ${tableFor(f, group)} WHERE ${w.sql} GROUP BY 1 ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...w.params, pageSize, (f.page - 1) * pageSize],
    ),
    groupUsers(scope, f, group),
  ]);
  let total = Number(r.rows[0]?.groups ?? 0);
  if (r.rows.length === 0 && f.page > 1) {
    const c = await scope.store.query<{ n: string }>(`SELECT count(DISTINCT ${KEY[group]}) AS n FROM ${tableFor(f, group)} WHERE ${w.sql}`, w.params);
    total = Number(c.rows[0]?.n ?? 0);
  }
  return { rows: r.rows.map((x) => groupRow(x, users(x.key ?? ""))), total, page: f.page, pageSize };
}

/** Every group (the chart's days, the CSV export). */
export async function rollupAllGroups(scope: RollupScope, f: Filters, group: Exclude<UsageGroup, "conversation">): Promise<UsageGroupRow[]> {
  const w = where(scope, f, true);
  const order = group === "day" ? "key" : "sum(cost) DESC, key";
  const [r, users] = await Promise.all([
    scope.store.query<SumRow>(`SELECT ${KEY[group]} AS key, ${SUMS} FROM ${tableFor(f, group)} WHERE ${w.sql} GROUP BY 1 ORDER BY ${order}`, w.params),
    groupUsers(scope, f, group),
  ]);
  return r.rows.map((x) => groupRow(x, users(x.key ?? "")));
}

/** Models of the range without the model filter, busiest first (the filter's choices). */
export async function rollupModels(scope: RollupScope, f: Filters): Promise<string[]> {
  const g = { ...f, model: undefined };
  const w = where(scope, g, true);
  const r = await scope.store.query<{ key: string }>(`SELECT ${MODEL_KEY} AS key FROM ${tableFor(g)} WHERE ${w.sql} GROUP BY 1 ORDER BY sum(conversations) DESC, 1 LIMIT 200`, w.params);
  return r.rows.map((x) => x.key);
}

/**
 * Conversations per user started since `since` (the inventory's paused window), with the whole
 * days in between read from the rollup and only the partial first day and today read from
 * OpenHands' table (created_at index, about a day of rows each). A day's count changes only when
 * a conversation is inserted into it or deleted, which the rollup folds in at its next refresh;
 * today's new conversations are read live. Null when the rollup does not hold those days or has
 * not been refreshed for `maxAgeMs` (the caller then counts in OpenHands' table).
 */
export async function rollupWindowCounts(scope: RollupScope, source: Queryable, since: Date, now: number, maxAgeMs: number): Promise<Map<string, number> | null> {
  const firstWhole = new Date(Math.ceil(since.getTime() / 86_400_000) * 86_400_000);
  const today = new Date(Math.floor(now / 86_400_000) * 86_400_000);
  const state = await scope.store.query<{ complete_from: string | null; age_ms: string }>(
    "SELECT complete_from::text, (extract(epoch FROM now() - refreshed_at) * 1000)::bigint AS age_ms FROM usage_rollup_state WHERE environment_id = $1",
    [scope.environmentId],
  );
  const s = state.rows[0];
  if (!s?.complete_from || Number(s.age_ms) > maxAgeMs) return null;
  if (s.complete_from !== "-infinity" && isoDay(firstWhole) < s.complete_from) return null;
  const [whole, live] = await Promise.all([
    scope.store.query<{ user_id: string; n: string }>(
      "SELECT user_id, sum(conversations) AS n FROM usage_rollup WHERE environment_id = $1 AND day >= $2::date AND day < $3::date GROUP BY user_id",
      [scope.environmentId, isoDay(firstWhole), isoDay(today)],
    ),
    readOnly<{ user_id: string; n: string }>(
      source,
      "SELECT user_id, count(*) AS n FROM conversation_metadata WHERE (created_at >= $1 AND created_at < $2) OR created_at >= $3 GROUP BY user_id",
      [since, firstWhole < today ? firstWhole : today, today],
    ),
  ]);
  const out = new Map<string, number>();
  for (const r of [...whole.rows, ...live]) out.set(r.user_id, (out.get(r.user_id) ?? 0) + Number(r.n));
  return out;
}

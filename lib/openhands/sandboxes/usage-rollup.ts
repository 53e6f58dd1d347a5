/**
 * The usage rollup: per environment, UTC day (of created_at), user and model, the sums of
 * OpenHands' conversation_metadata, kept in the console's store (migration 0010) and refreshed
 * incrementally, so long usage ranges read the rollup instead of scanning OpenHands' table (we
 * may add no index there: a 90-day range is most of the table).
 *
 * How a refresh stays exact — it never adds a delta, it RECOMPUTES WHOLE DAYS:
 * - A conversation's row changes in place (accumulated_cost and tokens grow, last_updated_at
 *   moves), so "add the rows updated since the watermark" would count a conversation once per
 *   refresh it was active in. Instead the refresh asks which days (of created_at) have rows with
 *   last_updated_at past the watermark, and replaces each of those days with a fresh GROUP BY
 *   over that day in the source (the created_at index OpenHands has: a day is ~1/120 of the
 *   table). Recomputing a day twice gives the same rows, so overlap is free and nothing is ever
 *   double counted — a conversation contributes to exactly one day, with its current values.
 * - Late rows: last_updated_at is written by OpenHands' replicas (their clocks) and becomes
 *   visible when their transaction commits, possibly after we read past it. The scan therefore
 *   starts OVERLAP (5 min) before the watermark; the watermark only moves to the newest
 *   last_updated_at actually seen, never to our own clock.
 * - Deleted conversations announce nothing: a rolling sweep recomputes a few old days per refresh
 *   (all history is re-checked every ~(days / sweepDays) refreshes); recent days are recomputed
 *   anyway whenever anything in them changed.
 * - History is backfilled newest first, `backfillDays` per refresh; `complete_from` says from
 *   which day on the rollup is whole. Readers use it only for ranges inside that (page-data.ts).
 * - Bounded work: the changed-days scan (one pass over the table's heap: last_updated_at has no
 *   index) plus at most `maxChangedDays` + `backfillDays` + `sweepDays` days. If more days than
 *   that changed (the rollup was not refreshed for long), the older ones leave the complete range
 *   and are backfilled again over the next refreshes.
 * - Several replicas: one refresh per environment at a time (a transaction-scoped advisory lock
 *   taken with try: a second refresh returns at once instead of waiting). Each day is replaced
 *   inside that one transaction with the state row, so a reader sees the old or the new day.
 */
import type pg from "pg";
import { readOnly, USAGE_TIMEOUT_MS, type Queryable } from "./conversations";

export interface RollupRules {
  /** How far before the watermark the changed-rows scan starts (late commits, clock skew). */
  overlapMs: number;
  backfillDays: number;
  sweepDays: number;
  maxChangedDays: number;
}

export const ROLLUP_RULES: RollupRules = { overlapMs: 5 * 60_000, backfillDays: 14, sweepDays: 2, maxChangedDays: 62 };

export interface RollupState {
  /** YYYY-MM-DD, "-infinity" (all history) or null (nothing yet). */
  completeFrom: string | null;
  watermark: Date | null;
  sweepBefore: string | null;
  refreshedAt: Date;
}

export interface RefreshResult {
  /** false: another refresh of this environment held the lock; nothing was done. */
  ran: boolean;
  daysRecomputed: number;
  state: RollupState | null;
}

const DAY_MS = 86_400_000;
const ALL_HISTORY = "-infinity";

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => isoDay(dayMs(day) + n * DAY_MS);

interface StateRow {
  complete_from: string | null;
  watermark: Date | null;
  sweep_before: string | null;
  refreshed_at: Date;
}

const stateOf = (r: StateRow): RollupState => ({ completeFrom: r.complete_from, watermark: r.watermark, sweepBefore: r.sweep_before, refreshedAt: r.refreshed_at });

const STATE_SQL = "SELECT complete_from::text, watermark, sweep_before::text, refreshed_at FROM usage_rollup_state WHERE environment_id = $1";

export async function readRollupState(store: Queryable, environmentId: string): Promise<RollupState | null> {
  const r = await store.query<StateRow>(STATE_SQL, [environmentId]);
  return r.rows[0] ? stateOf(r.rows[0]) : null;
}

/** A half-open run of days [from, to); `to` null = no upper end (today and anything later). */
interface DayRun {
  from: string;
  to: string | null;
}

/** Sorted days → contiguous runs, so each run is one index range read in the source. */
export function dayRuns(days: Iterable<string>): DayRun[] {
  const sorted = [...new Set(days)].sort();
  const runs: DayRun[] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.to === d) last.to = addDays(d, 1);
    else runs.push({ from: d, to: addDays(d, 1) });
  }
  return runs;
}

interface SourceGroup {
  day: string;
  user_id: string;
  model: string;
  n: number;
  cost: string;
  prompt: string;
  completion: string;
  total: string;
  last: Date;
}

/** A fresh GROUP BY over the source for one run of days (an index range read on created_at). */
async function sourceGroups(source: Queryable, run: DayRun): Promise<SourceGroup[]> {
  const params: unknown[] = [`${run.from}T00:00:00Z`];
  if (run.to) params.push(`${run.to}T00:00:00Z`);
  return readOnly<SourceGroup>(
    source,
    `SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, user_id, coalesce(llm_model, '') AS model, count(*)::int AS n,
       coalesce(sum(accumulated_cost::numeric), 0)::text AS cost, coalesce(sum(prompt_tokens), 0)::text AS prompt,
       coalesce(sum(completion_tokens), 0)::text AS completion, coalesce(sum(total_tokens), 0)::text AS total, max(last_updated_at) AS last
     FROM conversation_metadata WHERE created_at >= $1::timestamptz${run.to ? " AND created_at < $2::timestamptz" : ""} GROUP BY 1, 2, 3`,
    params,
    USAGE_TIMEOUT_MS,
  );
}

/**
 * Replaces the runs' days in the three rollup tables with fresh GROUP BYs over the source: the
 * source is read run by run, the store is written once for all of them (one pass over the
 * per-user multiranges however many days changed).
 */
async function recomputeRuns(client: pg.PoolClient, source: Queryable, environmentId: string, runs: DayRun[]): Promise<void> {
  if (runs.length === 0) return;
  const groups: SourceGroup[] = [];
  for (const run of runs) groups.push(...(await sourceGroups(source, run)));
  // The days replaced: every day of the bounded runs, and everything from an open run's start on.
  const listed: string[] = [];
  let openFrom: string | null = null;
  for (const run of runs) {
    if (run.to === null) openFrom = run.from;
    else for (let d = run.from; d < run.to; d = addDays(d, 1)) listed.push(d);
  }
  const days = "(day = ANY($2::date[]) OR ($3::date IS NOT NULL AND day >= $3::date))";
  const dayParams = [environmentId, listed, openFrom];
  // The same days as one multirange (daterange(x, NULL) has no upper end).
  const spans = "(SELECT range_agg(daterange(f, t)) FROM unnest($2::date[], $3::date[]) AS r(f, t))";
  const spanParams = [environmentId, runs.map((r) => r.from), runs.map((r) => r.to)];
  await client.query(`DELETE FROM usage_rollup WHERE environment_id = $1 AND ${days}`, dayParams);
  if (groups.length > 0) {
    await client.query(
      `INSERT INTO usage_rollup (environment_id, day, user_id, llm_model, conversations, cost, prompt_tokens, completion_tokens, total_tokens, last_activity_at)
       SELECT $1, * FROM unnest($2::date[], $3::text[], $4::text[], $5::int[], $6::numeric[], $7::bigint[], $8::bigint[], $9::bigint[], $10::timestamptz[])`,
      [environmentId, groups.map((g) => g.day), groups.map((g) => g.user_id), groups.map((g) => g.model), groups.map((g) => g.n), groups.map((g) => g.cost), groups.map((g) => g.prompt), groups.map((g) => g.completion), groups.map((g) => g.total), groups.map((g) => g.last)],
    );
  }
  await client.query(`DELETE FROM usage_rollup_days WHERE environment_id = $1 AND ${days}`, dayParams);
  await client.query(
    `INSERT INTO usage_rollup_days (environment_id, day, llm_model, conversations, cost, prompt_tokens, completion_tokens, total_tokens, last_activity_at)
     SELECT environment_id, day, llm_model, sum(conversations), sum(cost), sum(prompt_tokens), sum(completion_tokens), sum(total_tokens), max(last_activity_at)
     FROM usage_rollup WHERE environment_id = $1 AND ${days} GROUP BY environment_id, day, llm_model`,
    dayParams,
  );
  await client.query(`UPDATE usage_rollup_users SET days = days - ${spans} WHERE environment_id = $1 AND days && ${spans}`, spanParams);
  await client.query(
    `INSERT INTO usage_rollup_users (environment_id, user_id, llm_model, days)
     SELECT environment_id, user_id, llm_model, range_agg(daterange(day, day + 1)) FROM usage_rollup WHERE environment_id = $1 AND ${days} GROUP BY environment_id, user_id, llm_model
     ON CONFLICT (environment_id, user_id, llm_model) DO UPDATE SET days = usage_rollup_users.days + EXCLUDED.days`,
    dayParams,
  );
  await client.query("DELETE FROM usage_rollup_users WHERE environment_id = $1 AND isempty(days)", [environmentId]);
}

/** The oldest day in the source (created_at index: one probe), or null for an empty table. */
async function oldestDay(source: Queryable): Promise<string | null> {
  const r = await readOnly<{ day: string | null }>(source, "SELECT (min(created_at) AT TIME ZONE 'UTC')::date::text AS day FROM conversation_metadata", [], USAGE_TIMEOUT_MS);
  return r[0]?.day ?? null;
}

/**
 * One bounded refresh of an environment's rollup from its OpenHands database (read only).
 * Safe to call from any replica at any time; see the header for why it cannot double count.
 */
export async function refreshUsageRollup(store: pg.Pool, source: Queryable, environmentId: string, rules: RollupRules = ROLLUP_RULES, now = Date.now()): Promise<RefreshResult> {
  const client = await store.connect();
  try {
    await client.query("BEGIN");
    const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended('usage_rollup:' || $1::text, 0)) AS ok", [environmentId]);
    if (!lock.rows[0]?.ok) {
      await client.query("ROLLBACK");
      return { ran: false, daysRecomputed: 0, state: null };
    }
    await client.query("INSERT INTO usage_rollup_state (environment_id) VALUES ($1) ON CONFLICT (environment_id) DO NOTHING", [environmentId]);
    const before = stateOf((await client.query<StateRow>(`${STATE_SQL} FOR UPDATE`, [environmentId])).rows[0]!);
    let completeFrom = before.completeFrom;
    let watermark = before.watermark;
    const today = isoDay(now);
    const days = new Set<string>();

    if (completeFrom === null || watermark === null) {
      // First refresh: start watching from the source's own clock; the days before are backfilled.
      const r = await readOnly<{ now: Date }>(source, "SELECT now() AS now", [], USAGE_TIMEOUT_MS);
      watermark = r[0]!.now;
    } else {
      const changed = await readOnly<{ day: string; newest: Date }>(
        source,
        "SELECT (created_at AT TIME ZONE 'UTC')::date::text AS day, max(last_updated_at) AS newest FROM conversation_metadata WHERE last_updated_at > $1 GROUP BY 1",
        [new Date(watermark.getTime() - rules.overlapMs)],
        USAGE_TIMEOUT_MS,
      );
      const inRollup = changed.filter((c) => completeFrom === ALL_HISTORY || c.day >= completeFrom!).map((c) => c.day).sort();
      const kept = inRollup.slice(-rules.maxChangedDays);
      // Too many changed days: the older ones leave the complete range and are backfilled again.
      if (kept.length < inRollup.length) completeFrom = kept[0]!;
      for (const d of kept) days.add(d);
      for (const c of changed) if (c.newest > watermark) watermark = c.newest;
    }

    let oldest: string | null | undefined;
    if (completeFrom !== ALL_HISTORY) {
      // Backfill newest first. The first step covers today with no upper end.
      const top = completeFrom ?? addDays(today, 1);
      const from = addDays(top, -rules.backfillDays);
      for (let d = from; d < top; d = addDays(d, 1)) days.add(d);
      oldest = await oldestDay(source);
      completeFrom = oldest === null || from <= oldest ? ALL_HISTORY : from;
    } else {
      // Rolling sweep over old days (deleted conversations), wrapping to today at the oldest day.
      oldest = await oldestDay(source);
      let sweep = before.sweepBefore ?? today;
      if (oldest === null || sweep <= oldest) sweep = today;
      const from = addDays(sweep, -rules.sweepDays);
      for (let d = from; d < sweep; d = addDays(d, 1)) days.add(d);
      await client.query("UPDATE usage_rollup_state SET sweep_before = $2 WHERE environment_id = $1", [environmentId, from]);
    }

    const runs = dayRuns(days);
    // A run that reaches today also takes everything after it (rows dated in the future by a skewed clock).
    for (const run of runs) if (run.to !== null && run.to > today) run.to = null;
    await recomputeRuns(client, source, environmentId, runs);
    const after = await client.query<StateRow>(
      `UPDATE usage_rollup_state SET complete_from = $2::date, watermark = $3, refreshed_at = now() WHERE environment_id = $1
       RETURNING complete_from::text, watermark, sweep_before::text, refreshed_at`,
      [environmentId, completeFrom, watermark],
    );
    await client.query("COMMIT");
    return { ran: true, daysRecomputed: days.size, state: stateOf(after.rows[0]!) };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Refreshes until the whole history is in (the first fill; tests and the bench). */
export async function catchUpUsageRollup(store: pg.Pool, source: Queryable, environmentId: string, rules: RollupRules = ROLLUP_RULES, now = Date.now()): Promise<RollupState> {
  for (let i = 0; i < 10_000; i++) {
    const r = await refreshUsageRollup(store, source, environmentId, rules, now);
    if (r.ran && r.state?.completeFrom === ALL_HISTORY) return r.state;
    if (!r.ran) await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("the usage rollup did not catch up");
}

/** Whether the rollup holds every day of a range starting at `from` (UTC midnight). */
export function rollupCovers(state: RollupState | null, from: Date): boolean {
  if (!state?.completeFrom) return false;
  return state.completeFrom === ALL_HISTORY || isoDay(from.getTime()) >= state.completeFrom;
}

/** Past this age a read refreshes in the background (the page shows the rollup's time). */
export const REFRESH_AFTER_MS = 60_000;
/** Past this age (or with nothing yet) a read waits for one bounded refresh before answering. */
export const WAIT_AFTER_MS = 15 * 60_000;

// One background refresh per environment per process; other replicas are held off by the lock.
const inFlight = new Map<string, Promise<unknown>>();

function inBackground(store: pg.Pool, source: Queryable, environmentId: string, onError: (err: unknown) => void): void {
  if (inFlight.has(environmentId)) return;
  const p = refreshUsageRollup(store, source, environmentId)
    .catch(onError)
    .finally(() => inFlight.delete(environmentId));
  inFlight.set(environmentId, p);
}

/**
 * The rollup state a usage read should use: fresh enough as it is (a refresh starts in the
 * background when it is older than a minute or history is still being backfilled), or after one
 * bounded refresh when it is empty or older than 15 minutes. The age is judged on the store's
 * clock, the one that wrote refreshed_at.
 */
export async function freshRollupState(store: pg.Pool, source: Queryable, environmentId: string, onError: (err: unknown) => void): Promise<RollupState | null> {
  const r = await store.query<StateRow & { age_ms: string }>(
    "SELECT complete_from::text, watermark, sweep_before::text, refreshed_at, (extract(epoch FROM now() - refreshed_at) * 1000)::bigint AS age_ms FROM usage_rollup_state WHERE environment_id = $1",
    [environmentId],
  );
  const row = r.rows[0];
  const age = row ? Number(row.age_ms) : Infinity;
  if (!row?.complete_from || age > WAIT_AFTER_MS) {
    const done = await refreshUsageRollup(store, source, environmentId);
    return done.ran ? done.state : readRollupState(store, environmentId);
  }
  if (age > REFRESH_AFTER_MS || row.complete_from !== ALL_HISTORY) inBackground(store, source, environmentId, onError);
  return stateOf(row);
}

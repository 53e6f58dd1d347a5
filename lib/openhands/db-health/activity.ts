/**
 * pg_stat_activity questions: connections against max_connections by state, long-running
 * statements and open transactions, and lock waits with their blocking chains. Only client
 * backends count (background workers and WAL senders have their own slots since PostgreSQL 12).
 */
import type pg from "pg";
import type { DatabaseRules } from "@/lib/openhands/db-health/rules";
import { displayQuery } from "./query-text";
import type { Backend, BlockingData, ConnectionsData, LongQueriesData } from "./types";

/** µs-precise UTC ISO text: a JS Date would drop the microseconds the pid check compares. */
export const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', ${ISO_US})`;

/** Age of what a session is doing: its statement when active, else its open transaction. */
const AGE = `extract(epoch FROM now() - coalesce(CASE WHEN a.state = 'active' THEN a.query_start END, a.xact_start, a.query_start))::float8`;

const BACKEND_COLUMNS = `a.pid, a.datname AS database, a.usename AS user, a.application_name AS application, a.client_addr::text AS client, a.state,
  a.wait_event_type, a.wait_event, ${iso("a.backend_start")} AS backend_start, ${iso("a.query_start")} AS query_start,
  coalesce(${AGE}, 0) AS seconds, a.query`;

interface BackendRow {
  pid: number;
  database: string | null;
  user: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  backend_start: string;
  query_start: string | null;
  seconds: number;
  query: string | null;
  blocked_by?: number[] | null;
}

function toBackend(r: BackendRow, rules: DatabaseRules): Backend {
  return {
    pid: r.pid,
    database: r.database,
    user: r.user,
    application: r.application || null,
    client: r.client,
    state: r.state,
    waitEventType: r.wait_event_type,
    waitEvent: r.wait_event,
    backendStart: r.backend_start,
    queryStart: r.query_start,
    seconds: r.seconds,
    query: displayQuery(r.query, rules.queryTextChars),
    blockedBy: r.blocked_by ?? [],
  };
}

export async function readConnections(c: pg.PoolClient): Promise<ConnectionsData> {
  const { rows } = await c.query<{
    max_connections: number;
    reserved: number;
    by_state: { state: string; count: number }[] | null;
    oldest_idle_in_tx: number | null;
  }>(`SELECT current_setting('max_connections')::int AS max_connections,
      current_setting('superuser_reserved_connections')::int
        + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved,
      (SELECT json_agg(json_build_object('state', state, 'count', n) ORDER BY n DESC)
         FROM (SELECT coalesce(state, 'unknown (no permission to see)') AS state, count(*)::int AS n
                 FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1) s) AS by_state,
      (SELECT extract(epoch FROM max(now() - state_change))::float8 FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND state LIKE 'idle in transaction%') AS oldest_idle_in_tx`);
  const r = rows[0];
  if (!r) throw new Error("no answer from pg_stat_activity");
  const byState = r.by_state ?? [];
  const used = byState.reduce((n, s) => n + s.count, 0);
  const available = Math.max(1, r.max_connections - r.reserved);
  return {
    maxConnections: r.max_connections,
    reserved: r.reserved,
    available,
    used,
    usedFraction: used / available,
    byState,
    oldestIdleInTransactionSeconds: r.oldest_idle_in_tx,
  };
}

/** Sessions busy (or in an open transaction) for at least `listLongQueriesAfterSeconds`, longest first, one page. */
export async function readLongQueries(c: pg.PoolClient, rules: DatabaseRules, page: number): Promise<LongQueriesData> {
  const { rows } = await c.query<BackendRow & { total: string; longest_active: number | null }>(
    `WITH s AS (
       SELECT ${BACKEND_COLUMNS} FROM pg_stat_activity a
        WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.state IS DISTINCT FROM 'idle')
     SELECT s.*, count(*) OVER () AS total, max(seconds) FILTER (WHERE state = 'active') OVER () AS longest_active
       FROM s WHERE seconds >= $1 ORDER BY seconds DESC, pid LIMIT $2 OFFSET $3`,
    [rules.listLongQueriesAfterSeconds, rules.pageSize, (page - 1) * rules.pageSize],
  );
  // The longest active statement may be shorter than the list threshold (then nothing is listed).
  let longest = rows[0]?.longest_active ?? null;
  if (rows.length === 0) {
    const r = await c.query<{ s: number | null }>(
      `SELECT max(${AGE}) AS s FROM pg_stat_activity a WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND a.state = 'active'`,
    );
    longest = r.rows[0]?.s ?? null;
  }
  return {
    listAfterSeconds: rules.listLongQueriesAfterSeconds,
    longestActiveSeconds: longest,
    page: { rows: rows.map((r) => toBackend(r, rules)), total: Number(rows[0]?.total ?? 0), page, pageSize: rules.pageSize },
  };
}

/** At most this many sessions take part in the chains shown (a lock pile-up of thousands is summarised by count). */
const BLOCKING_ROWS = 200;

export async function readBlocking(c: pg.PoolClient, rules: DatabaseRules): Promise<BlockingData> {
  // pg_blocking_pids is only asked for sessions waiting on a lock (it takes the lock manager's locks).
  const { rows } = await c.query<BackendRow>(
    `WITH waiting AS (
       SELECT pid, pg_blocking_pids(pid) AS blocked_by FROM pg_stat_activity WHERE wait_event_type = 'Lock'),
     involved AS (
       SELECT pid FROM waiting WHERE cardinality(blocked_by) > 0
       UNION SELECT unnest(blocked_by) FROM waiting)
     SELECT ${BACKEND_COLUMNS}, coalesce(w.blocked_by, '{}') AS blocked_by
       FROM pg_stat_activity a JOIN involved i ON i.pid = a.pid LEFT JOIN waiting w ON w.pid = a.pid
      ORDER BY a.pid LIMIT ${BLOCKING_ROWS}`,
  );
  const backends = rows.map((r) => toBackend(r, rules));
  const blocked = backends.filter((b) => b.blockedBy.length > 0);
  return {
    chains: blockingChains(backends),
    backends,
    longestBlockedSeconds: blocked.length > 0 ? Math.max(...blocked.map((b) => b.seconds)) : null,
  };
}

/**
 * For every blocked session, the chain from the session at the root of the pile-up down to it,
 * following the first blocker each time (cycle-safe: a deadlock ends the chain where it loops).
 */
export function blockingChains(backends: readonly Pick<Backend, "pid" | "blockedBy">[]): { path: number[] }[] {
  const blockers = new Map(backends.map((b) => [b.pid, b.blockedBy]));
  const chains: { path: number[] }[] = [];
  for (const b of backends) {
    if (b.blockedBy.length === 0) continue;
    const path = [b.pid];
    let next = b.blockedBy[0];
    while (next !== undefined && !path.includes(next)) {
      path.unshift(next);
      next = blockers.get(next)?.[0];
    }
    chains.push({ path });
  }
  return chains.sort((x, y) => x.path[0]! - y.path[0]! || x.path.length - y.path.length || x.path.at(-1)! - y.path.at(-1)!);
}

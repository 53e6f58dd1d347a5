/**
 * Top statements from pg_stat_statements — and, when it cannot be read, exactly why and how to
 * turn it on in Azure Database for PostgreSQL (allow-list in `azure.extensions`, load it through
 * `shared_preload_libraries`, restart, `CREATE EXTENSION`). Each cause is detected, not guessed.
 */
import type pg from "pg";
import { sqlStateOf } from "./read-only";
import { displayQuery } from "./query-text";
import type { StatementsUnavailableReason, TopQueriesData } from "./types";

const TOP = 10;

interface Setup {
  available: boolean;
  allowList: string | null;
  preloaded: boolean;
  schema: string | null;
  database: string;
  readAllStats: boolean;
}

export function enableSteps(reason: StatementsUnavailableReason, database: string): string[] {
  const allow = "Server parameters → azure.extensions: add PG_STAT_STATEMENTS (az postgres flexible-server parameter set --name azure.extensions --value <current list>,PG_STAT_STATEMENTS).";
  const preload = "Server parameters → shared_preload_libraries: add pg_stat_statements, then restart the server (a static parameter; az postgres flexible-server restart).";
  const create = `In the ${database} database, as the administrator login: CREATE EXTENSION pg_stat_statements;`;
  const grant = "Grant the console's login pg_read_all_stats (GRANT pg_read_all_stats TO <login>), or use the administrator login, which is a member of it on Azure.";
  switch (reason) {
    case "not_installed":
      return ["Install the PostgreSQL contrib package on this server (on Azure it is always installed).", preload, create];
    case "not_allow_listed":
      return [allow, preload, create];
    case "not_preloaded":
      return [allow, preload, create];
    case "not_created":
      return [create];
    case "no_permission":
      return [grant];
  }
}

function unavailable(reason: StatementsUnavailableReason, why: string, database: string): TopQueriesData {
  return { available: false, reason, why, howToEnable: enableSteps(reason, database) };
}

/** Which step of enabling pg_stat_statements is missing, or null when it can be queried. */
export function missingStep(s: Setup): { reason: StatementsUnavailableReason; why: string } | null {
  if (!s.available) return { reason: "not_installed", why: "The pg_stat_statements extension is not installed on this server." };
  if (s.allowList !== null && !s.allowList.split(",").map((e) => e.trim().toLowerCase()).includes("pg_stat_statements")) {
    return { reason: "not_allow_listed", why: "pg_stat_statements is not allow-listed in the server parameter azure.extensions." };
  }
  if (!s.preloaded) return { reason: "not_preloaded", why: "pg_stat_statements is not in shared_preload_libraries, so the server does not collect statement statistics." };
  if (s.schema === null) return { reason: "not_created", why: `The extension is loaded but not created in the ${s.database} database.` };
  return null;
}

export async function readTopQueries(c: pg.PoolClient, queryTextChars: number): Promise<TopQueriesData> {
  const { rows } = await c.query<{ available: boolean; allow_list: string | null; preload: string; schema: string | null; database: string; read_all_stats: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
            nullif(current_setting('azure.extensions', true), '') AS allow_list,
            current_setting('shared_preload_libraries') AS preload,
            (SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_stat_statements') AS schema,
            current_database() AS database,
            pg_has_role('pg_read_all_stats', 'member') AS read_all_stats`,
  );
  const r = rows[0];
  if (!r) throw new Error("no answer from pg_settings");
  const setup: Setup = {
    available: r.available,
    allowList: r.allow_list,
    preloaded: r.preload.split(",").map((l) => l.trim().replace(/^"|"$/g, "")).includes("pg_stat_statements"),
    schema: r.schema,
    database: r.database,
    readAllStats: r.read_all_stats,
  };
  const missing = missingStep(setup);
  if (missing) return unavailable(missing.reason, missing.why, setup.database);
  try {
    await c.query("SAVEPOINT top_queries");
    const top = await c.query<{ queryid: string | null; user: string | null; calls: string; total_ms: number; mean_ms: number; rows: string; query: string | null }>(
      `SELECT s.queryid::text AS queryid, r.rolname AS user, s.calls, s.total_exec_time AS total_ms, s.mean_exec_time AS mean_ms, s.rows, s.query
         FROM ${quoteIdent(setup.schema ?? "public")}.pg_stat_statements s LEFT JOIN pg_roles r ON r.oid = s.userid
        ORDER BY s.total_exec_time DESC LIMIT ${TOP}`,
    );
    return {
      available: true,
      seesAllUsers: setup.readAllStats,
      queries: top.rows.map((q) => ({
        queryId: q.queryid, user: q.user, calls: Number(q.calls), totalMs: q.total_ms, meanMs: q.mean_ms, rows: Number(q.rows),
        query: q.query === "<insufficient privilege>" ? null : displayQuery(q.query, queryTextChars),
      })),
    };
  } catch (err) {
    if (sqlStateOf(err) !== "42501") throw err;
    await c.query("ROLLBACK TO SAVEPOINT top_queries");
    return unavailable("no_permission", "The console's login may not read pg_stat_statements.", setup.database);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

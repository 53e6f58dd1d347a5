/**
 * Dead tuples and autovacuum lag per table of the connected database (pg_stat_user_tables), with
 * each table's own autovacuum settings (reloptions) over the server's: the trigger point is
 * autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × reltuples, as autovacuum computes it.
 * Sorted by dead tuples, one page at a time; the item's verdict covers every table, not just the page.
 */
import type pg from "pg";
import { deadTuplesVerdict, type DatabaseRules } from "@/lib/openhands/db-health/rules";
import type { DeadTuplesData } from "./types";

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

export interface DeadTuplesRead extends DeadTuplesData {
  /** Worst dead ratio / lag over all tables with at least `minDeadTuples` (for the item verdict). */
  worstRatio: number | null;
  worstLag: number | null;
  autovacuumOn: boolean;
}

export async function readDeadTuples(c: pg.PoolClient, rules: DatabaseRules, page: number): Promise<DeadTuplesRead> {
  const { rows } = await c.query<{
    schema: string; table: string; live: number; dead: number; ratio: number; lag: number | null; trigger: number; av_enabled: boolean;
    last_autovacuum: string | null; last_vacuum: string | null; total: string; worst_ratio: number | null; worst_lag: number | null;
    database: string; av_on: boolean;
  }>(
    `WITH opts AS (
       SELECT s.schemaname AS schema, s.relname AS "table", s.n_live_tup::float8 AS live, s.n_dead_tup::float8 AS dead,
              greatest(c.reltuples, 0)::float8 AS reltuples, s.last_autovacuum, s.last_vacuum,
              (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_enabled') AS o_enabled,
              (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_vacuum_threshold') AS o_threshold,
              (SELECT option_value FROM pg_options_to_table(c.reloptions) WHERE option_name = 'autovacuum_vacuum_scale_factor') AS o_scale
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid),
     t AS (
       SELECT schema, "table", live, dead, last_autovacuum, last_vacuum,
              coalesce(o_enabled::bool, true) AS av_enabled,
              coalesce(o_threshold::float8, current_setting('autovacuum_vacuum_threshold')::float8)
                + coalesce(o_scale::float8, current_setting('autovacuum_vacuum_scale_factor')::float8) * reltuples AS trigger
         FROM opts),
     r AS (
       SELECT t.*, CASE WHEN live + dead > 0 THEN dead / (live + dead) ELSE 0 END AS ratio,
              CASE WHEN trigger > 0 THEN dead / trigger END AS lag FROM t)
     SELECT schema, "table", live, dead, ratio, lag, trigger, av_enabled,
            to_char(last_autovacuum AT TIME ZONE 'UTC', ${ISO}) AS last_autovacuum,
            to_char(last_vacuum AT TIME ZONE 'UTC', ${ISO}) AS last_vacuum,
            count(*) OVER () AS total,
            max(ratio) FILTER (WHERE dead >= $1) OVER () AS worst_ratio,
            max(lag) FILTER (WHERE dead >= $1) OVER () AS worst_lag,
            current_database() AS database, current_setting('autovacuum')::bool AS av_on
       FROM r ORDER BY dead DESC, schema, "table" LIMIT $2 OFFSET $3`,
    [rules.minDeadTuples, rules.pageSize, (page - 1) * rules.pageSize],
  );
  const first = rows[0];
  const db = first ? { database: first.database, autovacuumOn: first.av_on } : await currentDatabase(c);
  return {
    database: db.database,
    autovacuumOn: db.autovacuumOn,
    worstRatio: first?.worst_ratio ?? null,
    worstLag: first?.worst_lag ?? null,
    page: {
      rows: rows.map((r) => {
        const row = { deadTuples: r.dead, deadRatio: r.ratio, autovacuumLag: r.lag };
        return {
          schema: r.schema, table: r.table, liveTuples: r.live, deadTuples: r.dead, deadRatio: r.ratio, autovacuumLag: r.lag,
          autovacuumTrigger: r.trigger, autovacuumEnabled: r.av_enabled && r.av_on, lastAutovacuum: r.last_autovacuum, lastVacuum: r.last_vacuum,
          verdict: deadTuplesVerdict(rules, row),
        };
      }),
      total: Number(first?.total ?? 0),
      page,
      pageSize: rules.pageSize,
    },
  };
}

async function currentDatabase(c: pg.PoolClient): Promise<{ database: string; autovacuumOn: boolean }> {
  const r = await c.query<{ database: string; av_on: boolean }>(`SELECT current_database() AS database, current_setting('autovacuum')::bool AS av_on`);
  return { database: r.rows[0]?.database ?? "?", autovacuumOn: r.rows[0]?.av_on ?? true };
}

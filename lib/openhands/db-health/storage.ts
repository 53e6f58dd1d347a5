/**
 * Database-wide statistics: buffer cache hit ratio (pg_stat_database), transaction-ID and
 * multixact wraparound margin (pg_database), and database sizes. Template databases are left out.
 */
import type pg from "pg";
import type { CacheData, SizesData, WraparoundData } from "./types";

export async function readCache(c: pg.PoolClient): Promise<CacheData> {
  const { rows } = await c.query<{ name: string; hits: number; reads: number }>(
    `SELECT d.datname AS name, s.blks_hit::float8 AS hits, s.blks_read::float8 AS reads
       FROM pg_stat_database s JOIN pg_database d ON d.oid = s.datid
      WHERE NOT d.datistemplate ORDER BY d.datname`,
  );
  const ratio = (h: number, r: number) => (h + r > 0 ? h / (h + r) : null);
  const hits = rows.reduce((n, r) => n + r.hits, 0);
  const reads = rows.reduce((n, r) => n + r.reads, 0);
  return { hits, reads, ratio: ratio(hits, reads), databases: rows.map((r) => ({ ...r, ratio: ratio(r.hits, r.reads) })) };
}

export async function readWraparound(c: pg.PoolClient): Promise<WraparoundData> {
  const { rows } = await c.query<{ name: string; xid_age: number; mxid_age: number; freeze_max_age: number }>(
    `SELECT datname AS name, age(datfrozenxid)::float8 AS xid_age, mxid_age(datminmxid)::float8 AS mxid_age,
            current_setting('autovacuum_freeze_max_age')::float8 AS freeze_max_age
       FROM pg_database WHERE datallowconn ORDER BY age(datfrozenxid) DESC`,
  );
  return {
    freezeMaxAge: rows[0]?.freeze_max_age ?? 200_000_000,
    databases: rows.map((r) => ({ name: r.name, xidAge: r.xid_age, mxidAge: r.mxid_age, fractionUsed: Math.max(r.xid_age, r.mxid_age) / 2 ** 31 })),
  };
}

export async function readSizes(c: pg.PoolClient, storageSizeGB: number | null): Promise<SizesData> {
  // Without CONNECT on a database its size needs pg_read_all_stats: show it as unknown, not an error.
  const { rows } = await c.query<{ name: string; bytes: number | null }>(
    `SELECT datname AS name,
            CASE WHEN has_database_privilege(oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'member')
                 THEN pg_database_size(oid)::float8 END AS bytes
       FROM pg_database WHERE NOT datistemplate ORDER BY 2 DESC NULLS LAST, 1`,
  );
  const totalBytes = rows.reduce((n, r) => n + (r.bytes ?? 0), 0);
  const storageBytes = storageSizeGB ? storageSizeGB * 2 ** 30 : null;
  return { totalBytes, storageBytes, usedFraction: storageBytes ? totalBytes / storageBytes : null, databases: rows };
}

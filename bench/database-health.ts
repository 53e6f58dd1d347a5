/**
 * How long does the database page's report take on a busy server? Fills a scratch database on the
 * real PostgreSQL (127.0.0.1:5432, `dbhealth_bench`) with many tables (dead tuples on each), opens
 * idle sessions, a few long queries and a lock pile-up, then prints the median and worst time of
 * `databaseHealth` (all items, in parallel over a pool of 3 as the console uses) and of each probe.
 * Prints numbers, asserts nothing.
 *   npx tsx bench/database-health.ts [--tables 2000] [--sessions 40] [--runs 15]
 */
import pg from "pg";
import { databaseRules } from "../lib/openhands/db-health/rules";
import { databaseHealth } from "../lib/openhands/db-health/index";
import { readBlocking, readConnections, readLongQueries } from "../lib/openhands/db-health/activity";
import { readOnly } from "../lib/openhands/db-health/read-only";
import { readTopQueries } from "../lib/openhands/db-health/statements";
import { readCache, readSizes, readWraparound } from "../lib/openhands/db-health/storage";
import { readDeadTuples } from "../lib/openhands/db-health/vacuum";

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => Number(args[args.indexOf(`--${name}`) + 1] ?? dflt) || dflt;
const TABLES = args.includes("--tables") ? arg("tables", 2000) : 2000;
const SESSIONS = args.includes("--sessions") ? arg("sessions", 40) : 40;
const RUNS = args.includes("--runs") ? arg("runs", 15) : 15;
const DB = "dbhealth_bench";
const server = { host: "127.0.0.1", port: 5432, user: "postgres" };

const admin = new pg.Client({ ...server, database: "test" });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
const clients: pg.Client[] = [];
const pool = new pg.Pool({ ...server, database: DB, max: 3, application_name: "openhands-console" });
pool.on("error", () => undefined);
try {
  const t0 = performance.now();
  const setup = new pg.Client({ ...server, database: DB });
  await setup.connect();
  clients.push(setup);
  await setup.query(`DO $$ BEGIN FOR i IN 1..${TABLES} LOOP
      EXECUTE format('CREATE TABLE t%s (id int primary key, v text) WITH (autovacuum_enabled = false)', i);
      EXECUTE format('INSERT INTO t%s SELECT g, ''x'' FROM generate_series(1, 50) g', i);
      EXECUTE format('DELETE FROM t%s WHERE id %% 3 = 0', i);
    END LOOP; END $$`);
  await setup.query("SELECT pg_stat_force_next_flush()");
  console.log(`filled ${TABLES} tables (50 rows, a third deleted, autovacuum off) in ${(performance.now() - t0).toFixed(0)} ms`);

  for (let i = 0; i < SESSIONS; i++) {
    const c = new pg.Client({ ...server, database: DB, application_name: "bench-idle" });
    c.on("error", () => undefined);
    await c.connect();
    clients.push(c);
  }
  const busy = clients.slice(1, 6);
  for (const c of busy) void c.query("SELECT pg_sleep(600)").catch(() => undefined);
  // A lock pile-up: one holder, five waiters.
  const [holder, ...waiters] = clients.slice(6, 12);
  await holder!.query("BEGIN; UPDATE t1 SET v = 'y' WHERE id = 1");
  for (const w of waiters) void w.query("UPDATE t1 SET v = 'z' WHERE id = 1").catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1_500));

  const times: number[] = [];
  let last = await databaseHealth(pool);
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    last = await databaseHealth(pool);
    times.push(performance.now() - s);
  }
  const stat = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms`;
  };
  console.log(`databaseHealth (${RUNS} runs, pool of 3, ${TABLES} tables, ${SESSIONS} extra sessions): ${stat(times)}; verdict ${last.verdict}`);
  for (const i of last.items) console.log(`  ${i.key}: ${i.verdict} — ${i.summary}`);

  const rules = databaseRules();
  const probes: [string, (c: pg.PoolClient) => Promise<unknown>][] = [
    ["connections", readConnections],
    ["long queries (page 1)", (c) => readLongQueries(c, rules, 1)],
    ["blocking chains", (c) => readBlocking(c, rules)],
    ["cache", readCache],
    ["wraparound", readWraparound],
    [`dead tuples (page 1 of ${TABLES} tables)`, (c) => readDeadTuples(c, rules, 1)],
    [`dead tuples (page 50)`, (c) => readDeadTuples(c, rules, 50)],
    ["sizes", (c) => readSizes(c, 32)],
    ["pg_stat_statements", (c) => readTopQueries(c, rules.queryTextChars)],
  ];
  for (const [name, probe] of probes) {
    const ts: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      const r = await readOnly(pool, rules.statementTimeoutMs, probe);
      if (!r.ok) throw new Error(`${name}: ${r.message}`);
      ts.push(performance.now() - s);
    }
    console.log(`  ${name}: ${stat(ts)}`);
  }
} finally {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}

/**
 * Database health of one OpenHands PostgreSQL server: `databaseHealth(pool, opts)` reads every item
 * in parallel (each its own read-only transaction and statement timeout), asks ARM for HA, backup
 * and replication state when given a loader, and judges each item by `rules.ts`.
 */
import type pg from "pg";
import { databaseRules, type DatabaseRulesOverride } from "@/lib/openhands/db-health/rules";
import { readBlocking, readConnections, readLongQueries } from "./activity";
import { readOnly, type Probe } from "./read-only";
import { assembleReport, blockingItem, cacheItem, connectionsItem, deadTuplesItem, longQueriesItem, serverItem, sizesItem, topQueriesItem, wraparoundItem } from "./report";
import { readTopQueries } from "./statements";
import { readCache, readSizes, readWraparound } from "./storage";
import type { DatabaseHealthItem, DatabaseHealthReport, ServerSnapshot } from "./types";
import { readDeadTuples } from "./vacuum";

export type * from "./types";

export interface DatabaseHealthOptions {
  rules?: DatabaseRulesOverride;
  /** 1-based pages of the long lists. */
  page?: { longQueries?: number; deadTuples?: number };
  /** Reads the flexible server from ARM (HA, backups, replication, provisioned storage). */
  server?: () => Promise<ServerSnapshot>;
}

export async function databaseHealth(pool: pg.Pool, opts: DatabaseHealthOptions = {}): Promise<DatabaseHealthReport> {
  const started = Date.now();
  const rules = databaseRules(opts.rules);
  const timeout = rules.statementTimeoutMs;
  const server = opts.server ? withTimeout(opts.server, rules.armTimeoutMs) : Promise.resolve<Probe<ServerSnapshot> | null>(null);

  const reach = await readOnly(pool, timeout, async (c) => (await c.query<{ db: string }>("SELECT current_database() AS db")).rows[0]?.db ?? null);
  if (!reach.ok) return unreachableReport(reach.message, await server, started);

  const run = <T>(fn: (c: pg.PoolClient) => Promise<T>) => readOnly(pool, timeout, fn);
  const sizes = server.then((s) => run((c) => readSizes(c, s?.ok ? s.value.storageSizeGB : null)));
  const [connections, longQueries, blocking, cache, wraparound, deadTuples, top, sizesRead, serverRead] = await Promise.all([
    run(readConnections),
    run((c) => readLongQueries(c, rules, opts.page?.longQueries ?? 1)),
    run((c) => readBlocking(c, rules)),
    run(readCache),
    run(readWraparound),
    run((c) => readDeadTuples(c, rules, opts.page?.deadTuples ?? 1)),
    run((c) => readTopQueries(c, rules.queryTextChars)),
    sizes,
    server,
  ]);
  const items: DatabaseHealthItem[] = [
    connectionsItem(rules, connections),
    longQueriesItem(rules, longQueries),
    blockingItem(rules, blocking),
    cacheItem(rules, cache),
    wraparoundItem(rules, wraparound),
    deadTuplesItem(rules, deadTuples),
    sizesItem(rules, sizesRead),
    ...(serverRead ? [serverItem(serverRead)] : []),
    topQueriesItem(rules, top),
  ];
  return assembleReport(items, { database: reach.value, checkedAt: new Date(started), tookMs: Date.now() - started });
}

/** The report when the database cannot be queried at all: say why, and still show what ARM says about the server. */
export function unreachableReport(message: string, server: Probe<ServerSnapshot> | null, started = Date.now()): DatabaseHealthReport {
  const items: DatabaseHealthItem[] = [
    { key: "connection", title: "Connection", verdict: "unknown", summary: `unknown: the console cannot query the database: ${message}`, data: { message } },
    ...(server ? [serverItem(server)] : []),
  ];
  return assembleReport(items, { database: null, checkedAt: new Date(started), tookMs: Date.now() - started });
}

export async function withTimeout<T>(load: () => Promise<T>, ms: number): Promise<Probe<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Probe<T>>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: "timeout", message: `ARM did not answer within ${ms / 1000} s` }), ms);
  });
  try {
    return await Promise.race([
      load().then(
        (value): Probe<T> => ({ ok: true, value }),
        (err: unknown): Probe<T> => ({ ok: false, reason: "error", message: `ARM: ${err instanceof Error ? err.message : String(err)}` }),
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every threshold the database health page judges by, in one place (issue #6 item 3). Each value
 * says why it is where it is; `databaseHealth(pool, { rules })` takes overrides (tests, and an admin
 * with a different workload) merged over these defaults. Pure data and pure judgements only.
 */
import { judge, worst, type Threshold, type Verdict } from "../verdict";

export interface DatabaseRules {
  /** Each query's own `SET LOCAL statement_timeout`: one slow catalog view must never hang the page. */
  statementTimeoutMs: number;
  /** How long the ARM read of the server (HA, backups) may take before its item says unknown. */
  armTimeoutMs: number;
  /** Client connections used / connections available to non-superusers (max_connections minus reserved). */
  connectionsUsed: Threshold;
  /** Oldest "idle in transaction" session, seconds: it holds locks and stops vacuum from cleaning up. */
  idleInTransactionSeconds: Threshold;
  /** Longest running statement (or open transaction), seconds. */
  longQuerySeconds: Threshold;
  /** A statement or open transaction is listed as long-running from this age on, seconds. */
  listLongQueriesAfterSeconds: number;
  /** Longest a blocked statement has been waiting on another backend's lock, seconds. */
  blockedSeconds: Threshold;
  /** Buffer cache hit ratio (blks_hit / (blks_hit + blks_read)), lower is worse. */
  cacheHitRatio: Threshold;
  /** Fewer block reads than this since the stats reset is too little traffic to judge the cache by. */
  cacheMinBlocks: number;
  /** Oldest datfrozenxid age as a fraction of the 2^31 transaction-ID space. */
  wraparoundFraction: Threshold;
  /** Oldest datfrozenxid age / autovacuum_freeze_max_age: above 1 anti-wraparound vacuum is due or running. */
  freezeMaxAgeRatio: Threshold;
  /** Dead tuples / (live + dead) of a table. */
  deadTupleRatio: Threshold;
  /** Dead tuples / the table's autovacuum trigger point: how far autovacuum is behind. */
  autovacuumLag: Threshold;
  /** Tables with fewer dead tuples than this are not judged (a 10-row table at 50 % dead is harmless). */
  minDeadTuples: number;
  /** Sum of database sizes / the server's provisioned storage. */
  storageUsed: Threshold;
  /** Mean execution time of the statements using the most total time (pg_stat_statements), ms. */
  topQueryMeanMs: Threshold;
  /** Rows per page of the long lists (long queries, dead tuples per table). */
  pageSize: number;
  /** Characters of query text shown (and at most audited); the rest is cut. */
  queryTextChars: number;
}

export const DATABASE_RULES: DatabaseRules = {
  // 3 s: the catalog views below answer in milliseconds on a healthy server; 3 s means it is not
  // healthy, and the page still renders in well under the 10 s an admin waits.
  statementTimeoutMs: 3_000,
  // ARM answers a GET in well under a second; 5 s covers a throttled retry without stalling the page.
  armTimeoutMs: 5_000,
  // 75 %: time to look before the pool of an OpenHands replica burst (scale-out, restarts) hits
  // the wall; 90 %: new connections start failing with "remaining connection slots are reserved".
  connectionsUsed: { warn: 0.75, critical: 0.9, worse: "above" },
  // A minute idle in a transaction is already a client bug (a forgotten commit); 5 minutes holds
  // back vacuum on every table it touched and usually blocks someone.
  idleInTransactionSeconds: { warn: 60, critical: 300, worse: "above" },
  // OpenHands' own queries are short OLTP statements (conversation metadata, settings); a minute
  // is a report or a missing index, 5 minutes is a runaway that holds snapshots and locks.
  longQuerySeconds: { warn: 60, critical: 300, worse: "above" },
  listLongQueriesAfterSeconds: 5,
  // Lock waits of a few seconds happen under load; 10 s is visible to users, a minute is an outage
  // of whatever waits (usually a migration or a forgotten transaction at the chain's root).
  blockedSeconds: { warn: 10, critical: 60, worse: "above" },
  // OLTP working sets should sit in shared_buffers: below 99 % the server reads from disk often,
  // below 95 % it is undersized for its workload (the common guidance for PostgreSQL OLTP).
  cacheHitRatio: { warn: 0.99, critical: 0.95, worse: "below" },
  cacheMinBlocks: 10_000,
  // PostgreSQL refuses writes shortly before 2^31; at half of it anti-wraparound vacuum has clearly
  // failed for a long time, at three quarters there are days (at OpenHands' write rate) to act.
  wraparoundFraction: { warn: 0.5, critical: 0.75, worse: "above" },
  // Autovacuum starts an aggressive freeze at 1× autovacuum_freeze_max_age; still above 1.5× means
  // it cannot finish (a long transaction or a replication slot holds the horizon back). No critical:
  // the wraparound fraction above is what turns this critical.
  freezeMaxAgeRatio: { warn: 1.5, critical: Number.POSITIVE_INFINITY, worse: "above" },
  // 20 % dead is autovacuum's own default trigger (scale factor 0.2); half the table dead means
  // scans read twice the pages they need.
  deadTupleRatio: { warn: 0.2, critical: 0.5, worse: "above" },
  // Autovacuum wakes every minute: a table briefly past its trigger is normal, twice past it means
  // autovacuum is not keeping up, ten times means it is disabled, blocked or starved of workers.
  autovacuumLag: { warn: 2, critical: 10, worse: "above" },
  minDeadTuples: 1_000,
  // Azure Database for PostgreSQL flexible server turns read-only at 95 % storage: warn at 80 %
  // (enable storage autogrow or scale), critical at 90 %.
  storageUsed: { warn: 0.8, critical: 0.9, worse: "above" },
  // The statements using the most total time should be fast OLTP; a mean of a second is a
  // candidate for an index, ten seconds is a problem users feel.
  topQueryMeanMs: { warn: 1_000, critical: 10_000, worse: "above" },
  pageSize: 20,
  queryTextChars: 300,
};

export type DatabaseRulesOverride = { [K in keyof DatabaseRules]?: DatabaseRules[K] };

export function databaseRules(override: DatabaseRulesOverride = {}): DatabaseRules {
  return { ...DATABASE_RULES, ...override };
}

/** Connections: the share in use, and the oldest idle-in-transaction session. */
export function connectionsVerdict(r: DatabaseRules, usedFraction: number | null, oldestIdleInTransactionSeconds: number | null): Verdict {
  return worst([judge(usedFraction, r.connectionsUsed), oldestIdleInTransactionSeconds === null ? "ok" : judge(oldestIdleInTransactionSeconds, r.idleInTransactionSeconds)]);
}

/** One dead-tuple row: not judged below `minDeadTuples`; else the worse of dead ratio and autovacuum lag. */
export function deadTuplesVerdict(r: DatabaseRules, row: { deadTuples: number; deadRatio: number; autovacuumLag: number | null }): Verdict {
  if (row.deadTuples < r.minDeadTuples) return "ok";
  return worst([judge(row.deadRatio, r.deadTupleRatio), row.autovacuumLag === null ? "ok" : judge(row.autovacuumLag, r.autovacuumLag)]);
}

/** Cache hit ratio, or ok when there has been too little traffic for the ratio to mean anything. */
export function cacheVerdict(r: DatabaseRules, hits: number, reads: number): Verdict {
  if (hits + reads < r.cacheMinBlocks) return "ok";
  return judge(hits / (hits + reads), r.cacheHitRatio);
}

export const TRANSACTION_ID_SPACE = 2 ** 31;

export function wraparoundVerdict(r: DatabaseRules, oldestXidAge: number, freezeMaxAge: number): Verdict {
  return worst([judge(oldestXidAge / TRANSACTION_ID_SPACE, r.wraparoundFraction), freezeMaxAge > 0 ? judge(oldestXidAge / freezeMaxAge, r.freezeMaxAgeRatio) : "ok"]);
}

/** ARM server state → verdict: anything but Ready means OpenHands cannot rely on the server now. */
export const SERVER_STATE_VERDICT: Readonly<Record<string, Verdict>> = {
  Ready: "ok",
  Starting: "warn",
  Updating: "warn",
  Provisioning: "warn",
  Restarting: "warn",
  Stopping: "critical",
  Stopped: "critical",
  Disabled: "critical",
  Dropping: "critical",
  Inaccessible: "critical",
};

/**
 * HA state → verdict (only when HA is configured). A standby being built or catching up means a
 * failover now would not be clean (warn); failing over, or a standby gone, is critical.
 */
export const HA_STATE_VERDICT: Readonly<Record<string, Verdict>> = {
  Healthy: "ok",
  NotEnabled: "ok",
  CreatingStandby: "warn",
  ReplicatingData: "warn",
  RemovingStandby: "warn",
  FailingOver: "critical",
  NotHealthy: "critical",
};

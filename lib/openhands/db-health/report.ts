/**
 * From what the probes read to verdicts and sentences: pure, so each boundary is unit-tested
 * without a server. A probe that failed becomes "unknown: <why>", never a silent ok.
 */
import { cacheVerdict, connectionsVerdict, wraparoundVerdict, TRANSACTION_ID_SPACE, type DatabaseRules } from "@/lib/openhands/db-health/rules";
import { judge, worst } from "@/lib/openhands/verdict";
import type { Probe } from "./read-only";
import { serverSummary, serverVerdict } from "./server";
import type { DeadTuplesRead } from "./vacuum";
import type {
  BlockingData, CacheData, ConnectionsData, DatabaseHealthItem, DatabaseHealthReport, HealthItem, LongQueriesData, ServerSnapshot, SizesData, TopQueriesData, WraparoundData,
} from "./types";

const pct = (f: number, digits = 0) => `${(f * 100).toFixed(digits)} %`;

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function formatBytes(b: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

function item<K extends DatabaseHealthItem["key"], D>(key: K, title: string, probe: Probe<D>, judgeIt: (d: D) => { verdict: HealthItem<K, D>["verdict"]; summary: string }, optional?: boolean): HealthItem<K, D> {
  if (!probe.ok) return { key, title, verdict: "unknown", summary: `unknown: ${probe.message}`, data: null, ...(optional ? { optional } : {}) };
  return { key, title, data: probe.value, ...judgeIt(probe.value), ...(optional ? { optional } : {}) };
}

export function connectionsItem(r: DatabaseRules, p: Probe<ConnectionsData>) {
  return item("connections", "Connections", p, (d) => {
    const idle = d.oldestIdleInTransactionSeconds;
    return {
      verdict: connectionsVerdict(r, d.usedFraction, idle),
      summary: `${d.used} of ${d.available} connections in use (${pct(d.usedFraction)}; max_connections ${d.maxConnections}, ${d.reserved} reserved)${idle !== null ? `; oldest idle in transaction ${formatSeconds(idle)}` : ""}.`,
    };
  });
}

export function longQueriesItem(r: DatabaseRules, p: Probe<LongQueriesData>) {
  return item("long-queries", "Long-running queries", p, (d) => {
    const longest = d.longestActiveSeconds ?? 0;
    const listed = d.page.total === 0 ? `nothing running longer than ${d.listAfterSeconds} s` : `${d.page.total} session${d.page.total === 1 ? "" : "s"} busy for ${d.listAfterSeconds} s or more`;
    return { verdict: judge(longest, r.longQuerySeconds), summary: `Longest running statement ${formatSeconds(longest)}; ${listed}.` };
  });
}

export function blockingItem(r: DatabaseRules, p: Probe<BlockingData>) {
  return item("blocking", "Blocked queries", p, (d) => {
    if (d.chains.length === 0) return { verdict: "ok", summary: "No session is waiting on another session's lock." };
    const roots = new Set(d.chains.map((c) => c.path[0]));
    return {
      verdict: judge(d.longestBlockedSeconds ?? 0, r.blockedSeconds),
      summary: `${d.chains.length} blocked session${d.chains.length === 1 ? "" : "s"} behind ${roots.size} blocking root${roots.size === 1 ? "" : "s"}; longest wait ${formatSeconds(d.longestBlockedSeconds ?? 0)}.`,
    };
  });
}

export function cacheItem(r: DatabaseRules, p: Probe<CacheData>) {
  return item("cache", "Cache hit ratio", p, (d) => {
    const verdict = cacheVerdict(r, d.hits, d.reads);
    if (d.hits + d.reads < r.cacheMinBlocks) return { verdict, summary: `Too little traffic to judge yet (${d.hits + d.reads} block reads since the statistics were reset).` };
    return { verdict, summary: `${pct(d.ratio ?? 0, 2)} of block reads served from shared buffers.` };
  });
}

export function wraparoundItem(r: DatabaseRules, p: Probe<WraparoundData>) {
  return item("wraparound", "Transaction-ID wraparound", p, (d) => {
    const oldest = d.databases[0];
    if (!oldest) return { verdict: "ok", summary: "No database accepts connections." };
    const age = Math.max(oldest.xidAge, oldest.mxidAge);
    return {
      verdict: wraparoundVerdict(r, age, d.freezeMaxAge),
      summary: `Oldest unfrozen transaction ID is ${Math.round(age).toLocaleString("en-US")} old in ${oldest.name}: ${pct(age / TRANSACTION_ID_SPACE, 1)} of the wraparound limit, ${(age / d.freezeMaxAge).toFixed(2)}× autovacuum_freeze_max_age.`,
    };
  });
}

export function deadTuplesItem(r: DatabaseRules, p: Probe<DeadTuplesRead>) {
  return item("dead-tuples", "Dead tuples and autovacuum", p, (d) => {
    const verdict = worst([d.worstRatio === null ? "ok" : judge(d.worstRatio, r.deadTupleRatio), d.worstLag === null ? "ok" : judge(d.worstLag, r.autovacuumLag)]);
    const top = d.page.page === 1 ? d.page.rows[0] : undefined;
    const topText = top && top.deadTuples > 0 ? `; most dead tuples in ${top.schema}.${top.table}: ${top.deadTuples.toLocaleString("en-US")} (${pct(top.deadRatio)})` : "";
    return { verdict, summary: `${d.page.total} table${d.page.total === 1 ? "" : "s"} in ${d.database}${topText}${d.autovacuumOn ? "" : "; autovacuum is OFF for the whole server"}.` };
  });
}

export function sizesItem(r: DatabaseRules, p: Probe<SizesData>) {
  return item("sizes", "Database sizes", p, (d) => {
    const total = `${formatBytes(d.totalBytes)} in ${d.databases.length} databases`;
    if (d.usedFraction === null || d.storageBytes === null) return { verdict: "unknown", summary: `${total}; the server's provisioned storage is not known (ARM not read), so not judged.` };
    return { verdict: judge(d.usedFraction, r.storageUsed), summary: `${total}: ${pct(d.usedFraction)} of ${formatBytes(d.storageBytes)} provisioned storage.` };
  });
}

export function serverItem(p: Probe<ServerSnapshot>) {
  return item("server", "Server, HA, backups and replication (ARM)", p, (d) => ({ verdict: serverVerdict(d), summary: serverSummary(d) }));
}

export function topQueriesItem(r: DatabaseRules, p: Probe<TopQueriesData>) {
  return item(
    "top-queries",
    "Top queries (pg_stat_statements)",
    p,
    (d) => {
      if (!d.available) return { verdict: "unknown", summary: `Not available: ${d.why}` };
      const slowest = d.queries.reduce((m, q) => Math.max(m, q.meanMs), 0);
      return { verdict: judge(slowest, r.topQueryMeanMs), summary: `${d.queries.length} statements by total time; slowest mean ${slowest.toFixed(1)} ms.` };
    },
    true,
  );
}

/** The page verdict: the worst item, except optional items that could not be read. */
export function assembleReport(items: DatabaseHealthItem[], meta: { database: string | null; checkedAt: Date; tookMs: number }): DatabaseHealthReport {
  const counted = items.filter((i) => !(i.optional && i.verdict === "unknown"));
  return { verdict: worst(counted.map((i) => i.verdict)), database: meta.database, checkedAt: meta.checkedAt.toISOString(), tookMs: meta.tookMs, items };
}

/**
 * From evidence (two INFO samples, SLOWLOG, the keyspace sample) to the items the page shows, each
 * judged with the thresholds of `lib/openhands/redis-health/rules.ts`. Pure: unit-tested with fixtures.
 * Counters (evictions, hits/misses) are judged over the sampling window between two INFO samples,
 * never by their lifetime value, which only ever grows.
 */
import { judge, type Verdict } from "../verdict";
import { REDIS_RULES as R, skuLabel, skuMaxClients, skuMemoryBytes, type RedisSku } from "./rules";
import type { InfoSample } from "./info";
import type { KeyspaceSample } from "./keyspace";
import type { SlowlogEntry } from "./slowlog";
import { formatBytes, formatDuration, formatMicros, formatPercent } from "./format";

export interface RedisHealthItem {
  key: string;
  title: string;
  verdict: Verdict;
  summary: string;
  /** The judged number (ratio, rate, count), when there is one. */
  value?: number | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface RedisEvidence {
  /** The latest INFO. */
  info: Outcome<InfoSample>;
  /** An earlier INFO of the same server run, the start of the sampling window; null when there is none. */
  previous: InfoSample | null;
  /** Key lookups the console itself made inside the window (keyspace sampling): not OpenHands' traffic. */
  ownLookups?: { hits: number; misses: number };
  slowlog: Outcome<{ length: number; entries: SlowlogEntry[] }>;
  /** null: not sampled (a quick look) — no keyspace item. */
  keyspace: Outcome<KeyspaceSample> | null;
  /** From ARM (`redis.get`): the limits when the server does not report them. */
  sku?: RedisSku;
  now: number;
}

const unknown = (key: string, title: string, reason: string): RedisHealthItem => ({ key, title, verdict: "unknown", summary: `unknown: ${reason}` });

function memoryItem(i: InfoSample, sku: RedisSku | undefined): RedisHealthItem {
  const title = "Memory";
  if (i.usedMemory === null) return unknown("memory", title, "INFO reports no used_memory");
  const skuBytes = skuMemoryBytes(sku);
  const [limit, against] =
    i.maxmemory && i.maxmemory > 0
      ? [i.maxmemory, "maxmemory"]
      : skuBytes && sku
        ? [skuBytes, `the ${skuLabel(sku)} cache size (maxmemory is 0: no limit set)`]
        : i.totalSystemMemory
          ? [i.totalSystemMemory, "the machine's memory (maxmemory is 0 and the SKU is unknown)"]
          : [null, ""];
  if (!limit) return unknown("memory", title, `${formatBytes(i.usedMemory)} used, no limit to compare with`);
  const ratio = i.usedMemory / limit;
  const policy = i.maxmemoryPolicy ?? "unknown";
  const atLimit =
    policy === "noeviction"
      ? "at the limit writes fail with OOM errors"
      : policy.startsWith("volatile")
        ? "at the limit Redis evicts keys that have a TTL (OpenHands' ohcnv entries)"
        : policy.startsWith("allkeys")
          ? "at the limit Redis evicts any key"
          : "";
  return {
    key: "memory",
    title,
    verdict: judge(ratio, R.memoryUsed),
    value: ratio,
    summary: `${formatBytes(i.usedMemory)} of ${formatBytes(limit)} (${formatPercent(ratio)}) against ${against}; policy ${policy}${atLimit ? `: ${atLimit}` : ""}`,
  };
}

/** A counter's growth over the window, or null when the window is missing or spans a restart. */
function delta(prev: InfoSample | null, cur: InfoSample, pick: (s: InfoSample) => number | null): { n: number; ms: number } | null {
  if (!prev || prev.runId !== cur.runId) return null;
  const a = pick(prev);
  const b = pick(cur);
  if (a === null || b === null || b < a || cur.at <= prev.at) return null;
  return { n: b - a, ms: cur.at - prev.at };
}

function evictionsItem(prev: InfoSample | null, i: InfoSample): RedisHealthItem {
  const title = "Evictions";
  const d = delta(prev, i, (s) => s.evictedKeys);
  if (!d) return unknown("evictions", title, i.evictedKeys === null ? "INFO reports no evicted_keys" : "no earlier sample of this server run to compare with");
  const perMinute = (d.n / d.ms) * 60_000;
  return {
    key: "evictions",
    title,
    verdict: judge(perMinute, R.evictionsPerMinute),
    value: perMinute,
    summary: `${d.n} key${d.n === 1 ? "" : "s"} evicted in the last ${formatDuration(d.ms / 1000)} (${perMinute.toFixed(1)}/min); ${i.evictedKeys} since start`,
  };
}

function hitRatioItem(prev: InfoSample | null, i: InfoSample, own: { hits: number; misses: number }): RedisHealthItem {
  const title = "Hit ratio";
  if (i.keyspaceHits === null || i.keyspaceMisses === null) return unknown("hit-ratio", title, "INFO reports no keyspace_hits/misses");
  const d = { hits: delta(prev, i, (s) => s.keyspaceHits), misses: delta(prev, i, (s) => s.keyspaceMisses) };
  const hits = d.hits && { ...d.hits, n: Math.max(0, d.hits.n - own.hits) };
  const misses = d.misses && { ...d.misses, n: Math.max(0, d.misses.n - own.misses) };
  const window = hits && misses && hits.n + misses.n >= R.hitRatioMinLookups ? { hits: hits.n, misses: misses.n, ms: hits.ms } : null;
  const [h, m, over] = window
    ? [window.hits, window.misses, `in the last ${formatDuration(window.ms / 1000)}`]
    : [i.keyspaceHits, i.keyspaceMisses, "since start"];
  if (h + m < R.hitRatioMinLookups) {
    return { key: "hit-ratio", title, verdict: "ok", value: null, summary: `too few lookups to judge (${h + m} since start)` };
  }
  const ratio = h / (h + m);
  return { key: "hit-ratio", title, verdict: judge(ratio, R.hitRatio), value: ratio, summary: `${formatPercent(ratio)} ${over} (${h} hits, ${m} misses)` };
}

function clientsItem(i: InfoSample, sku: RedisSku | undefined): RedisHealthItem {
  const title = "Connected clients";
  if (i.connectedClients === null) return unknown("clients", title, "INFO reports no connected_clients");
  const max = i.maxclients ?? skuMaxClients(sku) ?? null;
  if (!max) return unknown("clients", title, `${i.connectedClients} connected; maxclients is not reported and the SKU is unknown`);
  const ratio = i.connectedClients / max;
  const source = i.maxclients ? "maxclients" : `the ${sku ? skuLabel(sku) : ""} limit`;
  const rejected = i.rejectedConnections ? `; ${i.rejectedConnections} connections rejected since start` : "";
  return { key: "clients", title, verdict: judge(ratio, R.clients), value: ratio, summary: `${i.connectedClients} of ${max} (${formatPercent(ratio)}, ${source})${rejected}` };
}

function blockedItem(i: InfoSample): RedisHealthItem {
  if (i.blockedClients === null) return unknown("blocked-clients", "Blocked clients", "INFO reports no blocked_clients");
  return { key: "blocked-clients", title: "Blocked clients", verdict: judge(i.blockedClients, R.blockedClients), value: i.blockedClients, summary: `${i.blockedClients} waiting in a blocking command` };
}

function opsItem(i: InfoSample): RedisHealthItem {
  if (i.opsPerSecond === null) return unknown("ops", "Operations per second", "INFO reports no instantaneous_ops_per_sec");
  return { key: "ops", title: "Operations per second", verdict: judge(i.opsPerSecond, R.opsPerSecond), value: i.opsPerSecond, summary: `${i.opsPerSecond} ops/s (instantaneous)` };
}

function fragmentationItem(i: InfoSample): RedisHealthItem {
  const title = "Fragmentation";
  if (i.fragmentationRatio === null || i.usedMemory === null) return unknown("fragmentation", title, "INFO reports no mem_fragmentation_ratio");
  const rss = `RSS ${formatBytes(i.usedMemoryRss)} for ${formatBytes(i.usedMemory)} used`;
  if (i.usedMemory < R.fragmentationMinUsedBytes) {
    return { key: "fragmentation", title, verdict: "ok", value: i.fragmentationRatio, summary: `ratio ${i.fragmentationRatio} (${rss}): not meaningful below ${formatBytes(R.fragmentationMinUsedBytes)} used` };
  }
  if (i.fragmentationRatio < R.fragmentationSwapRatio) {
    return { key: "fragmentation", title, verdict: "critical", value: i.fragmentationRatio, summary: `ratio ${i.fragmentationRatio} (${rss}): the OS is swapping Redis' memory` };
  }
  return { key: "fragmentation", title, verdict: judge(i.fragmentationRatio, R.fragmentation), value: i.fragmentationRatio, summary: `ratio ${i.fragmentationRatio} (${rss})` };
}

function slowlogItem(s: RedisEvidence["slowlog"], now: number): RedisHealthItem {
  const title = "Slow log";
  if (!s.ok) return unknown("slowlog", title, s.reason);
  const lastHour = s.value.entries.filter((e) => now - e.at <= R.slowlogRecentMs);
  // The console's own commands (its SCAN sample) are left out of the verdict, but said.
  const own = lastHour.filter((e) => e.own);
  const recent = lastHour.filter((e) => !e.own);
  const slowestOf = (list: SlowlogEntry[]) => list.reduce((a, b) => (b.durationMicros > a.durationMicros ? b : a));
  const ownNote = own.length === 0 ? "" : `; ${own.length} of the console's own (slowest ${formatMicros(slowestOf(own).durationMicros)}, ${slowestOf(own).command}) not counted`;
  if (recent.length === 0) return { key: "slowlog", title, verdict: "ok", value: 0, summary: `no slow commands in the last hour (${s.value.length} ${s.value.length === 1 ? "entry" : "entries"} in the log)${ownNote}` };
  const slowest = slowestOf(recent);
  const ms = slowest.durationMicros / 1000;
  return {
    key: "slowlog",
    title,
    verdict: judge(ms, R.slowestCommandMs),
    value: ms,
    summary: `${recent.length} of the last ${s.value.entries.length} logged commands ran in the last hour; slowest ${formatMicros(slowest.durationMicros)} (${slowest.command})${ownNote}`,
  };
}

function replicationItem(i: InfoSample): RedisHealthItem {
  const title = "Replication";
  if (!i.role) return unknown("replication", title, "INFO reports no role");
  if (i.loading) return { key: "replication", title, verdict: "warn", summary: `role ${i.role}: loading its dataset, commands wait` };
  if (i.role === "slave" || i.role === "replica") {
    const down = i.masterLinkStatus !== "up";
    return { key: "replication", title, verdict: down ? "critical" : "warn", summary: `role replica (link to primary ${i.masterLinkStatus ?? "unknown"}): OpenHands' writes would be refused` };
  }
  const replicas = i.connectedReplicas ?? 0;
  return { key: "replication", title, verdict: "ok", value: replicas, summary: `role ${i.role}, ${replicas} replica${replicas === 1 ? "" : "s"} connected` };
}

function uptimeItem(i: InfoSample): RedisHealthItem {
  if (i.uptimeSeconds === null) return unknown("uptime", "Uptime", "INFO reports no uptime_in_seconds");
  const recent = i.uptimeSeconds < R.recentRestartSeconds;
  return {
    key: "uptime",
    title: "Uptime",
    verdict: recent ? "warn" : "ok",
    value: i.uptimeSeconds,
    summary: `${formatDuration(i.uptimeSeconds)}${recent ? ": restarted recently — keys set before the restart are gone (no persistence)" : ""}`,
  };
}

function versionItem(i: InfoSample): RedisHealthItem {
  if (!i.version) return unknown("version", "Version", "INFO reports no redis_version");
  const major = Number(i.version.split(".")[0]);
  const old = Number.isFinite(major) && major < R.oldestSupportedMajor;
  return { key: "version", title: "Version", verdict: old ? "warn" : "ok", summary: `Redis ${i.version}${i.mode ? ` (${i.mode})` : ""}${old ? `: older than ${R.oldestSupportedMajor}, no longer supported by Azure` : ""}` };
}

function keyspaceItem(k: Outcome<KeyspaceSample>): RedisHealthItem {
  const title = "Keyspace (sample)";
  if (!k.ok) return unknown("keyspace", title, k.reason);
  const s = k.value;
  const ohcnv = s.prefixes.find((p) => p.prefix === "ohcnv");
  const noTtl = ohcnv?.withoutTtl ?? 0;
  const sample = `${s.scanned} of ${s.dbsize} keys scanned${s.stoppedBy === "end" ? "" : ` (stopped at the ${s.stoppedBy === "max-keys" ? "key" : "time"} budget)`}`;
  const conversations = ohcnv ? `, ${ohcnv.sampled} ohcnv (running conversations)` : ", no ohcnv keys (no conversation running)";
  return {
    key: "keyspace",
    title,
    verdict: judge(noTtl, R.ohcnvWithoutTtl),
    value: noTtl,
    summary: `${sample}${conversations}${noTtl > 0 ? `; ${noTtl} ohcnv keys have no TTL and will never expire` : ""}`,
  };
}

export function redisHealthItems(e: RedisEvidence): RedisHealthItem[] {
  const info = e.info;
  const fromInfo: RedisHealthItem[] = info.ok
    ? [memoryItem(info.value, e.sku), evictionsItem(e.previous, info.value), hitRatioItem(e.previous, info.value, e.ownLookups ?? { hits: 0, misses: 0 }), clientsItem(info.value, e.sku), blockedItem(info.value), opsItem(info.value), fragmentationItem(info.value)]
    : [
        ["memory", "Memory"],
        ["evictions", "Evictions"],
        ["hit-ratio", "Hit ratio"],
        ["clients", "Connected clients"],
        ["blocked-clients", "Blocked clients"],
        ["ops", "Operations per second"],
        ["fragmentation", "Fragmentation"],
      ].map(([k, t]) => unknown(k ?? "", t ?? "", info.reason));
  const server: RedisHealthItem[] = info.ok
    ? [replicationItem(info.value), uptimeItem(info.value), versionItem(info.value)]
    : [unknown("replication", "Replication", info.reason), unknown("uptime", "Uptime", info.reason), unknown("version", "Version", info.reason)];
  return [...fromInfo, slowlogItem(e.slowlog, e.now), ...(e.keyspace ? [keyspaceItem(e.keyspace)] : []), ...server];
}

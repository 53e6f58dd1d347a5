/**
 * Parsing of Redis `INFO` text: `# Section` headers and `field:value` lines. Only the fields the
 * health page judges are lifted into a typed `InfoSample`; a field a server does not report
 * (older Redis, Azure hiding it) is null, never 0 — the verdict is then "unknown", not "ok".
 */

export type InfoSections = Record<string, Record<string, string>>;

export function parseInfo(text: string): InfoSections {
  const sections: InfoSections = {};
  let current: Record<string, string> = (sections.default = {});
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const name = line.slice(1).trim().toLowerCase();
      current = sections[name] ?? (sections[name] = {});
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    current[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return sections;
}

/** `keys=12,expires=3,avg_ttl=1000` → { keys: 12, expires: 3, avg_ttl: 1000 } (keyspace and commandstats lines). */
export function parseFields(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const n = Number(pair.slice(eq + 1));
    if (Number.isFinite(n)) out[pair.slice(0, eq)] = n;
  }
  return out;
}

export interface KeyspaceLine {
  db: number;
  keys: number;
  expires: number;
  avgTtlMs: number;
}

/** A moment's INFO, reduced to what the rules read. Counters (evicted, hits, misses) are lifetime values. */
export interface InfoSample {
  /** Date.now() when the reply arrived. */
  at: number;
  /** Changes on every restart: a counter delta across two run ids is meaningless. */
  runId: string | null;
  version: string | null;
  mode: string | null;
  uptimeSeconds: number | null;
  usedMemory: number | null;
  usedMemoryRss: number | null;
  usedMemoryPeak: number | null;
  maxmemory: number | null;
  maxmemoryPolicy: string | null;
  fragmentationRatio: number | null;
  totalSystemMemory: number | null;
  connectedClients: number | null;
  /** Redis 7 reports it in INFO clients; older servers only via CONFIG GET (disabled on Azure). */
  maxclients: number | null;
  blockedClients: number | null;
  opsPerSecond: number | null;
  evictedKeys: number | null;
  expiredKeys: number | null;
  keyspaceHits: number | null;
  keyspaceMisses: number | null;
  rejectedConnections: number | null;
  role: string | null;
  connectedReplicas: number | null;
  masterLinkStatus: string | null;
  loading: boolean | null;
  keyspace: KeyspaceLine[];
}

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function infoSample(sections: InfoSections, at: number): InfoSample {
  const all: Record<string, string> = Object.assign({}, ...Object.values(sections)) as Record<string, string>;
  const keyspace: KeyspaceLine[] = Object.entries(sections.keyspace ?? {})
    .filter(([k]) => /^db\d+$/.test(k))
    .map(([k, v]) => {
      const f = parseFields(v);
      return { db: Number(k.slice(2)), keys: f.keys ?? 0, expires: f.expires ?? 0, avgTtlMs: f.avg_ttl ?? 0 };
    });
  const loading = num(all.loading);
  return {
    at,
    runId: all.run_id ?? null,
    version: all.redis_version ?? null,
    mode: all.redis_mode ?? null,
    uptimeSeconds: num(all.uptime_in_seconds),
    usedMemory: num(all.used_memory),
    usedMemoryRss: num(all.used_memory_rss),
    usedMemoryPeak: num(all.used_memory_peak),
    maxmemory: num(all.maxmemory),
    maxmemoryPolicy: all.maxmemory_policy ?? null,
    fragmentationRatio: num(all.mem_fragmentation_ratio),
    totalSystemMemory: num(all.total_system_memory),
    connectedClients: num(all.connected_clients),
    maxclients: num(all.maxclients),
    blockedClients: num(all.blocked_clients),
    opsPerSecond: num(all.instantaneous_ops_per_sec),
    evictedKeys: num(all.evicted_keys),
    expiredKeys: num(all.expired_keys),
    keyspaceHits: num(all.keyspace_hits),
    keyspaceMisses: num(all.keyspace_misses),
    rejectedConnections: num(all.rejected_connections),
    role: all.role ?? null,
    connectedReplicas: num(all.connected_slaves),
    masterLinkStatus: all.master_link_status ?? null,
    loading: loading === null ? null : loading === 1,
    keyspace,
  };
}

/** Calls of one command from `INFO commandstats` (`cmdstat_keys:calls=3,...`); 0 when never called. */
export function commandCalls(sections: InfoSections, command: string): number {
  const line = sections.commandstats?.[`cmdstat_${command.toLowerCase()}`];
  return line ? (parseFields(line).calls ?? 0) : 0;
}

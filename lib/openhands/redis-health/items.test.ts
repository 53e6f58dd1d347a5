import { describe, expect, it } from "vitest";
import type { InfoSample } from "./info";
import { redisHealthItems, type RedisEvidence, type RedisHealthItem } from "./items";
import type { KeyspaceSample } from "./keyspace";
import type { SlowlogEntry } from "./slowlog";

const MB = 1024 ** 2;
const NOW = 1_800_000_000_000;

function makeInfo(o: Partial<InfoSample> = {}): InfoSample {
  return {
    at: NOW, runId: "run-1", version: "7.0.15", mode: "standalone", uptimeSeconds: 86_400, usedMemory: 100 * MB, usedMemoryRss: 110 * MB,
    usedMemoryPeak: 120 * MB, maxmemory: 1000 * MB, maxmemoryPolicy: "volatile-lru", fragmentationRatio: 1.1, totalSystemMemory: 8192 * MB,
    connectedClients: 10, maxclients: 1000, blockedClients: 0, opsPerSecond: 100, evictedKeys: 0, expiredKeys: 0, keyspaceHits: 1000,
    keyspaceMisses: 10, rejectedConnections: 0, role: "master", connectedReplicas: 1, masterLinkStatus: null, loading: false, keyspace: [], ...o,
  };
}

function makeSlow(o: Partial<SlowlogEntry> = {}): SlowlogEntry {
  return { id: 1, at: NOW - 60_000, durationMicros: 12_000, command: "GET", keys: ["k"], redacted: "GET k", client: "", clientName: "", own: false, ...o };
}

const keyspace = (o: Partial<KeyspaceSample> = {}): KeyspaceSample => ({ dbsize: 3, scanned: 3, stoppedBy: "end", scanCalls: 1, elapsedMs: 2, prefixes: [], lookups: { hits: 3, misses: 0 }, ...o });

function evidence(o: Partial<RedisEvidence> = {}): RedisEvidence {
  const info = makeInfo();
  return {
    info: { ok: true, value: info },
    previous: makeInfo({ at: NOW - 30_000 }),
    slowlog: { ok: true, value: { length: 0, entries: [] } },
    keyspace: { ok: true, value: keyspace() },
    now: NOW,
    ...o,
  };
}

const item = (items: RedisHealthItem[], key: string) => {
  const found = items.find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
};
const withInfo = (cur: Partial<InfoSample>, prev: Partial<InfoSample> = {}, extra: Partial<RedisEvidence> = {}) =>
  redisHealthItems(evidence({ info: { ok: true, value: makeInfo(cur) }, previous: makeInfo({ at: NOW - 30_000, ...prev }), ...extra }));

describe("redis health items", () => {
  it("a healthy cache is ok throughout", () => {
    const items = redisHealthItems(evidence());
    expect(items.map((i) => [i.key, i.verdict])).toEqual([
      ["memory", "ok"], ["evictions", "ok"], ["hit-ratio", "ok"], ["clients", "ok"], ["blocked-clients", "ok"], ["ops", "ok"],
      ["fragmentation", "ok"], ["slowlog", "ok"], ["keyspace", "ok"], ["replication", "ok"], ["uptime", "ok"], ["version", "ok"],
    ]);
  });

  it("memory against maxmemory, with what the policy does at the limit", () => {
    expect(item(withInfo({ usedMemory: 850 * MB }), "memory")).toMatchObject({ verdict: "warn", value: 0.85 });
    const full = item(withInfo({ usedMemory: 950 * MB, maxmemoryPolicy: "noeviction" }), "memory");
    expect(full.verdict).toBe("critical");
    expect(full.summary).toMatch(/writes fail with OOM/);
  });

  it("maxmemory 0 is judged against the SKU size from ARM, else the machine's memory", () => {
    const sku = { name: "Standard", family: "C", capacity: 0 };
    const c0 = item(withInfo({ maxmemory: 0, usedMemory: 240 * MB }, {}, { sku }), "memory");
    expect(c0.verdict).toBe("critical");
    expect(c0.summary).toMatch(/Standard C0 cache size/);
    expect(item(withInfo({ maxmemory: 0, usedMemory: 240 * MB }), "memory").summary).toMatch(/machine's memory/);
    expect(item(withInfo({ maxmemory: 0, totalSystemMemory: null }), "memory").verdict).toBe("unknown");
  });

  it("evictions are the delta over the window, not the lifetime counter", () => {
    expect(item(withInfo({ evictedKeys: 5000 }, { evictedKeys: 5000 }), "evictions").verdict).toBe("ok");
    expect(item(withInfo({ evictedKeys: 5003 }, { evictedKeys: 5000 }), "evictions")).toMatchObject({ verdict: "warn", value: 6 });
    expect(item(withInfo({ evictedKeys: 5100 }, { evictedKeys: 5000 }), "evictions").verdict).toBe("critical");
    // A restart in between (other run id, counter reset): no window to judge.
    expect(item(withInfo({ evictedKeys: 2 }, { evictedKeys: 5000, runId: "run-0" }), "evictions").verdict).toBe("unknown");
    expect(item(redisHealthItems(evidence({ previous: null })), "evictions").summary).toMatch(/no earlier sample/);
  });

  it("hit ratio over the window when it saw enough lookups, else since start, else too few to judge", () => {
    expect(item(withInfo({ keyspaceHits: 1100, keyspaceMisses: 400 }, { keyspaceHits: 1000, keyspaceMisses: 10 }), "hit-ratio")).toMatchObject({ verdict: "critical" });
    expect(item(withInfo({ keyspaceHits: 1050, keyspaceMisses: 20 }, { keyspaceHits: 1000, keyspaceMisses: 10 }), "hit-ratio").summary).toMatch(/since start/);
    expect(item(withInfo({ keyspaceHits: 70, keyspaceMisses: 25 }, { keyspaceHits: 0, keyspaceMisses: 0 }), "hit-ratio")).toMatchObject({ verdict: "ok", value: null });
    // The console's own PTTL lookups inside the window are not OpenHands' traffic.
    expect(item(withInfo({ keyspaceHits: 11_000, keyspaceMisses: 310 }, { keyspaceHits: 1000, keyspaceMisses: 10 }, { ownLookups: { hits: 10_000, misses: 0 } }), "hit-ratio")).toMatchObject({ verdict: "critical", value: 0 });
    expect(item(withInfo({ keyspaceHits: 1300, keyspaceMisses: 110 }, { keyspaceHits: 1000, keyspaceMisses: 10 }), "hit-ratio").verdict).toBe("warn");
  });

  it("clients against maxclients, or the SKU limit when INFO lacks it", () => {
    expect(item(withInfo({ connectedClients: 960 }), "clients").verdict).toBe("critical");
    expect(item(withInfo({ connectedClients: 210, maxclients: null }, {}, { sku: { family: "C", capacity: 0 } }), "clients").verdict).toBe("warn");
    expect(item(withInfo({ maxclients: null }), "clients").verdict).toBe("unknown");
  });

  it("blocked clients, ops/s, fragmentation (only when meaningful; swap is critical)", () => {
    expect(item(withInfo({ blockedClients: 6 }), "blocked-clients").verdict).toBe("warn");
    expect(item(withInfo({ opsPerSecond: 90_000 }), "ops").verdict).toBe("critical");
    expect(item(withInfo({ fragmentationRatio: 1.7 }), "fragmentation").verdict).toBe("warn");
    expect(item(withInfo({ fragmentationRatio: 7, usedMemory: MB }), "fragmentation").verdict).toBe("ok");
    expect(item(withInfo({ fragmentationRatio: 0.6 }), "fragmentation").verdict).toBe("critical");
  });

  it("slowlog: the slowest command of the last hour; older entries do not count", () => {
    const slow = (entries: SlowlogEntry[]) => item(redisHealthItems(evidence({ slowlog: { ok: true, value: { length: entries.length, entries } } })), "slowlog");
    expect(slow([makeSlow({ durationMicros: 80_000, command: "EVAL" })])).toMatchObject({ verdict: "warn", value: 80 });
    expect(slow([makeSlow({ durationMicros: 900_000 })]).verdict).toBe("critical");
    expect(slow([makeSlow({ durationMicros: 900_000, at: NOW - 2 * 3_600_000 })]).verdict).toBe("ok");
  });

  it("slowlog: the console's own commands (its SCAN sample) are said but never judged", () => {
    const slow = (entries: SlowlogEntry[]) => item(redisHealthItems(evidence({ slowlog: { ok: true, value: { length: entries.length, entries } } })), "slowlog");
    const scan = makeSlow({ durationMicros: 80_600, command: "SCAN", clientName: "openhands-console", own: true });
    expect(slow([scan])).toMatchObject({ verdict: "ok", value: 0 });
    expect(slow([scan]).summary).toMatch(/1 of the console's own \(slowest 80\.6 ms, SCAN\) not counted/);
    // OpenHands' own slow command still counts beside it, and the console's SCAN is not named as the slowest.
    const both = slow([scan, makeSlow({ durationMicros: 60_000, command: "EVAL" })]);
    expect(both).toMatchObject({ verdict: "warn", value: 60 });
    expect(both.summary).toMatch(/slowest 60(\.0)? ms \(EVAL\)/);
  });

  it("a replica, a recent restart, an old version and ohcnv keys without TTL are flagged", () => {
    expect(item(withInfo({ role: "slave", masterLinkStatus: "down" }), "replication").verdict).toBe("critical");
    expect(item(withInfo({ uptimeSeconds: 30 }), "uptime").verdict).toBe("warn");
    expect(item(withInfo({ version: "4.0.14" }), "version").verdict).toBe("warn");
    const prefixes = [{ prefix: "ohcnv", sampled: 10, estimatedKeys: 10, withTtl: 8, withoutTtl: 2, ttl: { none: 2, "<1m": 8, "1m-1h": 0, "1h-1d": 0, ">1d": 0 }, memorySampled: 0, avgBytes: null, estimatedBytes: null }];
    const ks = item(redisHealthItems(evidence({ keyspace: { ok: true, value: keyspace({ prefixes, dbsize: 20, scanned: 10, stoppedBy: "max-keys" }) } })), "keyspace");
    expect(ks.verdict).toBe("warn");
    expect(ks.summary).toMatch(/10 of 20 keys scanned \(stopped at the key budget\)/);
  });

  it("a part that could not be read makes its items unknown with the reason", () => {
    const items = redisHealthItems(evidence({ info: { ok: false, reason: "timed out (INFO, 2000 ms)" }, slowlog: { ok: false, reason: "NOPERM" } }));
    expect(item(items, "memory")).toMatchObject({ verdict: "unknown", summary: "unknown: timed out (INFO, 2000 ms)" });
    expect(item(items, "slowlog").summary).toBe("unknown: NOPERM");
    expect(item(items, "keyspace").verdict).toBe("ok");
  });

  it("a quick look without the keyspace sample has no keyspace item", () => {
    expect(redisHealthItems(evidence({ keyspace: null })).map((i) => i.key)).not.toContain("keyspace");
  });
});

import { describe, expect, it } from "vitest";
import { commandCalls, infoSample, parseFields, parseInfo } from "./info";

// Trimmed from a real `INFO` of redis-server 7.0.15 (CRLF line ends as on the wire).
const INFO = [
  "# Server", "redis_version:7.0.15", "redis_mode:standalone", "run_id:2268d3221dec9e14ca1120373eb51dccc3357651", "uptime_in_seconds:288", "",
  "# Clients", "connected_clients:7", "maxclients:10000", "blocked_clients:1", "",
  "# Memory", "used_memory:1039888", "used_memory_human:1015.52K", "used_memory_rss:7057408", "used_memory_peak:1039888",
  "total_system_memory:25276063744", "maxmemory:0", "maxmemory_policy:noeviction", "mem_fragmentation_ratio:7.06", "",
  "# Persistence", "loading:0", "",
  "# Stats", "instantaneous_ops_per_sec:12", "rejected_connections:0", "expired_keys:4", "evicted_keys:3", "keyspace_hits:90", "keyspace_misses:10", "",
  "# Replication", "role:master", "connected_slaves:0", "",
  "# Commandstats", "cmdstat_scan:calls=21,usec=5000,usec_per_call=238.10,rejected_calls=0,failed_calls=0", "",
  "# Keyspace", "db0:keys=12,expires=3,avg_ttl=14000", "db12:keys=5,expires=0,avg_ttl=0", "",
].join("\r\n");

describe("parseInfo", () => {
  it("splits sections and fields, keeping values with colons whole", () => {
    const s = parseInfo("# Server\r\nexecutable:/usr/bin/redis-server\r\nos:Linux 6.1 x86_64\r\n\r\n# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n");
    expect(s.server).toEqual({ executable: "/usr/bin/redis-server", os: "Linux 6.1 x86_64" });
    expect(s.keyspace).toEqual({ db0: "keys=1,expires=0,avg_ttl=0" });
  });

  it("parses key=value lists", () => {
    expect(parseFields("keys=12,expires=3,avg_ttl=14000")).toEqual({ keys: 12, expires: 3, avg_ttl: 14000 });
    expect(parseFields("calls=2,usec=7,usec_per_call=3.50,bad,x=y")).toEqual({ calls: 2, usec: 7, usec_per_call: 3.5 });
  });
});

describe("infoSample", () => {
  it("lifts the judged fields with their types", () => {
    const s = infoSample(parseInfo(INFO), 1000);
    expect(s).toMatchObject({
      at: 1000, runId: "2268d3221dec9e14ca1120373eb51dccc3357651", version: "7.0.15", mode: "standalone", uptimeSeconds: 288,
      usedMemory: 1039888, usedMemoryRss: 7057408, maxmemory: 0, maxmemoryPolicy: "noeviction", fragmentationRatio: 7.06,
      connectedClients: 7, maxclients: 10000, blockedClients: 1, opsPerSecond: 12, evictedKeys: 3, keyspaceHits: 90, keyspaceMisses: 10,
      role: "master", connectedReplicas: 0, loading: false,
    });
    expect(s.keyspace).toEqual([{ db: 0, keys: 12, expires: 3, avgTtlMs: 14000 }, { db: 12, keys: 5, expires: 0, avgTtlMs: 0 }]);
  });

  it("says null, not 0, for fields a server does not report (Redis 6 has no maxclients in INFO)", () => {
    const s = infoSample(parseInfo("# Clients\r\nconnected_clients:3\r\n"), 0);
    expect(s.maxclients).toBeNull();
    expect(s.evictedKeys).toBeNull();
    expect(s.loading).toBeNull();
    expect(s.keyspace).toEqual([]);
  });

  it("reads command counts from commandstats", () => {
    expect(commandCalls(parseInfo(INFO), "SCAN")).toBe(21);
    expect(commandCalls(parseInfo(INFO), "keys")).toBe(0);
  });
});

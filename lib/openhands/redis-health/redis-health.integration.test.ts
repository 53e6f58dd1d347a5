/**
 * Redis health against real redis-servers, with the conditions created on purpose.
 * - The machine's Redis (127.0.0.1:6379, db 12 only): the SCAN keyspace sample over >10k keys,
 *   watched with MONITOR to prove it never sends KEYS. Nothing server-wide is changed there.
 * - A private redis-server (127.45.0.1:48601, started here) for what is server-wide — maxmemory,
 *   eviction policy, slowlog threshold, CLIENT PAUSE — so other engineers' tests on the shared
 *   server never see their writes refused or their keys evicted. Settings are restored afterwards.
 */
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine, sleep, type EngineProcess } from "@/emulator/data-planes/engine-process";
import { commandCalls, parseInfo } from "./info";
import { redisHealth, type RedisHealthReport } from "./index";
import { InfoSampleMemory } from "./sample-memory";
import { CONSOLE_REDIS_CLIENT_NAME, REDACTED } from "./slowlog";

const SHARED = { host: "127.0.0.1", port: 6379, db: 12 };
const PRIVATE = { host: "127.45.0.1", port: 48601 };
const REDIS_SERVER = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"].find((p) => existsSync(p));

const item = (r: RedisHealthReport, key: string) => {
  const found = r.items.find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
};

function client(opts: { host: string; port: number; db?: number }): Redis {
  const c = new Redis({ ...opts, maxRetriesPerRequest: 0, lazyConnect: false });
  c.on("error", () => undefined);
  return c;
}

describe("keyspace sample on the machine's Redis (db 12)", () => {
  let redis: Redis;
  let monitor: Redis | undefined;

  beforeAll(async () => {
    redis = client(SHARED);
    await redis.flushdb();
    // 12 500 keys of five prefixes; ohcnv ones with a TTL like OpenHands', a few without.
    const pipe = redis.pipeline();
    for (let i = 0; i < 6000; i++) pipe.set(`ohcnv:user-${i % 50}:conv-${i}`, JSON.stringify({ sid: `conv-${i}` }), "EX", 600);
    for (let i = 0; i < 20; i++) pipe.set(`ohcnv:user-x:leaked-${i}`, "{}");
    for (let i = 0; i < 3000; i++) pipe.set(`ohcnct:user-${i % 50}:conv-${i}:conn-${i}`, "1", "EX", 7200);
    for (let i = 0; i < 2000; i++) pipe.hset(`e2etest:hash:${i}`, "field", "x".repeat(200));
    for (let i = 0; i < 1000; i++) pipe.set(`LIMITER/api/${i}`, "1");
    for (let i = 0; i < 480; i++) pipe.set(`plain-${i}`, "v");
    await pipe.exec();
  });

  afterAll(async () => {
    monitor?.disconnect();
    await redis.flushdb();
    redis.disconnect();
  });

  it("samples 10 000 of 12 500 keys with SCAN COUNT 500, never KEYS, and groups them by prefix", async () => {
    const sampler = client(SHARED);
    const seen: { command: string; args: string[]; db: string }[] = [];
    try {
      const me = (await sampler.client("INFO")) as string;
      const addr = /addr=(\S+)/.exec(me)?.[1];
      expect(addr).toBeTruthy();
      // MONITOR (its own connection) sees every command; keep the sampler's, by its address.
      monitor = await redis.monitor();
      monitor.on("monitor", (_time: string, args: string[], source: string, database: string) => {
        if (source === addr) seen.push({ command: (args[0] ?? "").toLowerCase(), args, db: database });
      });
      const report = await redisHealth(sampler, { memory: new InfoSampleMemory(), windowMs: 200 });
      await sleep(200); // let MONITOR deliver the last lines
      expect(report.keyspace?.ok).toBe(true);
      if (!report.keyspace?.ok) return;
      const ks = report.keyspace.value;
      expect(ks).toMatchObject({ dbsize: 12_500, scanned: 10_000, stoppedBy: "max-keys" });
      const byPrefix = Object.fromEntries(ks.prefixes.map((p) => [p.prefix, p]));
      expect(Object.keys(byPrefix).sort()).toEqual(["(no prefix)", "LIMITER", "e2etest", "ohcnct", "ohcnv"].sort());
      // Estimates scaled to DBSIZE land near the truth (SCAN order is hash order: a fair sample).
      expect(byPrefix.ohcnv?.estimatedKeys).toBeGreaterThan(6020 * 0.85);
      expect(byPrefix.ohcnv?.estimatedKeys).toBeLessThan(6020 * 1.15);
      expect(byPrefix.ohcnv?.ttl["1m-1h"]).toBeGreaterThan(0);
      expect(byPrefix.ohcnct?.ttl["1h-1d"]).toBe(byPrefix.ohcnct?.sampled);
      expect(byPrefix.e2etest?.withoutTtl).toBe(byPrefix.e2etest?.sampled);
      expect(byPrefix.e2etest?.avgBytes).toBeGreaterThan(200);
      expect(byPrefix.e2etest?.memorySampled).toBe(5);
      // The ohcnv keys without a TTL are found and flagged.
      expect(item(report, "keyspace").summary).toMatch(/10000 of 12500 keys scanned/);
      expect(byPrefix.ohcnv?.withoutTtl).toBeGreaterThan(0);
      expect(item(report, "keyspace").verdict).toBe("warn");

      const scans = seen.filter((c) => c.command === "scan");
      expect(scans.length).toBeGreaterThanOrEqual(20);
      expect(scans.every((c) => c.args.includes("COUNT") && c.args.includes("500"))).toBe(true);
      expect(seen.some((c) => c.command === "keys")).toBe(false);
      expect(seen.every((c) => c.db === String(SHARED.db))).toBe(true);
    } finally {
      sampler.disconnect();
    }
  });
});

describe.skipIf(!REDIS_SERVER)("conditions on a private redis-server", () => {
  let server: EngineProcess;
  let redis: Redis;
  let admin: Redis;

  beforeAll(async () => {
    server = startEngine(REDIS_SERVER ?? "redis-server", ["--bind", PRIVATE.host, "--port", String(PRIVATE.port), "--save", "", "--appendonly", "no", "--protected-mode", "no"], { deathSignal: "SIGTERM" });
    for (let i = 0; i < 100; i++) {
      const probe = client(PRIVATE);
      const up = await probe.ping().then(() => true, () => false);
      probe.disconnect();
      if (up) break;
      await sleep(100);
    }
    redis = client(PRIVATE);
    admin = client(PRIVATE);
  });

  afterAll(async () => {
    redis.disconnect();
    admin.disconnect();
    await server.stop("SIGTERM", 5_000);
  });

  it("memory pressure: maxmemory just above used turns memory warn, then critical", async () => {
    const pipe = redis.pipeline();
    for (let i = 0; i < 2000; i++) pipe.set(`e2etest:fill:${i}`, "x".repeat(1000));
    await pipe.exec();
    const memory = new InfoSampleMemory();
    const calm = await redisHealth(redis, { memory, windowMs: 100 });
    expect(item(calm, "memory").verdict).toBe("ok"); // maxmemory 0: against the machine's memory
    expect(item(calm, "memory").summary).toMatch(/machine's memory/);
    const used = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
    try {
      await admin.config("SET", "maxmemory", String(Math.round(used / 0.85)));
      const warm = await redisHealth(redis, { memory, windowMs: 100 });
      expect(item(warm, "memory")).toMatchObject({ verdict: "warn" });
      expect(item(warm, "memory").summary).toMatch(/against maxmemory; policy noeviction: at the limit writes fail/);
      await admin.config("SET", "maxmemory", String(Math.round(used / 0.95)));
      const hot = await redisHealth(redis, { memory, windowMs: 100 });
      expect(item(hot, "memory").verdict).toBe("critical");
      expect(hot.verdict).toBe("critical");
      // Without maxmemory the SKU from ARM is the limit: 250 MB of a C0 is far away.
      await admin.config("SET", "maxmemory", "0");
      const sku = await redisHealth(redis, { memory, windowMs: 100, sku: { name: "Basic", family: "C", capacity: 0 } });
      expect(item(sku, "memory").summary).toMatch(/Basic C0 cache size/);
    } finally {
      await admin.config("SET", "maxmemory", "0");
    }
  });

  it("evictions under allkeys-lru are judged over the window between two looks", async () => {
    const memory = new InfoSampleMemory();
    const before = await redisHealth(redis, { memory, windowMs: 100 });
    expect(item(before, "evictions").verdict).toBe("ok");
    const used = Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1]);
    try {
      await admin.config("SET", "maxmemory-policy", "allkeys-lru");
      await admin.config("SET", "maxmemory", String(used + 512 * 1024));
      const pipe = redis.pipeline();
      for (let i = 0; i < 3000; i++) pipe.set(`e2etest:evict:${i}`, "y".repeat(1000));
      await pipe.exec();
      // Pressure relieved (headroom again): evictions stop, the counter keeps its value.
      await admin.config("SET", "maxmemory", String(used + 64 * 1024 * 1024));
      await sleep(300);
      const after = await redisHealth(redis, { memory, windowMs: 100 });
      const ev = item(after, "evictions");
      expect(ev.verdict).toBe("critical");
      expect(ev.summary).toMatch(/^\d+ keys evicted in the last/);
      // The next look sees no new evictions, where the lifetime counter alone would still say critical.
      await sleep(300);
      const calm = await redisHealth(redis, { memory, windowMs: 100 });
      expect(item(calm, "evictions").verdict).toBe("ok");
      expect(item(calm, "evictions").summary).toMatch(/^0 keys evicted/);
    } finally {
      await admin.config("SET", "maxmemory", "0");
      await admin.config("SET", "maxmemory-policy", "noeviction");
      await redis.flushall();
    }
  });

  it("slowlog: entries show command and key names, values redacted; a slow script turns it warn", async () => {
    const [, before] = (await admin.config("GET", "slowlog-log-slower-than")) as [string, string];
    try {
      await admin.config("SET", "slowlog-log-slower-than", "0");
      await admin.call("SLOWLOG", "RESET");
      await redis.set("ohcnv:user-7:conv-7", "value-that-must-not-show", "EX", 15);
      await redis.hset("e2etest:h", "field-secret", "hash-value-secret");
      await redis.mset("e2etest:a", "mset-secret-1", "e2etest:b", "mset-secret-2");
      // ~80 ms of Lua: slow enough for the warn threshold (50 ms), its body and ARGV are values.
      // Only commands over 50 ms are logged meanwhile, so the script's own TIME calls stay out.
      await admin.config("SET", "slowlog-log-slower-than", "50000");
      await redis.eval("local t = redis.call('TIME'); local s = t[1]*1e6+t[2]; repeat local n = redis.call('TIME') until (n[1]*1e6+n[2]) - s > 80000; return ARGV[1]", 1, "e2etest:script", "argv-secret");
      const report = await redisHealth(redis, { memory: new InfoSampleMemory(), windowMs: 100 });
      expect(report.slowlog.ok).toBe(true);
      if (!report.slowlog.ok) return;
      const byCommand = Object.fromEntries(report.slowlog.value.entries.map((e) => [e.command, e]));
      expect(byCommand.SET).toMatchObject({ keys: ["ohcnv:user-7:conv-7"], redacted: `SET ohcnv:user-7:conv-7 ${REDACTED} ${REDACTED} ${REDACTED}` });
      expect(byCommand.HSET).toMatchObject({ keys: ["e2etest:h"] });
      expect(byCommand.MSET).toMatchObject({ keys: ["e2etest:a", "e2etest:b"] });
      expect(byCommand.EVAL).toMatchObject({ keys: ["e2etest:script"] });
      expect(byCommand.EVAL?.durationMicros).toBeGreaterThanOrEqual(80_000);
      expect(report.slowlog.value.length).toBeGreaterThanOrEqual(4);
      expect(item(report, "slowlog")).toMatchObject({ verdict: "warn" });
      expect(item(report, "slowlog").summary).toMatch(/slowest \d+(\.\d)? ms \(EVAL\)/);
      const json = JSON.stringify(report);
      for (const secret of ["value-that-must-not-show", "field-secret", "hash-value-secret", "mset-secret", "argv-secret", "redis.call"]) expect(json).not.toContain(secret);
    } finally {
      await admin.config("SET", "slowlog-log-slower-than", before);
      await admin.call("SLOWLOG", "RESET");
    }
  });

  it("slowlog: a slow command from the console's own named connection is shown as its own and never turns the verdict", async () => {
    const [, before] = (await admin.config("GET", "slowlog-log-slower-than")) as [string, string];
    // Named the way openhandsRedis() names the console's connection (CLIENT SETNAME on connect).
    const consoleConn = new Redis({ ...PRIVATE, maxRetriesPerRequest: 0, connectionName: CONSOLE_REDIS_CLIENT_NAME });
    consoleConn.on("error", () => undefined);
    try {
      await admin.call("SLOWLOG", "RESET");
      await admin.config("SET", "slowlog-log-slower-than", "50000");
      await consoleConn.eval("local t = redis.call('TIME'); local s = t[1]*1e6+t[2]; repeat local n = redis.call('TIME') until (n[1]*1e6+n[2]) - s > 80000; return 1", 0);
      const report = await redisHealth(consoleConn, { memory: new InfoSampleMemory(), windowMs: 100 });
      expect(report.slowlog.ok).toBe(true);
      if (!report.slowlog.ok) return;
      expect(report.slowlog.value.entries.find((e) => e.command === "EVAL")).toMatchObject({ clientName: CONSOLE_REDIS_CLIENT_NAME, own: true });
      expect(item(report, "slowlog")).toMatchObject({ verdict: "ok" });
      expect(item(report, "slowlog").summary).toMatch(/1 of the console's own \(slowest \d+(\.\d)? ms, EVAL\) not counted/);
    } finally {
      consoleConn.disconnect();
      await admin.config("SET", "slowlog-log-slower-than", before);
      await admin.call("SLOWLOG", "RESET");
    }
  });

  it("hit ratio: a burst of misses in the window turns it critical (the sampler's own lookups do not hide it); hits bring it back", async () => {
    const memory = new InfoSampleMemory();
    const fill = redis.pipeline();
    for (let i = 0; i < 3000; i++) fill.set(`e2etest:warm:${i}`, "1");
    await fill.exec();
    // This look's keyspace sample makes 3000 PTTL lookups, all hits in Redis' counters.
    await redisHealth(redis, { memory, windowMs: 100 });
    await redis.set("e2etest:hot", "1");
    await sleep(150);
    const misses = redis.pipeline();
    for (let i = 0; i < 500; i++) misses.get(`e2etest:missing:${i}`);
    await misses.exec();
    const missy = await redisHealth(redis, { memory, windowMs: 100 });
    expect(item(missy, "hit-ratio")).toMatchObject({ verdict: "critical" });
    expect(item(missy, "hit-ratio").summary).toMatch(/in the last .* \(0 hits, 500 misses\)/);
    await sleep(150);
    const hits = redis.pipeline();
    for (let i = 0; i < 500; i++) hits.get("e2etest:hot");
    await hits.exec();
    const hitty = await redisHealth(redis, { memory, windowMs: 100 });
    expect(item(hitty, "hit-ratio")).toMatchObject({ verdict: "ok", value: 1 });
  });

  it("a stuck server gives 'unknown: timed out' within the deadlines, not a hung report", async () => {
    await admin.call("CLIENT", "PAUSE", "3000", "ALL");
    const started = Date.now();
    try {
      const report = await redisHealth(redis, { memory: new InfoSampleMemory(), timeoutMs: 300, windowMs: 100 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(item(report, "memory").summary).toMatch(/^unknown: timed out \(INFO, 300 ms\)/);
      expect(item(report, "slowlog").verdict).toBe("unknown");
      expect(item(report, "keyspace").summary).toMatch(/timed out/);
      expect(report.verdict).toBe("unknown");
    } finally {
      await admin.call("CLIENT", "UNPAUSE");
    }
  });

  it("reads the server facts and KEYS is never called by a full report", async () => {
    const before = commandCalls(parseInfo(await admin.info("commandstats")), "keys");
    const report = await redisHealth(redis, { memory: new InfoSampleMemory(), windowMs: 100 });
    expect(report.server).toMatchObject({ role: "master" });
    expect(report.server?.version).toMatch(/^\d+\.\d+/);
    expect(item(report, "replication").summary).toBe("role master, 0 replicas connected");
    expect(commandCalls(parseInfo(await admin.info("commandstats")), "scan")).toBeGreaterThan(0);
    expect(commandCalls(parseInfo(await admin.info("commandstats")), "keys")).toBe(before);
  });

  it("a quick look (keyspace: false) sends no SCAN and has no keyspace item", async () => {
    const scans = commandCalls(parseInfo(await admin.info("commandstats")), "scan");
    const report = await redisHealth(redis, { memory: new InfoSampleMemory(), windowMs: 100, keyspace: false });
    expect(report.keyspace).toBeNull();
    expect(report.items.map((i) => i.key)).not.toContain("keyspace");
    expect(commandCalls(parseInfo(await admin.info("commandstats")), "scan")).toBe(scans);
  });
});

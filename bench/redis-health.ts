/**
 * Benchmark of the Redis health report on a cache with many keys: how long a report takes (first
 * look, which samples INFO twice 1 s apart, and later looks that reuse the previous sample), what it
 * sends (SCAN/PTTL/MEMORY USAGE calls from INFO commandstats), and how long other clients wait
 * meanwhile (Redis' own time per command from INFO commandstats, and a PING loop's latency — that loop
 * shares this process's event loop, so it over-states) — next to one `KEYS *`, which the page never sends.
 * A private redis-server on 127.45.0.2:48620. Run: npx tsx bench/redis-health.ts [--keys 200000] [--looks 5]
 */
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { startEngine, sleep } from "../emulator/data-planes/engine-process";
import { redisHealth } from "../lib/openhands/redis-health";
import { commandCalls, parseFields, parseInfo, type InfoSections } from "../lib/openhands/redis-health/info";
import { InfoSampleMemory } from "../lib/openhands/redis-health/sample-memory";

/** `--name N` from the command line (bench-stack's helper would pull in the local Entra). */
function benchArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) || fallback : fallback;
}

/** Microseconds Redis spent in one command, from INFO commandstats (what blocked everyone else). */
const usec = (s: InfoSections, command: string) => parseFields(s.commandstats?.[`cmdstat_${command}`] ?? "").usec ?? 0;

const KEYS = benchArg("keys", 200_000);
const LOOKS = benchArg("looks", 5);
const HOST = "127.45.0.2";
const PORT = Number(process.env.BENCH_REDIS_PORT ?? 48620);
const binary = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"].find((p) => existsSync(p));
if (!binary) throw new Error("redis-server is not installed");

const server = startEngine(binary, ["--bind", HOST, "--port", String(PORT), "--save", "", "--appendonly", "no"], { deathSignal: "SIGTERM" });
const connect = () => {
  const c = new Redis({ host: HOST, port: PORT, maxRetriesPerRequest: 0 });
  c.on("error", () => undefined);
  return c;
};

/** Worst and median PING round trip of another client while `work` runs. */
async function pingDuring<T>(work: () => Promise<T>): Promise<{ result: T; worstMs: number; medianMs: number }> {
  const pinger = connect();
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await pinger.ping();
      times.push(performance.now() - t);
      await sleep(2);
    }
  })();
  const result = await work();
  running = false;
  await loop;
  pinger.disconnect();
  times.sort((a, b) => a - b);
  return { result, worstMs: times.at(-1) ?? 0, medianMs: times[Math.floor(times.length / 2)] ?? 0 };
}

async function main() {
  for (let i = 0; i < 100; i++) {
    const probe = connect();
    const up = await probe.ping().then(() => true, () => false);
    probe.disconnect();
    if (up) break;
    await sleep(100);
  }
  const redis = connect();
  const fillStart = performance.now();
  for (let done = 0; done < KEYS; done += 10_000) {
    const pipe = redis.pipeline();
    for (let i = done; i < Math.min(KEYS, done + 10_000); i++) {
      const kind = i % 10;
      if (kind < 6) pipe.set(`ohcnv:user-${i % 500}:conv-${i}`, JSON.stringify({ sid: `conv-${i}` }), "EX", 900);
      else if (kind < 8) pipe.set(`ohcnct:user-${i % 500}:conv-${i}:conn-${i}`, "1", "EX", 900);
      else if (kind < 9) pipe.hset(`session:${i}`, "data", "x".repeat(300));
      else pipe.set(`LIMITER/api/${i}`, "1", "EX", 60);
    }
    await pipe.exec();
  }
  console.log(`filled ${KEYS} keys in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

  const memory = new InfoSampleMemory();
  const admin = connect();
  const stats = async () => parseInfo(await admin.info("commandstats"));
  for (let look = 1; look <= LOOKS; look++) {
    const before = await stats();
    const t = performance.now();
    const { result: report, worstMs, medianMs } = await pingDuring(() => redisHealth(redis, { memory }));
    const ms = performance.now() - t;
    const after = await stats();
    const calls = (c: string) => commandCalls(after, c) - commandCalls(before, c);
    const spent = (c: string) => usec(after, c) - usec(before, c);
    const ks = report.keyspace?.ok ? report.keyspace.value : null;
    const why = report.keyspace && !report.keyspace.ok ? report.keyspace.reason : "not sampled";
    console.log(
      `look ${look}: report ${ms.toFixed(0)} ms (window ${report.windowMs ?? "-"} ms), keyspace sample ${ks ? `${ks.scanned}/${ks.dbsize} keys in ${ks.elapsedMs} ms, ${ks.prefixes.length} prefixes` : why}; ` +
        `sent SCAN ${calls("scan")} (${(spent("scan") / Math.max(1, calls("scan"))).toFixed(0)} µs each in Redis), PTTL ${calls("pttl")} (${(spent("pttl") / 1000).toFixed(1)} ms in all), MEMORY USAGE ${calls("memory|usage")}, INFO ${calls("info")}, KEYS ${calls("keys")}; ` +
        `other clients' PING median ${medianMs.toFixed(2)} ms, worst ${worstMs.toFixed(2)} ms; verdict ${report.verdict}`,
    );
    await sleep(1_100);
  }
  const before = await stats();
  const { worstMs } = await pingDuring(() => redis.keys("*"));
  const keysMs = (usec(await stats(), "keys") - usec(before, "keys")) / 1000;
  console.log(`for comparison, one KEYS * over ${KEYS} keys: ${keysMs.toFixed(0)} ms in Redis in one go; other clients' PING worst ${worstMs.toFixed(0)} ms`);
  admin.disconnect();
  redis.disconnect();
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => server.stop("SIGTERM", 5_000));

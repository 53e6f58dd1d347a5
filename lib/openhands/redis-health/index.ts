/**
 * Redis health of an environment's cache, over the connection OpenHands itself uses
 * (`openhandsRedis(target)`: REDIS_HOST, port 6379, the primary key). Read-only: INFO (twice, for
 * the counters' window), SLOWLOG LEN/GET, COMMAND INFO (to tell keys from values), and a bounded
 * SCAN sample of the keyspace. Every command has a deadline; a part that fails or times out makes
 * its items "unknown" with the reason, and the rest of the report still arrives.
 */
import type { Redis } from "ioredis";
import { worst, type Verdict } from "../verdict";
import type { RedisSku } from "./rules";
import { infoSample, parseInfo, type InfoSample, type KeyspaceLine } from "./info";
import { redisHealthItems, type Outcome, type RedisHealthItem } from "./items";
import { sampleKeyspace, type KeyspaceOptions, type KeyspaceSample } from "./keyspace";
import { parseCommandInfo, parseSlowlogReply, redactSlowlog, type SlowlogEntry } from "./slowlog";
import { InfoSampleMemory, sharedSampleMemory, type Lookups } from "./sample-memory";
import { failureReason, withTimeout } from "./timeout";

export type { RedisHealthItem } from "./items";
export type { SlowlogEntry } from "./slowlog";
export type { KeyspaceSample } from "./keyspace";

export interface RedisHealthOptions {
  /** Deadline of each command (ms). */
  timeoutMs?: number;
  /** Sampling window for counters when no earlier INFO of this server is remembered (ms). */
  windowMs?: number;
  /** Where earlier INFO samples are remembered between calls; default: one per process. */
  memory?: InfoSampleMemory;
  /** The cache's SKU from ARM, for the limits Redis does not report. */
  sku?: RedisSku;
  /** SLOWLOG GET count. */
  slowlogCount?: number;
  /** Sampling bounds; `false` skips the keyspace sample (a quick look, e.g. an overview tile): no keyspace item. */
  keyspace?: KeyspaceOptions | false;
}

export interface RedisHealthReport {
  verdict: Verdict;
  checkedAt: string;
  items: RedisHealthItem[];
  /** Server facts for the header; null when INFO could not be read. */
  server: { version: string | null; role: string | null; uptimeSeconds: number | null; usedMemory: number | null; maxmemory: number | null; policy: string | null } | null;
  /** Counters were compared over this window (ms); null without two samples. */
  windowMs: number | null;
  keyspaceByDb: KeyspaceLine[];
  slowlog: Outcome<{ length: number; entries: SlowlogEntry[] }>;
  /** null when the sample was skipped (`keyspace: false`). */
  keyspace: Outcome<KeyspaceSample> | null;
}

const DEFAULTS = { timeoutMs: 2_000, windowMs: 1_000, slowlogCount: 25 } as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, reason: failureReason(err) };
  }
}

async function readInfo(redis: Redis, timeoutMs: number): Promise<InfoSample> {
  const text = await withTimeout(redis.info(), timeoutMs, "INFO");
  return infoSample(parseInfo(text), Date.now());
}

/** INFO now, and the start of its window: a remembered sample of the same run, or a second INFO after windowMs. */
async function infoWithWindow(redis: Redis, o: { timeoutMs: number; windowMs: number }, memory: InfoSampleMemory): Promise<{ info: Outcome<InfoSample>; previous: InfoSample | null; ownLookups?: Lookups }> {
  const first = await outcome(() => readInfo(redis, o.timeoutMs));
  if (!first.ok) return { info: first, previous: null };
  const remembered = memory.previous(first.value, o.windowMs);
  if (remembered) {
    memory.remember(first.value);
    return { info: first, previous: remembered.sample, ownLookups: remembered.ownLookupsAfter };
  }
  await sleep(o.windowMs);
  const second = await outcome(() => readInfo(redis, o.timeoutMs));
  if (!second.ok) return { info: first, previous: null };
  memory.remember(second.value);
  return { info: second, previous: first.value };
}

async function readSlowlog(redis: Redis, o: { timeoutMs: number; slowlogCount: number }): Promise<{ length: number; entries: SlowlogEntry[] }> {
  const [length, reply] = await Promise.all([
    withTimeout(redis.call("SLOWLOG", "LEN"), o.timeoutMs, "SLOWLOG LEN"),
    withTimeout(redis.call("SLOWLOG", "GET", o.slowlogCount), o.timeoutMs, "SLOWLOG GET"),
  ]);
  const raw = parseSlowlogReply(reply);
  const names = [...new Set(raw.map((e) => e.args[0]?.toLowerCase()).filter((n): n is string => !!n))];
  // Without COMMAND (renamed or disabled), every argument but the command name stays redacted.
  const specs = names.length > 0 ? await withTimeout(redis.call("COMMAND", "INFO", ...names), o.timeoutMs, "COMMAND INFO").then(parseCommandInfo, () => ({})) : {};
  return { length: Number(length), entries: redactSlowlog(raw, specs) };
}

export async function redisHealth(redis: Redis, opts: RedisHealthOptions = {}): Promise<RedisHealthReport> {
  const o = { ...DEFAULTS, ...opts };
  const memory = opts.memory ?? sharedSampleMemory;
  const slowlogRead = outcome(() => readSlowlog(redis, o));
  // The keyspace sample's PTTLs count as keyspace hits: it runs after the window closes, and the
  // lookups it made are remembered so the next window can take them out again.
  const { info, previous, ownLookups } = await infoWithWindow(redis, o, memory);
  const bounds = opts.keyspace;
  const keyspace = bounds === false ? null : await outcome(() => sampleKeyspace(redis, { timeoutMs: o.timeoutMs, ...bounds }));
  if (info.ok && keyspace?.ok) memory.addOwnLookups(info.value, keyspace.value.lookups);
  const slowlog = await slowlogRead;
  const items = redisHealthItems({ info, previous, ownLookups, slowlog, keyspace, sku: opts.sku, now: Date.now() });
  const i = info.ok ? info.value : null;
  return {
    verdict: worst(items.map((it) => it.verdict)),
    checkedAt: new Date().toISOString(),
    items,
    server: i ? { version: i.version, role: i.role, uptimeSeconds: i.uptimeSeconds, usedMemory: i.usedMemory, maxmemory: i.maxmemory, policy: i.maxmemoryPolicy } : null,
    windowMs: i && previous ? i.at - previous.at : null,
    keyspaceByDb: i?.keyspace ?? [],
    slowlog,
    keyspace,
  };
}

/**
 * The Redis data plane of the local Azure: one redis-server per cache (redis-server.ts), driven
 * by the Microsoft.Cache provider's hooks, one step at a time per cache. Without a redis-server
 * binary the ARM still works: one log line says so and the cache's host answers nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { RedisCacheInfo, RedisDataPlane } from "../../arm/providers/redis";
import { ensureLocalCa } from "../../tls/local-ca";
import { binaryVersionFrom } from "./command-set";
import { CacheServer } from "./redis-server";

export interface RunningRedisDataPlane {
  hook: RedisDataPlane;
  available: boolean;
  running(): { info: RedisCacheInfo; server: CacheServer }[];
  close(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  return ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"].find((p) => existsSync(p));
}

/** "7.0.15" from `redis-server --version`; null when it cannot be read (then nothing is filtered). */
function redisServerVersion(binary: string): string | null {
  try {
    return binaryVersionFrom(execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 5_000 }));
  } catch {
    return null;
  }
}

export function startRedisDataPlane(opts: { dataDir: string; log: (line: string) => void; binary?: string | null }): RunningRedisDataPlane {
  const binary = opts.binary === null ? undefined : (opts.binary ?? findRedisServer());
  if (!binary) {
    opts.log("redis data plane: no redis-server on this machine; caches work in ARM but their host names answer nothing (install redis-server to get real caches)");
    return { hook: {}, available: false, running: () => [], close: async () => {} };
  }
  const binaryVersion = redisServerVersion(binary);
  // Said once, plainly: INFO and HELLO answer the binary's version, not the one ARM reports.
  opts.log(
    binaryVersion
      ? `redis data plane: real redis-server ${binaryVersion} (${binary}), one process per cache; commands newer than a cache's ARM redisVersion are disabled, but INFO's redis_version still says ${binaryVersion}`
      : `redis data plane: real redis-server (${binary}, not Redis or version unreadable), one process per cache; every command it has is served, whatever redisVersion ARM reports`,
  );
  const root = path.join(path.resolve(opts.dataDir), "data-planes", "redis");
  const ca = ensureLocalCa(opts.dataDir);
  const caches = new Map<string, { server: CacheServer; queue: Promise<unknown> }>();
  const key = (id: string) => id.toLowerCase();
  const entry = (info: { id: string; name: string }) => {
    let e = caches.get(key(info.id));
    if (!e) {
      e = { server: new CacheServer({ dir: path.join(root, info.name), binary, binaryVersion, ca, log: opts.log }), queue: Promise.resolve() };
      caches.set(key(info.id), e);
    }
    return e;
  };
  const enqueue = (e: { queue: Promise<unknown> }, step: () => Promise<void>): Promise<void> => {
    const next = e.queue.then(step, step);
    e.queue = next.catch(() => undefined);
    return next;
  };

  const hook: RedisDataPlane = {
    cacheReady(info) {
      const e = entry(info);
      return enqueue(e, async () => {
        if (e.server.running()) return e.server.update(info);
        await e.server.start(info);
        opts.log(`redis data plane: ${info.name} is up on ${info.hostName}:${info.sslPort} (TLS)${info.enableNonSslPort ? ` and :${info.port}` : ""}`);
      });
    },
    cacheUpdated(info) {
      const e = entry(info);
      return enqueue(e, () => e.server.update(info));
    },
    cacheDeleted(cacheId) {
      const e = caches.get(key(cacheId));
      if (!e) return;
      return enqueue(e, async () => {
        await e.server.remove();
        caches.delete(key(cacheId));
      });
    },
  };

  return {
    hook,
    available: true,
    running: () =>
      [...caches.values()].flatMap((e) => {
        const info = e.server.current();
        return e.server.running() && info ? [{ info, server: e.server }] : [];
      }),
    async close() {
      await Promise.all([...caches.values()].map((e) => enqueue(e, () => e.server.stop()).catch(() => undefined)));
    },
  };
}

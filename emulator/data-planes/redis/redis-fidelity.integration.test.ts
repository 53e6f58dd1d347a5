/**
 * The Redis engine behind a local cache behaves as Azure Cache for Redis of the version ARM
 * reports, through public clients only (@azure/arm-rediscache, ioredis):
 * - a "6" / "latest" cache (ARM: 6.0.14) answers unknown command for Redis 7 commands;
 * - regenerateKey while an update runs is refused (409), and the keys keep working;
 * - an update that restarts redis-server keeps the data, and beginUpdateAndWait returns only
 *   once the cache is Succeeded and the new port answers.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armFailure, registerProvider, startConformanceStack, type ConformanceStack } from "../../arm/testing/conformance-stack";
import { ensureLocalCa } from "../../tls/local-ca";
import { createDataPlanes, type DataPlanes } from "../index";

const RG = "rg-openhands-redisfidelity";
const poll = { updateIntervalInMs: 50 };
const caPem = () => readFileSync(ensureLocalCa("/unused").caFile, "utf8");

describe("Azure Cache for Redis fidelity of the local redis-server", () => {
  let stack: ConformanceStack;
  let planes: DataPlanes;
  let dataDir: string;
  const opened: Redis[] = [];
  const redis = () => stack.clients().redis.redis;

  /** A connected ioredis client (TLS on 6380 unless a port is given); fails with the server's own error. */
  async function connect(host: string, password: string, port = 6380): Promise<Redis> {
    const client = new Redis({ host, port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...(port === 6380 ? { tls: { ca: caPem() } } : {}) });
    let first: Error | undefined;
    client.on("error", (err: Error) => (first ??= err));
    opened.push(client);
    try {
      await client.connect();
      await client.ping();
    } catch (err) {
      client.disconnect();
      throw first ?? err;
    }
    return client;
  }

  async function createCache(name: string, redisVersion: string, enableNonSslPort = false) {
    return redis().beginCreateAndWait(RG, name, { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, redisVersion, enableNonSslPort }, poll);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "redis-fidelity-"));
    planes = createDataPlanes({ dataDir, log: () => undefined, metricsIntervalMs: 60_000 });
    stack = await startConformanceStack({ armPort: 49463, entraPort: 49464, timeScale: 0, hooks: planes.hooks });
    await stack.clients().resources.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await registerProvider(stack, "Microsoft.Cache");
  }, 60_000);
  afterAll(async () => {
    opened.forEach((c) => c.disconnect());
    await planes?.close();
    await stack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ["6", "cache-openhands-v6"],
    ["Latest", "cache-openhands-latest"],
  ])("a cache created with redisVersion %s is Redis 6.0 in ARM and refuses Redis 7 commands as unknown", async (version, name) => {
    expect(planes.redisAvailable).toBe(true);
    const cache = await createCache(name, version);
    expect(cache.redisVersion).toBe("6.0.14");
    const keys = await redis().listKeys(RG, name);
    const client = await connect(cache.hostName!, keys.primaryKey!);
    await expect(client.call("FUNCTION", "LIST")).rejects.toThrow(/unknown command/i);
    await expect(client.call("LMPOP", "1", "queue", "LEFT")).rejects.toThrow(/unknown command/i);
    await expect(client.call("SINTERCARD", "1", "set")).rejects.toThrow(/unknown command/i);
    await expect(client.call("GETDEL", "k")).rejects.toThrow(/unknown command/i); // 6.2, also newer than 6.0
    // Subcommands cannot be renamed away: the ACL denies them (NOPERM, where Azure says unknown subcommand).
    await expect(client.call("CLIENT", "NO-EVICT", "on")).rejects.toThrow(/NOPERM/);
    // What Redis 6.0 has keeps working.
    expect(await client.set("k", "v", "EX", 60)).toBe("OK");
    expect(await client.lpush("queue", "a", "b")).toBe(2);
    expect(await client.lpop("queue")).toBe("b");
    expect(await client.eval("return redis.call('GET', KEYS[1])", 1, "k")).toBe("v");
    client.disconnect();
  }, 60_000);

  it("keeps the data across an update that restarts redis-server, and beginUpdateAndWait returns only when Succeeded", async () => {
    const name = "cache-openhands-v6";
    const keys = await redis().listKeys(RG, name);
    const host = (await redis().get(RG, name)).hostName!;
    const before = await connect(host, keys.primaryKey!);
    await before.set("conversation:1", "kept", "EX", 3600);
    await before.hset("user:1", { name: "ada", role: "admin" });
    const runIdBefore = /run_id:(\w+)/.exec(await before.info("server"))?.[1];
    before.disconnect();

    const updated = await redis().beginUpdateAndWait(RG, name, { enableNonSslPort: true }, poll);
    expect(updated).toMatchObject({ provisioningState: "Succeeded", enableNonSslPort: true });

    // No waiting: the non-TLS port answers as soon as the SDK returns, on a new process, with the data.
    const plain = await connect(host, keys.primaryKey!, 6379);
    expect(/run_id:(\w+)/.exec(await plain.info("server"))?.[1]).not.toBe(runIdBefore);
    expect(await plain.get("conversation:1")).toBe("kept");
    expect(await plain.ttl("conversation:1")).toBeGreaterThan(3500);
    expect(await plain.hgetall("user:1")).toEqual({ name: "ada", role: "admin" });
    await expect(plain.call("FUNCTION", "LIST")).rejects.toThrow(/unknown command/i);
    plain.disconnect();
  }, 60_000);

  it("refuses regenerateKey with 409 while an update runs; the keys stay as they were and keep working", async () => {
    const name = "cache-openhands-v6";
    const keys = await redis().listKeys(RG, name);
    const host = (await redis().get(RG, name)).hostName!;
    const poller = await redis().beginUpdate(RG, name, { enableNonSslPort: false }, poll);
    expect(await armFailure(redis().regenerateKey(RG, name, { keyType: "Secondary" }))).toMatchObject({ statusCode: 409, code: "Conflict" });
    expect(await poller.pollUntilDone()).toMatchObject({ provisioningState: "Succeeded", enableNonSslPort: false });
    expect(await redis().listKeys(RG, name)).toEqual(keys);
    (await connect(host, keys.secondaryKey!)).disconnect();

    // Once Succeeded, regeneration applies before the answer: the new key works, the old one is refused.
    const regenerated = await redis().regenerateKey(RG, name, { keyType: "Secondary" });
    (await connect(host, regenerated.secondaryKey!)).disconnect();
    await expect(connect(host, keys.secondaryKey!)).rejects.toThrow(/WRONGPASS/);
  }, 60_000);
});

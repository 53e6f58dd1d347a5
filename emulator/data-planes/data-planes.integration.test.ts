/**
 * The real data planes behind the local Azure, driven through the real SDKs: a flexible server
 * reached by `pg` (TLS verified against the local CA) and by the `psql` CLI with the ARM-returned
 * FQDN, login and password, running the PostgreSQL major ARM says with ARM's server parameters;
 * databases (empty, as on Azure), firewall rules, parameters, stop/start and delete taking
 * effect in the engine; a cache reached by ioredis and `redis-cli` with its keys; metrics read
 * from the engines through MonitorClient; the PGlite fallback; no stray processes afterwards.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import Redis from "ioredis";
import { armFailure, registerProvider, startConformanceStack, type ConformanceStack } from "../arm/testing/conformance-stack";
import { ensureLocalCa } from "../tls/local-ca";
import { startLocalAzure, type LocalAzure } from "../arm/local-azure";
import { createDataPlanes, type DataPlanes } from "./index";

const run = promisify(execFile);
const RG = "rg-openhands-dataplanes";
const PASSWORD = "Xk9#pT2!vLq8-zR";
const poll = { updateIntervalInMs: 50 };
const caPem = () => readFileSync(ensureLocalCa("/unused").caFile, "utf8");

/**
 * The stack's clock (engine samples and Azure Monitor's "complete minutes"): the metrics tests move it
 * a minute forward instead of waiting up to a minute for the current one to end.
 */
const clock = { offsetMs: 0 };
const now = () => Date.now() + clock.offsetMs;
/** Past the minute the last sample went into: Azure Monitor serves complete minutes only. */
const finishMinute = () => (clock.offsetMs += 60_000);

async function startStack(opts: { forcePglite?: boolean; noRedis?: boolean } = {}): Promise<{ stack: ConformanceStack; planes: DataPlanes; dataDir: string }> {
  // The engines' own folder (the harness makes the ARM's): created first, so the hooks exist at ARM start.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "data-planes-"));
  const planes = createDataPlanes({ dataDir, log: () => undefined, metricsIntervalMs: 1_000, now, ...(opts.forcePglite ? { forcePglite: true } : {}), ...(opts.noRedis ? { redisServer: null } : {}) });
  const stack = await startConformanceStack({ armPort: 49443, entraPort: 49444, timeScale: 0, hooks: planes.hooks, now: () => new Date(now()) });
  await stack.clients().resources.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  await registerProvider(stack, "Microsoft.DBforPostgreSQL");
  await registerProvider(stack, "Microsoft.Cache");
  return { stack, planes, dataDir };
}

async function stopStack(s: { stack?: ConformanceStack; planes?: DataPlanes; dataDir?: string }): Promise<void> {
  await s.planes?.close();
  await s.stack?.close();
  if (s.dataDir) rmSync(s.dataDir, { recursive: true, force: true });
}

async function connect(host: string, user: string, password: string, database = "postgres", ssl: false | pg.ClientConfig["ssl"] = { ca: caPem(), rejectUnauthorized: true }): Promise<pg.Client> {
  const client = new pg.Client({ host, port: 5432, user, password, database, ssl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return client;
}

/** PING, failing with the connection's real error (ECONNREFUSED, WRONGPASS) rather than ioredis' "Connection is closed". */
async function pingWith(client: Redis): Promise<string> {
  let first: Error | undefined;
  client.on("error", (err: Error) => (first ??= err));
  try {
    await client.connect();
    return await client.ping();
  } catch (err) {
    throw first ?? err;
  } finally {
    client.disconnect();
  }
}

/** `SHOW` a parameter as a client sees it. */
async function show(client: pg.Client, name: string): Promise<string> {
  return (await client.query<Record<string, string>>(`show ${name}`)).rows[0]![name]!;
}

async function pids(pattern: string): Promise<string[]> {
  try {
    const { stdout } = await run("pgrep", ["-f", pattern]);
    return stdout.split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

describe("PostgreSQL flexible server backed by a real PostgreSQL", () => {
  let stack: ConformanceStack;
  let planes: DataPlanes;
  let dataDir: string;
  let restartedArm: LocalAzure | undefined;
  let host = "";
  const pgc = () => stack.clients().postgres;

  beforeAll(async () => {
    ({ stack, planes, dataDir } = await startStack());
  }, 60_000);
  afterAll(async () => {
    await restartedArm?.close();
    await stopStack({ stack, planes, dataDir });
    expect(await pids(`${dataDir}/data-planes`)).toEqual([]);
  });

  it("creates a server whose FQDN, login and password reach a real PostgreSQL over verified TLS once a firewall rule lets loopback in", async () => {
    expect(planes.postgresEngine).toBe("postgresql");
    const server = await pgc().servers.beginCreateOrUpdateAndWait(RG, "db-openhands-dp-1", {
      location: "eastus",
      sku: { name: "Standard_B1ms", tier: "Burstable" },
      administratorLogin: "ohadmin",
      administratorLoginPassword: PASSWORD,
      version: "16",
      storage: { storageSizeGB: 32 },
    }, poll);
    expect(server.state).toBe("Ready");
    host = server.fullyQualifiedDomainName!;
    expect(host).toMatch(/^127\.0\.10\.\d+$/);
    // Public access without a rule: refused like Azure (no pg_hba entry).
    await expect(connect(host, "ohadmin", PASSWORD)).rejects.toThrow(/no pg_hba.conf entry/);
    await pgc().firewallRules.beginCreateOrUpdateAndWait(RG, "db-openhands-dp-1", "local-tools", { startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" }, poll);
    const client = await connect(host, "ohadmin", PASSWORD);
    const { rows } = await client.query<{ user: string; ssl: boolean }>("select current_user as user, (select ssl from pg_stat_ssl where pid = pg_backend_pid()) as ssl");
    expect(rows[0]).toEqual({ user: "ohadmin", ssl: true });
    // The engine is the major ARM says, with ARM's max_connections for the SKU (B1ms: 50).
    expect((await show(client, "server_version")).split(".")[0]).toBe(server.version);
    const maxConnections = await pgc().configurations.get(RG, "db-openhands-dp-1", "max_connections");
    expect(maxConnections.value).toBe("50");
    expect(await show(client, "max_connections")).toBe(maxConnections.value);
    await client.end();
    await expect(connect(host, "ohadmin", "wrong-Password-1")).rejects.toThrow(/password authentication failed/);
    // require_secure_transport is on: no plain TCP.
    await expect(connect(host, "ohadmin", PASSWORD, "postgres", false)).rejects.toThrow(/no pg_hba.conf entry|SSL/);
  }, 120_000);

  it("runs PostgreSQL 17 and 18 as ARM says, with Azure's max_connections for the SKU (also after scaling), and refuses a version it cannot run", async () => {
    const rule = { startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" };
    for (const [name, version, sku, expected, scaled, expectedScaled] of [
      ["db-openhands-dp-17", "17", { name: "Standard_D2ds_v5", tier: "GeneralPurpose" }, "859", { name: "Standard_D4ds_v5", tier: "GeneralPurpose" }, "1718"],
      ["db-openhands-dp-18", "18", { name: "Standard_B2s", tier: "Burstable" }, "429", { name: "Standard_B2ms", tier: "Burstable" }, "859"],
    ] as const) {
      const server = await pgc().servers.beginCreateOrUpdateAndWait(RG, name, { location: "eastus", sku, administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, version, storage: { storageSizeGB: 32 } }, poll);
      expect(server.version).toBe(version);
      await pgc().firewallRules.beginCreateOrUpdateAndWait(RG, name, "local-tools", rule, poll);
      const armValue = await pgc().configurations.get(RG, name, "max_connections");
      expect(armValue).toMatchObject({ value: expected, isConfigPendingRestart: false });
      const client = await connect(server.fullyQualifiedDomainName!, "ohadmin", PASSWORD);
      expect((await show(client, "server_version")).split(".")[0]).toBe(version);
      expect(await show(client, "max_connections")).toBe(expected);
      await client.end();
      // Scaling compute restarts the server on Azure: the new SKU's default is in effect at once.
      await pgc().servers.beginUpdateAndWait(RG, name, { sku: scaled }, poll);
      expect((await pgc().configurations.get(RG, name, "max_connections")).value).toBe(expectedScaled);
      const after = await connect(server.fullyQualifiedDomainName!, "ohadmin", PASSWORD);
      expect(await show(after, "max_connections")).toBe(expectedScaled);
      await after.end();
      await pgc().servers.beginDeleteAndWait(RG, name, poll);
    }
    // No binaries for 14 here: refused as Azure refuses a version it does not offer, and nothing is created.
    const refused = await armFailure(pgc().servers.beginCreateOrUpdateAndWait(RG, "db-openhands-dp-14", {
      location: "eastus", sku: { name: "Standard_B1ms", tier: "Burstable" }, administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, version: "14", storage: { storageSizeGB: 32 },
    }, poll));
    expect(refused).toMatchObject({ statusCode: 400, code: "ParameterOutOfRange" });
    expect(refused.message).toMatch(/The value of the 'Version' should be in: \[[\d,]*16,17,18\]/);
    await expect(pgc().servers.get(RG, "db-openhands-dp-14")).rejects.toMatchObject({ statusCode: 404 });
  }, 120_000);

  it("psql reaches the server with the ARM-returned FQDN and login (verify-full)", async () => {
    const { stdout } = await run("psql", [`host=${host} port=5432 user=ohadmin dbname=postgres sslmode=verify-full sslrootcert=${ensureLocalCa("/unused").caFile}`, "-Atc", "select current_user"], {
      env: { ...process.env, PGPASSWORD: PASSWORD },
    });
    expect(stdout.trim()).toBe("ohadmin");
  });

  it("changes the administrator password through ARM (PATCH): the old one stops working", async () => {
    const next = "Other#Secret-42x";
    await pgc().servers.beginUpdateAndWait(RG, "db-openhands-dp-1", { administratorLoginPassword: next }, poll);
    await expect(connect(host, "ohadmin", PASSWORD)).rejects.toThrow(/password authentication failed/);
    await (await connect(host, "ohadmin", next)).end();
    await pgc().servers.beginUpdateAndWait(RG, "db-openhands-dp-1", { administratorLoginPassword: PASSWORD }, poll);
    await (await connect(host, "ohadmin", PASSWORD)).end();
    // Only a SCRAM verifier is kept on disk, never the password.
    expect(readFileSync(path.join(dataDir, "data-planes", "postgres", ".meta", "db-openhands-dp-1.json"), "utf8")).not.toContain(PASSWORD);
  }, 30_000);

  it("creates the openhands database through ARM empty and owned by the administrator; ARM's database list is the engine's", async () => {
    await pgc().databases.beginCreateAndWait(RG, "db-openhands-dp-1", "openhands", { charset: "UTF8", collation: "en_US.utf8" }, poll);
    const client = await connect(host, "ohadmin", PASSWORD, "openhands");
    // Empty, as on Azure: OpenHands' migrations create its tables (emulator/simulation does).
    expect((await client.query("select tablename from pg_tables where schemaname = 'public'")).rows).toEqual([]);
    expect((await client.query("select pg_get_userbyid(datdba) as owner from pg_database where datname = 'openhands'")).rows).toEqual([{ owner: "ohadmin" }]);
    const armNames: string[] = [];
    for await (const db of pgc().databases.listByServer(RG, "db-openhands-dp-1")) armNames.push(db.name!);
    const engineNames = (await client.query<{ datname: string }>("select datname from pg_database where not datistemplate")).rows.map((r) => r.datname);
    expect(engineNames.sort()).toEqual(armNames.sort());
    expect(armNames.sort()).toEqual(["azure_maintenance", "azure_sys", "openhands", "postgres"]);
    // azure_maintenance is the service's own (closed to the administrator, as on Azure); azure_sys is open.
    await expect(connect(host, "ohadmin", PASSWORD, "azure_maintenance")).rejects.toThrow(/permission denied for database "azure_maintenance"/);
    await (await connect(host, "ohadmin", PASSWORD, "azure_sys")).end();
    // The administrator can create tables there (as OpenHands' migrations do) and write rows.
    await client.query("create table conversation_metadata (conversation_id varchar primary key, user_id varchar not null, title varchar)");
    await client.query("insert into conversation_metadata (conversation_id, user_id, title) values ('c1', 'u1', 'hello')");
    await client.end();
  });

  it("applies max_connections through ARM after a restart, and a dynamic parameter at once", async () => {
    const changed = await pgc().configurations.beginUpdateAndWait(RG, "db-openhands-dp-1", "max_connections", { value: "57", source: "user-override" }, poll);
    expect(changed).toMatchObject({ value: "57", isConfigPendingRestart: true });
    let client = await connect(host, "ohadmin", PASSWORD);
    expect(await show(client, "max_connections")).toBe("50"); // static: still the value it started with
    await client.end();
    await pgc().configurations.beginUpdateAndWait(RG, "db-openhands-dp-1", "work_mem", { value: "8192", source: "user-override" }, poll);
    client = await connect(host, "ohadmin", PASSWORD);
    expect(await show(client, "work_mem")).toBe("8MB");
    await client.end();
    await pgc().servers.beginRestartAndWait(RG, "db-openhands-dp-1", poll);
    expect((await pgc().configurations.get(RG, "db-openhands-dp-1", "max_connections")).isConfigPendingRestart).toBe(false);
    client = await connect(host, "ohadmin", PASSWORD);
    expect(await show(client, "max_connections")).toBe("57");
    await client.end();
  }, 60_000);

  it("brings the cluster back when the local Azure process restarts (state from ARM and the data folder)", async () => {
    await planes.close();
    await stack.arm.close();
    await expect(connect(host, "ohadmin", PASSWORD)).rejects.toThrow(/ECONNREFUSED/);
    planes = createDataPlanes({ dataDir, log: () => undefined, metricsIntervalMs: 1_000, now });
    restartedArm = await startLocalAzure({ dataDir: stack.dataDir, port: 49443, entraPort: 49444, timeScale: 0, tickMs: 20, hooks: planes.hooks, now: () => new Date(now()) });
    const deadline = Date.now() + 30_000;
    let client: pg.Client | undefined;
    while (!client) {
      client = await connect(host, "ohadmin", PASSWORD, "openhands").catch(async (err: unknown) => {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
        return undefined;
      });
    }
    expect((await client.query("select title from conversation_metadata")).rows).toEqual([{ title: "hello" }]);
    expect(await show(client, "max_connections")).toBe("57");
    await client.end();
  }, 60_000);

  it("reports the real active_connections through Azure Monitor", async () => {
    const extra = await Promise.all([1, 2, 3, 4].map(() => connect(host, "ohadmin", PASSWORD)));
    // Connected while the minute ends, so a complete minute saw them.
    const minute = Math.floor(now() / 60_000);
    await planes.pollMetrics();
    finishMinute();
    await planes.pollMetrics();
    await Promise.all(extra.map((c) => c.end()));
    const id = (await pgc().servers.get(RG, "db-openhands-dp-1")).id!;
    const from = new Date(minute * 60_000).toISOString();
    const to = new Date((minute + 1) * 60_000).toISOString();
    const answer = await stack.clients().monitor.metrics.list(id, { timespan: `${from}/${to}`, interval: "PT1M", metricnames: "active_connections", aggregation: "Maximum" });
    const point = answer.value[0]!.timeseries[0]!.data!.find((d) => d.timeStamp.getTime() === minute * 60_000);
    expect(point?.maximum).toBe(4);
  }, 90_000);

  it("stops (connections refused), starts again, and deletes the server with its engine", async () => {
    await pgc().servers.beginStopAndWait(RG, "db-openhands-dp-1", poll);
    await expect(connect(host, "ohadmin", PASSWORD)).rejects.toThrow(/ECONNREFUSED/);
    await planes.pollMetrics(); // a stopped server reads as not alive (is_db_alive 0) for this minute
    await pgc().servers.beginStartAndWait(RG, "db-openhands-dp-1", poll);
    const client = await connect(host, "ohadmin", PASSWORD, "openhands");
    expect((await client.query("select title from conversation_metadata")).rows).toEqual([{ title: "hello" }]);
    await client.end();
    await pgc().servers.beginDeleteAndWait(RG, "db-openhands-dp-1", poll);
    await expect(connect(host, "ohadmin", PASSWORD)).rejects.toThrow(/ECONNREFUSED/);
    expect(await pids(`${dataDir}/data-planes/postgres`)).toEqual([]);
  }, 60_000);

  it("fails the create LRO with a clear error when the address is taken", async () => {
    const blocker = (await import("node:net")).createServer();
    // The next server gets the lowest free loopback address: the deleted server's.
    await new Promise<void>((r) => blocker.listen(5432, host, () => r()));
    try {
      const failure = await armFailure(pgc().servers.beginCreateOrUpdateAndWait(RG, "db-openhands-dp-2", {
        location: "eastus", sku: { name: "Standard_B1ms", tier: "Burstable" }, administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, version: "16", storage: { storageSizeGB: 32 },
      }, poll));
      expect(failure.message).toMatch(/already in use/);
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe("Azure Cache for Redis backed by a real redis-server", () => {
  let stack: ConformanceStack;
  let planes: DataPlanes;
  let dataDir: string;
  let host = "";
  const redis = () => stack.clients().redis.redis;
  const NAME = "cache-openhands-dp-1";
  const ping = async (port: number, password: string, tls = false): Promise<string> => {
    const client = new Redis({ host, port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...(tls ? { tls: { ca: caPem() } } : {}) });
    return pingWith(client);
  };

  beforeAll(async () => {
    ({ stack, planes, dataDir } = await startStack());
  }, 60_000);
  afterAll(async () => {
    await stopStack({ stack, planes, dataDir });
    expect(await pids(`${dataDir}/data-planes`)).toEqual([]);
  });

  it("creates a cache that answers on 6379 (enableNonSslPort) and 6380 (TLS) with either key, not with a wrong one", async () => {
    expect(planes.redisAvailable).toBe(true);
    const cache = await redis().beginCreateAndWait(RG, NAME, { location: "eastus", sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true }, poll);
    expect(cache.provisioningState).toBe("Succeeded");
    host = cache.hostName!;
    expect(host).toMatch(/^127\.0\.20\.\d+$/);
    const keys = await redis().listKeys(RG, NAME);
    expect(await ping(6379, keys.primaryKey!)).toBe("PONG");
    expect(await ping(6379, keys.secondaryKey!)).toBe("PONG");
    expect(await ping(6380, keys.primaryKey!, true)).toBe("PONG");
    await expect(ping(6379, "not-the-key")).rejects.toThrow(/WRONGPASS/);
  }, 60_000);

  it("redis-cli reaches the cache with its key (plain and TLS)", async () => {
    const keys = await redis().listKeys(RG, NAME);
    const plain = await run("redis-cli", ["-h", host, "-p", "6379", "--no-auth-warning", "-a", keys.primaryKey!, "ping"]);
    expect(plain.stdout.trim()).toBe("PONG");
    const tls = await run("redis-cli", ["--tls", "--cacert", ensureLocalCa("/unused").caFile, "-h", host, "-p", "6380", "--no-auth-warning", "-a", keys.secondaryKey!, "ping"]);
    expect(tls.stdout.trim()).toBe("PONG");
  });

  it("refuses the old primary key once it is regenerated, and closes 6379 when enableNonSslPort goes off", async () => {
    const before = await redis().listKeys(RG, NAME);
    const after = await redis().regenerateKey(RG, NAME, { keyType: "Primary" });
    await expect(ping(6379, before.primaryKey!)).rejects.toThrow(/WRONGPASS/);
    expect(await ping(6379, after.primaryKey!)).toBe("PONG");
    expect(await ping(6379, after.secondaryKey!)).toBe("PONG");
    // The PATCH is an LRO (202 + Location): the SDK returns once the cache is Succeeded again.
    expect((await redis().beginUpdateAndWait(RG, NAME, { enableNonSslPort: false }, poll)).provisioningState).toBe("Succeeded");
    await expect(ping(6379, after.primaryKey!)).rejects.toThrow(/ECONNREFUSED/);
    expect(await ping(6380, after.primaryKey!, true)).toBe("PONG");
  }, 60_000);

  it("reports connectedclients, totalkeys and cache hits from the real INFO through Azure Monitor", async () => {
    const keys = await redis().listKeys(RG, NAME);
    const clients = [1, 2, 3].map(() => new Redis({ host, port: 6380, password: keys.primaryKey!, tls: { ca: caPem() }, maxRetriesPerRequest: 0, retryStrategy: () => null }));
    await Promise.all(clients.map((c) => c.ping()));
    await clients[0]!.set("a", "1");
    await clients[0]!.set("b", "2");
    const minute = Math.floor(now() / 60_000);
    await planes.pollMetrics();
    await clients[0]!.get("a");
    await clients[0]!.get("missing");
    finishMinute();
    await planes.pollMetrics();
    clients.forEach((c) => c.disconnect());
    const id = (await redis().get(RG, NAME)).id!;
    const timespan = `${new Date(minute * 60_000).toISOString()}/${new Date((minute + 1) * 60_000).toISOString()}`;
    const answer = await stack.clients().monitor.metrics.list(id, { timespan, interval: "PT1M", metricnames: "connectedclients,totalkeys,usedmemory", aggregation: "Maximum" });
    const at = (name: string) => answer.value.find((m) => m.name.value === name)!.timeseries[0]!.data!.find((d) => d.timeStamp.getTime() === minute * 60_000)?.maximum;
    expect(at("connectedclients")).toBe(3);
    expect(at("totalkeys")).toBe(2);
    expect(at("usedmemory")).toBeGreaterThan(100_000);
  }, 90_000);

  it("deletes the cache and its redis-server", async () => {
    const keys = await redis().listKeys(RG, NAME);
    await redis().beginDeleteAndWait(RG, NAME, poll);
    await expect(ping(6380, keys.primaryKey!, true)).rejects.toThrow(/ECONNREFUSED/);
    expect(await pids(`${dataDir}/data-planes/redis`)).toEqual([]);
  }, 30_000);
});

describe("PGlite fallback (no PostgreSQL binaries) and no redis-server", () => {
  let stack: ConformanceStack;
  let planes: DataPlanes;
  let dataDir: string;

  beforeAll(async () => {
    ({ stack, planes, dataDir } = await startStack({ forcePglite: true, noRedis: true }));
  }, 60_000);
  afterAll(async () => {
    await stopStack({ stack, planes, dataDir });
  });

  it("serves a flexible server of PGlite's major (18) with PGlite on its FQDN:5432, and refuses other majors", async () => {
    expect(planes.postgresEngine).toBe("pglite");
    const pgc = stack.clients().postgres;
    const spec = { location: "eastus", sku: { name: "Standard_B1ms", tier: "Burstable" }, administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, storage: { storageSizeGB: 32 } };
    const refused = await armFailure(pgc.servers.beginCreateOrUpdateAndWait(RG, "db-openhands-lite", { ...spec, version: "17" }, poll));
    expect(refused).toMatchObject({ statusCode: 400, code: "ParameterOutOfRange", message: "The value of the 'Version' should be in: [18]. Verify that the specified parameter value is correct." });
    const server = await pgc.servers.beginCreateOrUpdateAndWait(RG, "db-openhands-lite", { ...spec, version: "18" }, poll);
    await pgc.databases.beginCreateAndWait(RG, "db-openhands-lite", "openhands", {}, poll);
    const client = await connect(server.fullyQualifiedDomainName!, "ohadmin", PASSWORD, "openhands", false);
    expect((await show(client, "server_version")).split(".")[0]).toBe("18");
    expect((await client.query("select tablename from pg_tables where schemaname = 'public'")).rows).toEqual([]);
    await client.end();
    await pgc.servers.beginStopAndWait(RG, "db-openhands-lite", poll);
    await expect(connect(server.fullyQualifiedDomainName!, "ohadmin", PASSWORD, "openhands", false)).rejects.toThrow(/ECONNREFUSED/);
  }, 90_000);

  it("still serves caches in ARM without a redis-server; their host answers nothing", async () => {
    expect(planes.redisAvailable).toBe(false);
    const cache = await stack.clients().redis.redis.beginCreateAndWait(RG, "cache-openhands-none", { location: "eastus", sku: { name: "Basic", family: "C", capacity: 0 }, enableNonSslPort: true }, poll);
    expect(cache.provisioningState).toBe("Succeeded");
    const client = new Redis({ host: cache.hostName!, port: 6379, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await expect(pingWith(client)).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);
});

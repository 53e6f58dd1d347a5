/**
 * The real data planes behind the local Azure, driven through the real SDKs: a flexible server
 * reached by `pg` (TLS verified against the local CA) and by the `psql` CLI with the ARM-returned
 * FQDN, login and password; databases, firewall rules, parameters, stop/start and delete taking
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
import { armFailure, registerProvider, startConformanceStack, type ConformanceStack } from "../arm/providers/postgresql/conformance-stack";
import { ensureLocalCa } from "../tls/local-ca";
import { createDataPlanes, type DataPlanes } from "./index";

const run = promisify(execFile);
const RG = "rg-openhands-dataplanes";
const PASSWORD = "Xk9#pT2!vLq8-zR";
const poll = { updateIntervalInMs: 50 };
const caPem = () => readFileSync(ensureLocalCa("/unused").caFile, "utf8");

async function startStack(opts: { forcePglite?: boolean } = {}): Promise<{ stack: ConformanceStack; planes: DataPlanes; dataDir: string }> {
  // The engines' own folder (the harness makes the ARM's): created first, so the hooks exist at ARM start.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "data-planes-"));
  const planes = createDataPlanes({ dataDir, log: () => undefined, metricsIntervalMs: 1_000, ...(opts.forcePglite ? { forcePglite: true } : {}) });
  const stack = await startConformanceStack({ armPort: 49443, entraPort: 49444, timeScale: 0, hooks: planes.hooks });
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
  let host = "";
  const pgc = () => stack.clients().postgres;

  beforeAll(async () => {
    ({ stack, planes, dataDir } = await startStack());
  }, 60_000);
  afterAll(async () => {
    await stopStack({ stack, planes, dataDir });
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
    await client.end();
    await expect(connect(host, "ohadmin", "wrong-Password-1")).rejects.toThrow(/password authentication failed/);
    // require_secure_transport is on: no plain TCP.
    await expect(connect(host, "ohadmin", PASSWORD, "postgres", false)).rejects.toThrow(/no pg_hba.conf entry|SSL/);
  }, 120_000);

  it("psql reaches the server with the ARM-returned FQDN and login (verify-full)", async () => {
    const { stdout } = await run("psql", [`host=${host} port=5432 user=ohadmin dbname=postgres sslmode=verify-full sslrootcert=${ensureLocalCa("/unused").caFile}`, "-Atc", "select current_user"], {
      env: { ...process.env, PGPASSWORD: PASSWORD },
    });
    expect(stdout.trim()).toBe("ohadmin");
  });

  it("creates the openhands database through ARM with OpenHands' tables, owned by the administrator", async () => {
    await pgc().databases.beginCreateAndWait(RG, "db-openhands-dp-1", "openhands", { charset: "UTF8", collation: "en_US.utf8" }, poll);
    const client = await connect(host, "ohadmin", PASSWORD, "openhands");
    const tables = await client.query<{ tablename: string; tableowner: string }>("select tablename, tableowner from pg_tables where schemaname = 'public' order by 1");
    const names = tables.rows.map((r) => r.tablename);
    for (const t of ["alembic_version", "app_conversation_start_task", "conversation_cost_events", "conversation_metadata", "org", "org_member", "user", "v1_remote_sandbox"]) expect(names).toContain(t);
    expect(new Set(tables.rows.map((r) => r.tableowner))).toEqual(new Set(["ohadmin"]));
    const cols = await client.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'conversation_metadata'");
    expect(cols.rows.map((r) => r.column_name)).toEqual(expect.arrayContaining(["conversation_id", "user_id", "accumulated_cost", "total_tokens", "llm_model", "sandbox_id", "conversation_version"]));
    expect((await client.query("select version_num from alembic_version")).rows).toEqual([{ version_num: "139" }]);
    // The app can write its rows (the simulation will).
    await client.query("insert into conversation_metadata (conversation_id, user_id, title) values ('c1', 'u1', 'hello')");
    await client.end();
  });

  it("applies max_connections through ARM after a restart", async () => {
    await pgc().configurations.beginUpdateAndWait(RG, "db-openhands-dp-1", "max_connections", { value: "57", source: "user-override" }, poll);
    let client = await connect(host, "ohadmin", PASSWORD);
    expect((await client.query("show max_connections")).rows[0]).toEqual({ max_connections: "100" });
    await client.end();
    await pgc().servers.beginRestartAndWait(RG, "db-openhands-dp-1", poll);
    client = await connect(host, "ohadmin", PASSWORD);
    expect((await client.query("show max_connections")).rows[0]).toEqual({ max_connections: "57" });
    await client.end();
  }, 60_000);

  it("reports the real active_connections through Azure Monitor", async () => {
    const extra = await Promise.all([1, 2, 3, 4].map(() => connect(host, "ohadmin", PASSWORD)));
    // Stay connected through a whole minute boundary, so a complete minute saw them.
    const minute = Math.floor(Date.now() / 60_000);
    await planes.pollMetrics();
    while (Math.floor(Date.now() / 60_000) === minute) await new Promise((r) => setTimeout(r, 500));
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

/**
 * An environment's database health the way the page gets it: the local Azure (ARM 48551, Entra
 * 48552) creates a flexible server backed by a real PostgreSQL engine (127.44.x.y) with zone-
 * redundant HA and 14-day geo-redundant backups; the console connects with what ARM answers (host,
 * admin login, derived password — a non-superuser, as on Azure), reads the report with the ARM item
 * and cancels a query as that admin login.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import type { ArmClients } from "@/lib/azure/clients";
import { resolveNames } from "@/lib/azure/naming";
import { forgetConnections, openhandsDatabase } from "@/lib/environments/data-plane";
import { selectEnvironment, type EnvironmentTarget } from "@/lib/environments/target";
import { derivedSecret } from "@/lib/operations/generated-secrets";
import { createEnvironment } from "@/lib/store/environments";
import { migrate } from "@/lib/store/migrate";
import { signalBackend } from "./backends";
import { environmentDatabaseHealth } from "./environment";
import type { DatabaseHealthItem, DatabaseHealthReport } from "./types";

const KEY = Buffer.alloc(32, 44);
const DB = "dbhealth_it";
const poll = { updateIntervalInMs: 20 };
const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
let store: pg.Pool;
let stack: DataPlaneStack;
let arm: ArmClients;
let target: EnvironmentTarget;

function itemOf<K extends DatabaseHealthItem["key"]>(report: DatabaseHealthReport, key: K): Extract<DatabaseHealthItem, { key: K }> {
  const it = report.items.find((i) => i.key === key);
  if (!it) throw new Error(`no ${key} item: ${JSON.stringify(report.items.map((i) => [i.key, i.summary]))}`);
  return it as Extract<DatabaseHealthItem, { key: K }>;
}

beforeAll(async () => {
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  store = new pg.Pool({ host: "127.0.0.1", port: 5432, user: "postgres", database: DB, max: 2 });
  store.on("error", () => undefined); // an idle connection ended by the server must not fail the run
  await migrate(store);
  stack = await startDataPlaneStack({
    armPort: 48551, entraPort: 48552, loopbackOctet: 44, dataDirPrefix: "dbhealth-env-", dataPlanes: { redisServer: null },
    resourceGroup: "rg-openhands-dbh", providers: ["Microsoft.DBforPostgreSQL"],
  });
  arm = stack.arm;

  const env = await createEnvironment(store, { name: "dbh", subscriptionId: stack.subscriptionId, region: "eastus", resourceGroup: "rg-openhands-dbh", status: "ready", createdBy: "ada" });
  const names = resolveNames("dbh", stack.subscriptionId);
  await arm.postgres.servers.beginCreateOrUpdateAndWait(env.resourceGroup, names.postgresServer, {
    location: "eastus",
    sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    administratorLogin: "ohadmin",
    administratorLoginPassword: derivedSecret(KEY, env.id, "postgresAdminPassword"),
    version: "16",
    storage: { storageSizeGB: 32 },
    availabilityZone: "1",
    highAvailability: { mode: "ZoneRedundant" },
    backup: { backupRetentionDays: 14, geoRedundantBackup: "Enabled" },
  }, poll);
  await arm.postgres.firewallRules.beginCreateOrUpdateAndWait(env.resourceGroup, names.postgresServer, "console", { startIpAddress: "127.0.0.1", endIpAddress: "127.0.0.1" }, poll);
  await arm.postgres.databases.beginCreateAndWait(env.resourceGroup, names.postgresServer, "openhands", { charset: "UTF8", collation: "en_US.utf8" }, poll);
  target = (await selectEnvironment(store, "dbh"))!;
}, 180_000);

afterAll(async () => {
  await forgetConnections();
  await stack?.close();
  await store?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
});

describe("an environment's database health", () => {
  it("reads the OpenHands database over the connection ARM describes, with HA, backup and replication from ARM", async () => {
    const report = await environmentDatabaseHealth(target, { arm, secretsKey: KEY });
    expect(report.database).toBe("openhands");
    const server = itemOf(report, "server");
    expect(server.data).toMatchObject({
      name: target.names.postgresServer, state: "Ready", tier: "GeneralPurpose", storageSizeGB: 32,
      highAvailability: { mode: "ZoneRedundant" }, backup: { retentionDays: 14, geoRedundant: "Enabled" }, replication: { role: "Primary" },
    });
    expect(server.data!.backup.earliestRestoreDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(["ok", "warn"]).toContain(server.verdict); // warn while the standby is still being created
    expect(itemOf(report, "sizes")).toMatchObject({ verdict: "ok" }); // judged: ARM told the provisioned 32 GB
    expect(itemOf(report, "sizes").data!.databases.map((d) => d.name)).toContain("openhands");
    expect(itemOf(report, "connections").data!.maxConnections).toBeGreaterThan(0);
    expect(itemOf(report, "dead-tuples").data!.database).toBe("openhands");
  });

  it("lets the admin login (not a superuser) cancel another session's query, as the Cancel action does", async () => {
    const pool = await openhandsDatabase(target, { arm, secretsKey: KEY });
    const server = await arm.postgres.servers.get(target.resourceGroup, target.names.postgresServer);
    const app = new pg.Client({
      host: server.fullyQualifiedDomainName, port: 5432, user: "ohadmin", database: "openhands", application_name: "openhands-server",
      password: derivedSecret(KEY, target.environment.id, "postgresAdminPassword"), ssl: { rejectUnauthorized: true },
    });
    await app.connect();
    try {
      const running = app.query("SELECT pg_sleep(30)").catch((e: Error) => e);
      let row: { pid: number; backendStart: string } | undefined;
      for (let i = 0; i < 100 && !row; i++) {
        const long = itemOf(await environmentDatabaseHealth(target, { arm, secretsKey: KEY, rules: { listLongQueriesAfterSeconds: 0 } }), "long-queries");
        row = long.data!.page.rows.find((b) => b.application === "openhands-server" && b.state === "active");
      }
      expect(row).toBeDefined();
      const done = await signalBackend(pool, row!, "cancel");
      expect(done).toMatchObject({ user: "ohadmin", application: "openhands-server", auditQuery: "SELECT pg_sleep(?)" });
      expect(String(await running)).toMatch(/canceling statement due to user request/);
    } finally {
      await app.end();
    }
  });

  it("says why when the database cannot be reached, and still shows ARM's view of the server", async () => {
    await forgetConnections(target.environment.id);
    const report = await environmentDatabaseHealth(target, { arm, secretsKey: Buffer.alloc(32, 1) });
    expect(report.verdict).toBe("unknown");
    expect(report.items[0]).toMatchObject({ key: "connection", verdict: "unknown" });
    expect(report.items[0]!.summary).toMatch(/^unknown: the console cannot query the database: .*password authentication failed/);
    expect(itemOf(report, "server").data?.state).toBe("Ready");
    await forgetConnections(target.environment.id);
  });
});

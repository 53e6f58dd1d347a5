/**
 * Conformance of the local Microsoft.DBforPostgreSQL through the real @azure/arm-postgresql-flexible
 * client from the console's factory: LRO headers and states as Azure answers them, answer shapes
 * compared with the spec examples, validation errors that change nothing, resume of a serialized
 * poller across a restart of the local Azure, and secrets that never leave the request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Server } from "@azure/arm-postgresql-flexible";
import type { PostgresDataPlane, PostgresServerInfo } from "./data-plane";
import { armFailure, fixture, persistedState, registerProvider, shapeDifferences, startConformanceStack, type ConformanceStack } from "../../testing/conformance-stack";

const RG = "rg-openhands-pgtest";
const OTHER_RG = "rg-openhands-pgtest-2";
const PASSWORD = "Xk9#pT2!vLq8-zR";
const poll = { updateIntervalInMs: 20 };

function serverBody(overrides: Partial<Server> = {}): Server {
  return {
    location: "eastus",
    sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    administratorLogin: "ohadmin",
    administratorLoginPassword: PASSWORD,
    version: "16",
    storage: { storageSizeGB: 128 },
    backup: { backupRetentionDays: 7, geoRedundantBackup: "Disabled" },
    highAvailability: { mode: "Disabled" },
    tags: { env: "test" },
    ...overrides,
  };
}

describe("Microsoft.DBforPostgreSQL flexible servers (local ARM, real SDK)", () => {
  let stack: ConformanceStack;
  const events: string[] = [];
  const passwords: string[] = [];
  const dataPlane: PostgresDataPlane = {
    credentialsSet: (s: PostgresServerInfo, password: string) => {
      events.push(`credentials:${s.name}`);
      passwords.push(password);
    },
    serverReady: (s) => events.push(`ready:${s.name}`),
    serverStopped: (s) => events.push(`stopped:${s.name}`),
    serverDeleted: (id) => events.push(`deleted:${id.split("/").pop() ?? ""}`),
    databaseCreated: (_id, db) => events.push(`db:${db.name}`),
    configurationChanged: (_id, name, value) => events.push(`config:${name}=${value}`),
  };
  const pg = () => stack.clients().postgres;

  beforeAll(async () => {
    stack = await startConformanceStack({ armPort: 58443, entraPort: 58444, timeScale: 0.002, pageSize: 2, hooks: { postgresDataPlane: dataPlane } });
    const rm = stack.clients().resources;
    await rm.resourceGroups.createOrUpdate(RG, { location: "eastus" });
    await rm.resourceGroups.createOrUpdate(OTHER_RG, { location: "eastus" });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("refuses servers until the namespace is registered, then registers", async () => {
    const failure = await armFailure(pg().servers.beginCreateOrUpdate(RG, "pg-unregistered", serverBody()));
    expect(failure).toMatchObject({ statusCode: 409, code: "MissingSubscriptionRegistration" });
    await registerProvider(stack, "Microsoft.DBforPostgreSQL");
  });

  it("answers checkNameAvailability like the NameAvailabilityCheckGlobally example", async () => {
    const answer = await pg().nameAvailability.checkGlobally({ name: "db-openhands-test-1", type: "Microsoft.DBforPostgreSQL/flexibleServers" });
    expect(answer).toMatchObject({ nameAvailable: true, name: "db-openhands-test-1", type: "Microsoft.DBforPostgreSQL/flexibleServers" });
    const raw = await stack.call("POST", `/subscriptions/${stack.subscriptionId}/providers/Microsoft.DBforPostgreSQL/checkNameAvailability?api-version=2025-08-01`, { name: "db-openhands-test-1", type: "Microsoft.DBforPostgreSQL/flexibleServers" });
    expect(shapeDifferences(raw.body, fixture("postgresql/NameAvailabilityCheckGlobally.json").responses["200"]!.body).join("; ")).toBe("");
    const invalid = await pg().nameAvailability.checkWithLocation("eastus", { name: "Bad_Name", type: "Microsoft.DBforPostgreSQL/flexibleServers" });
    expect(invalid).toMatchObject({ nameAvailable: false, reason: "Invalid" });
  });

  it("creates a server: 202 + Azure-AsyncOperation + Location, Provisioning → Ready, resumable from toString()", async () => {
    const poller = await pg().servers.beginCreateOrUpdate(RG, "db-openhands-test-1", serverBody(), poll);
    const during = await pg().servers.get(RG, "db-openhands-test-1");
    expect(during.state).toBe("Provisioning");
    const saved = poller.toString();
    expect(saved).toContain("/providers/Microsoft.DBforPostgreSQL/locations/eastus/azureAsyncOperation/");
    // A second client (a console replica after a restart) finishes the same operation.
    const resumed = await stack.clients().postgres.servers.beginCreateOrUpdate(RG, "db-openhands-test-1", {} as Server, { resumeFrom: saved, ...poll });
    const server = await resumed.pollUntilDone();
    expect(server).toMatchObject({
      name: "db-openhands-test-1",
      type: "Microsoft.DBforPostgreSQL/flexibleServers",
      location: "eastus",
      state: "Ready",
      version: "16",
      administratorLogin: "ohadmin",
      sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
      storage: { storageSizeGB: 128, tier: "P10", iops: 500, autoGrow: "Disabled" },
      network: { publicNetworkAccess: "Enabled" },
      highAvailability: { mode: "Disabled", state: "NotEnabled" },
      tags: { env: "test" },
    });
    expect(server.fullyQualifiedDomainName).toMatch(/^127\.0\.10\.\d+$/);
    expect(server.administratorLoginPassword).toBeUndefined();
    expect(server.backup?.earliestRestoreDate).toBeInstanceOf(Date);
    expect(events).toContain("credentials:db-openhands-test-1");
    expect(events).toContain("ready:db-openhands-test-1");
    expect(passwords).toContain(PASSWORD);
  });

  it("answers GET in the shape of the ServersGet example and never returns or persists the password", async () => {
    const raw = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-1?api-version=2025-08-01`);
    expect(raw.status).toBe(200);
    expect(shapeDifferences(raw.body, fixture("postgresql/ServersGet.json").responses["200"]!.body).join("; ")).toBe("");
    expect(raw.text).not.toContain(PASSWORD);
    expect(persistedState(stack)).not.toContain(PASSWORD);
  });

  it("answers a create on the wire as the spec example: 202, no body, both async headers", async () => {
    const raw = await stack.call(
      "PUT",
      `/subscriptions/${stack.subscriptionId}/resourceGroups/${OTHER_RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-2?api-version=2025-08-01`,
      { location: "eastus", sku: { name: "Standard_B1ms", tier: "Burstable" }, properties: { administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, version: "17" } },
    );
    expect(raw.status).toBe(202);
    expect(raw.text).toBe("");
    expect(raw.headers.get("azure-asyncoperation")).toMatch(new RegExp(`/subscriptions/${stack.subscriptionId}/providers/Microsoft.DBforPostgreSQL/locations/eastus/azureAsyncOperation/[-0-9a-f]+\\?api-version=2025-08-01$`));
    expect(raw.headers.get("location")).toMatch(/\/providers\/Microsoft\.DBforPostgreSQL\/locations\/eastus\/operationResults\/[-0-9a-f]+\?api-version=2025-08-01$/);
    const retried = await stack.call(
      "PUT",
      `/subscriptions/${stack.subscriptionId}/resourceGroups/${OTHER_RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-2?api-version=2025-08-01`,
      { location: "eastus", sku: { name: "Standard_B1ms", tier: "Burstable" }, properties: { administratorLogin: "ohadmin", administratorLoginPassword: PASSWORD, version: "17" } },
    );
    expect(retried.status).toBe(202);
    expect(retried.headers.get("azure-asyncoperation")).toBe(raw.headers.get("azure-asyncoperation"));
    const status = await stack.call("GET", new URL(raw.headers.get("azure-asyncoperation")!).pathname + "?api-version=2025-08-01");
    expect(status.body).toMatchObject({ status: expect.stringMatching(/InProgress|Succeeded/) });
  });

  it("rejects bad input with Azure's codes and creates nothing", async () => {
    const cases: Array<[string, Server, string]> = [
      ["db-bad-password", serverBody({ administratorLoginPassword: "password1" }), "PasswordNotComplex"],
      ["Db_Bad_Name", serverBody(), "InvalidServerName"],
      ["db-bad-sku", serverBody({ sku: { name: "Standard_D4ds_v5", tier: "Burstable" } }), "InvalidSkuName"],
      ["db-bad-ha", serverBody({ sku: { name: "Standard_B2s", tier: "Burstable" }, highAvailability: { mode: "ZoneRedundant" } }), "HighAvailabilityNotSupportedForBurstable"],
      ["db-bad-storage", serverBody({ storage: { storageSizeGB: 100 } }), "InvalidStorageSize"],
      ["db-bad-login", serverBody({ administratorLogin: "admin" }), "InvalidAdministratorLogin"],
    ];
    for (const [name, body, code] of cases) {
      const failure = await armFailure(pg().servers.beginCreateOrUpdate(RG, name, body, poll));
      expect(failure, name).toMatchObject({ statusCode: 400, code });
      expect(failure.message).not.toContain(PASSWORD);
      expect((await armFailure(pg().servers.get(RG, name))).statusCode, name).toBe(404);
    }
    const taken = await armFailure(pg().servers.beginCreateOrUpdate(OTHER_RG, "db-openhands-test-1", serverBody(), poll));
    expect(taken).toMatchObject({ statusCode: 409, code: "ServerNameAlreadyExists" });
    expect(await pg().nameAvailability.checkGlobally({ name: "db-openhands-test-1", type: "Microsoft.DBforPostgreSQL/flexibleServers" })).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
  });

  it("requires a delegated subnet (made with the real Network SDK) for private access, and has no firewall there", async () => {
    const network = stack.clients().network;
    await registerProvider(stack, "Microsoft.Network");
    await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, "vnet-openhands-test", { location: "eastus", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, poll);
    const plain = await network.subnets.beginCreateOrUpdateAndWait(RG, "vnet-openhands-test", "snet-openhands-app", { addressPrefix: "10.0.1.0/24" }, poll);
    const notDelegated = await armFailure(pg().servers.beginCreateOrUpdate(RG, "db-openhands-private", serverBody({ network: { delegatedSubnetResourceId: plain.id! } }), poll));
    expect(notDelegated).toMatchObject({ statusCode: 400, code: "SubnetNotDelegated" });
    const missing = await armFailure(pg().servers.beginCreateOrUpdate(RG, "db-openhands-private", serverBody({ network: { delegatedSubnetResourceId: `${plain.id!.replace(/snet-openhands-app$/, "snet-missing")}` } }), poll));
    expect(missing).toMatchObject({ statusCode: 400, code: "SubnetNotFound" });
    const delegated = await network.subnets.beginCreateOrUpdateAndWait(
      RG,
      "vnet-openhands-test",
      "snet-openhands-db",
      { addressPrefix: "10.0.2.0/24", delegations: [{ name: "pg", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }] },
      poll,
    );
    const privateDnsZoneArmResourceId = `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Network/privateDnsZones/openhands.private.postgres.database.azure.com`;
    const server = await pg().servers.beginCreateOrUpdateAndWait(
      RG,
      "db-openhands-private",
      serverBody({ network: { delegatedSubnetResourceId: delegated.id!, privateDnsZoneArmResourceId }, highAvailability: { mode: "ZoneRedundant" }, availabilityZone: "1" }),
      poll,
    );
    expect(server.network).toMatchObject({ publicNetworkAccess: "Disabled", delegatedSubnetResourceId: delegated.id });
    expect(server.highAvailability).toMatchObject({ mode: "ZoneRedundant", state: "Healthy", standbyAvailabilityZone: "2" });
    const raw = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-private?api-version=2025-08-01`);
    expect(shapeDifferences(raw.body, fixture("postgresql/ServerCreate.json").responses["200"]!.body, ["tags.VnetServer"]).join("; ")).toBe("");
    const firewall = await armFailure(pg().firewallRules.beginCreateOrUpdateAndWait(RG, "db-openhands-private", "allow", { startIpAddress: "10.0.0.1", endIpAddress: "10.0.0.2" }, poll));
    expect(firewall).toMatchObject({ statusCode: 400, code: "FirewallRuleNotSupportedForPrivateAccess" });
    await pg().servers.beginDeleteAndWait(RG, "db-openhands-private", poll);
  });

  it("updates with PATCH (Updating → Ready), refuses concurrent changes and shrinking storage", async () => {
    const poller = await pg().servers.beginUpdate(RG, "db-openhands-test-1", { sku: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" }, storage: { storageSizeGB: 256 }, tags: { env: "test", tier: "gp" } }, poll);
    expect((await pg().servers.get(RG, "db-openhands-test-1")).state).toBe("Updating");
    const busy = await armFailure(pg().servers.beginUpdate(RG, "db-openhands-test-1", { backup: { backupRetentionDays: 14 } }, poll));
    expect(busy).toMatchObject({ statusCode: 409, code: "ServerIsBusy" });
    const updated = await poller.pollUntilDone();
    expect(updated).toMatchObject({ state: "Ready", sku: { name: "Standard_D4ds_v5" }, storage: { storageSizeGB: 256, tier: "P15" }, tags: { tier: "gp" } });
    const shrink = await armFailure(pg().servers.beginUpdate(RG, "db-openhands-test-1", { storage: { storageSizeGB: 128 } }, poll));
    expect(shrink).toMatchObject({ statusCode: 400, code: "StorageSizeDecreaseNotSupported" });
    const ha = await pg().servers.beginUpdateAndWait(RG, "db-openhands-test-1", { highAvailability: { mode: "ZoneRedundant" } }, poll);
    expect(ha.highAvailability).toMatchObject({ mode: "ZoneRedundant", state: "Healthy", standbyAvailabilityZone: "2" });
  });

  it("stops, refuses changes while stopped, starts and restarts", async () => {
    await pg().servers.beginStopAndWait(RG, "db-openhands-test-1", poll);
    expect((await pg().servers.get(RG, "db-openhands-test-1")).state).toBe("Stopped");
    const whileStopped = await armFailure(pg().databases.beginCreateAndWait(RG, "db-openhands-test-1", "openhands", { charset: "UTF8", collation: "en_US.utf8" }, poll));
    expect(whileStopped).toMatchObject({ statusCode: 409, code: "ServerNotReady" });
    const restartStopped = await armFailure(pg().servers.beginRestart(RG, "db-openhands-test-1", poll));
    expect(restartStopped).toMatchObject({ statusCode: 409, code: "ServerNotInRequiredState" });
    await pg().servers.beginStartAndWait(RG, "db-openhands-test-1", poll);
    const restart = await pg().servers.beginRestart(RG, "db-openhands-test-1", poll);
    expect((await pg().servers.get(RG, "db-openhands-test-1")).state).toBe("Restarting");
    await restart.pollUntilDone();
    expect((await pg().servers.get(RG, "db-openhands-test-1")).state).toBe("Ready");
    expect(events).toContain("stopped:db-openhands-test-1");
  });

  it("creates, lists and deletes databases like the DatabaseCreate example", async () => {
    for (const db of ["openhands", "keycloak", "litellm", "runtime_api_db"]) {
      const created = await pg().databases.beginCreateAndWait(RG, "db-openhands-test-1", db, { charset: "UTF8", collation: "en_US.utf8" }, poll);
      expect(created).toMatchObject({ name: db, charset: "UTF8", collation: "en_US.utf8", type: "Microsoft.DBforPostgreSQL/flexibleServers/databases" });
    }
    const raw = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-1/databases/openhands?api-version=2025-08-01`);
    expect(shapeDifferences(raw.body, fixture("postgresql/DatabaseCreate.json").responses["200"]!.body).join("; ")).toBe("");
    const names: string[] = [];
    for await (const db of pg().databases.listByServer(RG, "db-openhands-test-1")) names.push(db.name!);
    expect(names.sort()).toEqual(["azure_maintenance", "azure_sys", "keycloak", "litellm", "openhands", "postgres", "runtime_api_db"]);
    expect(await armFailure(pg().databases.beginDeleteAndWait(RG, "db-openhands-test-1", "postgres", poll))).toMatchObject({ statusCode: 400, code: "CannotDropSystemDatabase" });
    const collation = await armFailure(pg().databases.beginCreateAndWait(RG, "db-openhands-test-1", "openhands", { charset: "LATIN1" }, poll));
    expect(collation).toMatchObject({ statusCode: 400, code: "DatabasePropertiesCannotBeChanged" });
    await pg().databases.beginDeleteAndWait(RG, "db-openhands-test-1", "litellm", poll);
    expect((await armFailure(pg().databases.get(RG, "db-openhands-test-1", "litellm"))).statusCode).toBe(404);
    expect(events).toContain("db:openhands");
  });

  it("manages firewall rules with IP validation, like FirewallRuleCreate", async () => {
    const rule = await pg().firewallRules.beginCreateOrUpdateAndWait(RG, "db-openhands-test-1", "allow-console", { startIpAddress: "10.1.0.1", endIpAddress: "10.1.0.20" }, poll);
    expect(rule).toMatchObject({ name: "allow-console", startIpAddress: "10.1.0.1", endIpAddress: "10.1.0.20" });
    const raw = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-1/firewallRules/allow-console?api-version=2025-08-01`);
    expect(shapeDifferences(raw.body, fixture("postgresql/FirewallRuleCreate.json").responses["200"]!.body).join("; ")).toBe("");
    expect(await armFailure(pg().firewallRules.beginCreateOrUpdateAndWait(RG, "db-openhands-test-1", "bad", { startIpAddress: "10.1.0.300", endIpAddress: "10.1.0.1" }, poll))).toMatchObject({ statusCode: 400, code: "InvalidParameterValue" });
    expect(await armFailure(pg().firewallRules.beginCreateOrUpdateAndWait(RG, "db-openhands-test-1", "bad", { startIpAddress: "10.1.0.9", endIpAddress: "10.1.0.1" }, poll))).toMatchObject({ statusCode: 400, code: "FirewallRuleStartIpAddressGreaterThanEndIpAddress" });
    const names: string[] = [];
    for await (const r of pg().firewallRules.listByServer(RG, "db-openhands-test-1")) names.push(r.name!);
    expect(names).toEqual(["allow-console"]);
    await pg().firewallRules.beginDeleteAndWait(RG, "db-openhands-test-1", "allow-console", poll);
    expect((await armFailure(pg().firewallRules.get(RG, "db-openhands-test-1", "allow-console"))).statusCode).toBe(404);
  });

  it("reads and changes server parameters; static ones wait for a restart", async () => {
    const raw = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-1/configurations/array_nulls?api-version=2025-08-01`);
    expect(shapeDifferences(raw.body, fixture("postgresql/ConfigurationsGet.json").responses["200"]!.body).join("; ")).toBe("");
    expect(await pg().configurations.get(RG, "db-openhands-test-1", "require_secure_transport")).toMatchObject({ value: "on", dataType: "Boolean", source: "system-default" });
    const changed = await pg().configurations.beginUpdateAndWait(RG, "db-openhands-test-1", "max_connections", { value: "800", source: "user-override" }, poll);
    expect(changed).toMatchObject({ value: "800", source: "user-override", isConfigPendingRestart: true, isDynamicConfig: false });
    await pg().configurations.beginPutAndWait(RG, "db-openhands-test-1", "azure.extensions", { value: "pgcrypto,uuid-ossp", source: "user-override" }, poll);
    expect((await pg().configurations.get(RG, "db-openhands-test-1", "azure.extensions")).value).toBe("pgcrypto,uuid-ossp");
    expect(await armFailure(pg().configurations.beginUpdateAndWait(RG, "db-openhands-test-1", "max_connections", { value: "10" }, poll))).toMatchObject({ statusCode: 400, code: "InvalidParameterValue" });
    expect(await armFailure(pg().configurations.get(RG, "db-openhands-test-1", "no_such_parameter"))).toMatchObject({ statusCode: 404, code: "ConfigurationNotExists" });
    await pg().servers.beginRestartAndWait(RG, "db-openhands-test-1", poll);
    expect((await pg().configurations.get(RG, "db-openhands-test-1", "max_connections")).isConfigPendingRestart).toBe(false);
    const unchanged = await pg().configurations.beginUpdateAndWait(RG, "db-openhands-test-1", "max_connections", { value: "800", source: "user-override" }, poll);
    expect(unchanged.isConfigPendingRestart).toBe(false);
    const all: string[] = [];
    for await (const c of pg().configurations.listByServer(RG, "db-openhands-test-1")) all.push(c.name!);
    expect(all).toEqual(expect.arrayContaining(["max_connections", "require_secure_transport", "azure.extensions", "shared_preload_libraries", "pg_stat_statements.track"]));
    expect(events).toContain("config:max_connections=800");
  });

  it("lists by group and subscription across pages (nextLink)", async () => {
    await pg().servers.beginCreateOrUpdateAndWait(RG, "db-openhands-test-3", serverBody({ sku: { name: "Standard_B1ms", tier: "Burstable" } }), poll);
    const inGroup: string[] = [];
    for await (const s of pg().servers.listByResourceGroup(RG)) inGroup.push(s.name!);
    expect(inGroup.sort()).toEqual(["db-openhands-test-1", "db-openhands-test-3"]);
    const hosts = await Promise.all(["db-openhands-test-1", "db-openhands-test-3"].map(async (n) => (await pg().servers.get(RG, n)).fullyQualifiedDomainName));
    expect(new Set(hosts).size).toBe(2);
    const all: string[] = [];
    for await (const s of pg().servers.listBySubscription()) all.push(s.name!);
    expect(all.sort()).toEqual(["db-openhands-test-1", "db-openhands-test-2", "db-openhands-test-3"]);
    const firstPage = await stack.call("GET", `/subscriptions/${stack.subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers?api-version=2025-08-01`);
    const page = firstPage.body as { value: unknown[]; nextLink?: string };
    expect(page.value).toHaveLength(2);
    expect(decodeURIComponent(page.nextLink ?? "")).toContain("$skiptoken=2");
  });

  it("lets readers read but not write", async () => {
    const reader = stack.clients(stack.reader).postgres;
    expect((await reader.servers.get(RG, "db-openhands-test-1")).name).toBe("db-openhands-test-1");
    expect(await armFailure(reader.servers.beginRestart(RG, "db-openhands-test-1", poll))).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
  });

  it("fails an injected create fault with {code,message} and leaves no server behind", async () => {
    stack.arm.faults.add({ match: { method: "PUT", path: "flexibleServers/db-openhands-fails" }, count: 1, action: { type: "failLro", code: "InternalServerError", message: "Injected provisioning failure." } });
    const poller = await pg().servers.beginCreateOrUpdate(RG, "db-openhands-fails", serverBody(), poll);
    await expect(poller.pollUntilDone()).rejects.toThrow(/InternalServerError|Injected provisioning failure/);
    expect((await armFailure(pg().servers.get(RG, "db-openhands-fails"))).statusCode).toBe(404);
  });

  it("resumes a serialized create after the local Azure restarts", async () => {
    stack.arm.env.settings.timeScale = 0.005;
    const poller = await pg().servers.beginCreateOrUpdate(OTHER_RG, "db-openhands-restart", serverBody(), poll);
    const saved = poller.toString();
    await stack.restartArm();
    const server = await stack.clients().postgres.servers.beginCreateOrUpdate(OTHER_RG, "db-openhands-restart", {} as Server, { resumeFrom: saved, ...poll }).then((p) => p.pollUntilDone());
    expect(server).toMatchObject({ name: "db-openhands-restart", state: "Ready" });
  });

  it("deletes with 202 + Location (Dropping → gone) and frees the name", async () => {
    const raw = await stack.call("DELETE", `/subscriptions/${stack.subscriptionId}/resourceGroups/${OTHER_RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-2?api-version=2025-08-01`);
    expect(raw.status).toBe(202);
    expect(raw.headers.get("location")).toContain("/operationResults/");
    await pg().servers.beginDeleteAndWait(RG, "db-openhands-test-3", poll);
    expect((await armFailure(pg().servers.get(RG, "db-openhands-test-3"))).statusCode).toBe(404);
    expect(await pg().nameAvailability.checkGlobally({ name: "db-openhands-test-3", type: "Microsoft.DBforPostgreSQL/flexibleServers" })).toMatchObject({ nameAvailable: true });
    expect(events).toContain("deleted:db-openhands-test-3");
  });
});

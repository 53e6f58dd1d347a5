/**
 * Activity Log conformance: writes made through the real SDK clients (resources, container
 * service) are read back through the real MonitorClient (@azure/arm-monitor 7.0.0,
 * `activityLogs.list(filter)`), as an administrator counts ARM writes on Azure. Event fields follow
 * GetActivityLogsFiltered.json (azure-rest-api-specs, monitor 2015-04-01; `claims` left out).
 * Ports 47543 (ARM) and 47544 (Entra).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import type { EventData } from "@azure/arm-monitor";
import { armClients, type ArmClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../../../entra/server";
import { signTestToken } from "../../../entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "../../../stack-identity";
import { startLocalAzure, type LocalAzure } from "../../local-azure";

const ARM_PORT = 47543;
const ENTRA_PORT = 47544;
const RG = "rg-openhands-activity";
const CLUSTER = "aks-openhands-activity";

/** Every top-level field of the spec example's event except `claims` (the local Entra's claims are not echoed). */
const EXAMPLE_FIELDS = ["authorization", "caller", "correlationId", "description", "eventDataId", "eventName", "httpRequest", "id", "level", "resourceGroupName", "resourceProviderName", "operationId", "operationName", "properties", "status", "subStatus", "eventTimestamp", "submissionTimestamp", "subscriptionId"];

let dataDir: string;
let identity: StackIdentity;
let entra: RunningEntra;
let arm: LocalAzure;
let clients: ArmClients;
let readerClients: ArmClients;
let clusterId: string;
let started: Date;

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

const since = (from: Date, extra = "") => `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${new Date(Date.now() + 1000).toISOString()}'${extra}`;

async function failure(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-activity-"));
  identity = loadOrCreateStackIdentity(dataDir);
  entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  arm = await startLocalAzure({ dataDir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: 0, tickMs: 20, pageSize: 4 });
  const owner = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  clients = armClients({ subscriptionId: identity.subscriptionId, credential: owner, endpoint: arm.endpoint });
  const readerOid = identity.users.reader!;
  const reader: TokenCredential = {
    getToken: async () => ({
      token: await signTestToken(dataDir, { iss: entra.issuer, aud: "https://management.azure.com", tid: identity.tenantId, oid: readerOid, sub: readerOid }, { expiresInSeconds: 3600 }),
      expiresOnTimestamp: Date.now() + 3_000_000,
    }),
  };
  readerClients = armClients({ subscriptionId: identity.subscriptionId, credential: reader, endpoint: arm.endpoint });

  started = new Date(Date.now() - 1000);
  await clients.resources.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  await clients.resources.providers.register("Microsoft.ContainerService");
  const cluster = await clients.containerService.managedClusters.createOrUpdate(
    RG,
    CLUSTER,
    { location: "eastus", dnsPrefix: "aks-act", kubernetesVersion: "1.33", agentPoolProfiles: [{ name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" }] },
    { updateIntervalInMs: 5 },
  );
  clusterId = cluster.id!;
  await clients.resources.resourceGroups.update(RG, { tags: { team: "platform" } });
});

afterAll(async () => {
  await arm?.close();
  await entra?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Activity Log (Microsoft.Insights eventtypes/management/values)", () => {
  it("records each write as BeginRequest Started then EndRequest, newest first, with the spec example's fields", async () => {
    const events = await all(clients.monitor.activityLogs.list(since(started, ` and resourceGroupName eq '${RG}'`)));
    const times = events.map((e) => e.eventTimestamp!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const clusterWrites = events.filter((e) => e.resourceId?.toLowerCase() === clusterId.toLowerCase() && e.operationName?.value === "Microsoft.ContainerService/managedClusters/write");
    // One PUT: a Started event and, for the asynchronous answer (201 + Azure-AsyncOperation), an Accepted one.
    expect(clusterWrites.map((e) => [e.eventName?.value, e.status?.value]).reverse()).toEqual([
      ["BeginRequest", "Started"],
      ["EndRequest", "Accepted"],
    ]);
    const [end, begin] = clusterWrites as [EventData, EventData];
    expect(begin.correlationId).toBe(end.correlationId);
    expect(end.subStatus?.value).toBe("Created");
    expect(end.properties).toMatchObject({ statusCode: "Created" });
    expect(begin).toMatchObject({
      caller: identity.automationApp.clientId,
      level: "Informational",
      resourceGroupName: RG,
      resourceProviderName: { value: "Microsoft.ContainerService" },
      resourceType: { value: "Microsoft.ContainerService/managedClusters" },
      subscriptionId: identity.subscriptionId,
      tenantId: identity.tenantId,
      category: { value: "Administrative" },
      httpRequest: { method: "PUT", clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      authorization: { action: "Microsoft.ContainerService/managedClusters/write", scope: clusterId },
    });
    expect(begin.id).toMatch(new RegExp(`^${clusterId}/events/${begin.eventDataId}/ticks/\\d{18}$`));

    // The raw answer carries every field of GetActivityLogsFiltered.json's event.
    const raw = (await arm.env.activityLog.list({ from: started, to: new Date(), resourceUri: clusterId }))[0]!;
    for (const field of EXAMPLE_FIELDS) expect(raw, field).toHaveProperty(field);

    // Synchronous writes end Succeeded: the group's PUT (201) and PATCH (200); the registration is a POST action on the provider.
    const group = events.filter((e) => e.operationName?.value === "Microsoft.Resources/subscriptions/resourceGroups/write" && e.eventName?.value === "EndRequest");
    expect(group.map((e) => [e.httpRequest?.method, e.status?.value, e.subStatus?.value]).reverse()).toEqual([
      ["PUT", "Succeeded", "Created"],
      ["PATCH", "Succeeded", "OK"],
    ]);
    // Reads are not administrative events.
    expect(events.filter((e) => e.httpRequest?.method === "GET")).toEqual([]);
  });

  it("filters by resourceUri, correlationId and resourceProvider, and pages with nextLink", async () => {
    const byUri = await all(clients.monitor.activityLogs.list(since(started, ` and resourceUri eq '${clusterId}'`)));
    expect(byUri.length).toBe(2);
    expect(new Set(byUri.map((e) => e.resourceId))).toEqual(new Set([clusterId]));

    const correlation = byUri[0]!.correlationId!;
    const byCorrelation = await all(clients.monitor.activityLogs.list(since(started, ` and correlationId eq '${correlation}'`)));
    expect(byCorrelation.map((e) => e.eventDataId).sort()).toEqual(byUri.map((e) => e.eventDataId).sort());

    const register = await all(clients.monitor.activityLogs.list(since(started, " and resourceProvider eq 'Microsoft.ContainerService'")));
    expect(register.map((e) => e.operationName?.value)).toContain("Microsoft.ContainerService/register/action");

    // pageSize 4: the subscription's events come in more than one page and add up to the whole list.
    const pages = await all(clients.monitor.activityLogs.list(since(started)).byPage());
    expect(pages.length).toBeGreaterThan(1);
    const everything = await all(clients.monitor.activityLogs.list(since(started)));
    expect(pages.flat().map((e) => e.eventDataId)).toEqual(everything.map((e) => e.eventDataId));
  });

  it("records a refused write as Failed with ARM's error, and a Reader may read the log", async () => {
    const from = new Date();
    await new Promise((r) => setTimeout(r, 5)); // the earlier writes fall before `from`
    const err = await failure(clients.containerService.managedClusters.createOrUpdate(RG, CLUSTER, { location: "eastus", dnsPrefix: "aks-act", kubernetesVersion: "1.10", agentPoolProfiles: [{ name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" }] }));
    expect(err.statusCode).toBe(400);
    const events = await all(readerClients.monitor.activityLogs.list(since(from, ` and resourceUri eq '${clusterId}'`)));
    expect(events.map((e) => e.status?.value)).toEqual(["Failed", "Started"]);
    expect(events[0]).toMatchObject({ level: "Error", subStatus: { value: "BadRequest" } });
    expect(JSON.parse(events[0]!.properties!.statusMessage!)).toMatchObject({ error: { code: err.code } });
  });

  it("refuses a filter outside the allowed patterns with 400 BadRequest", async () => {
    for (const filter of ["", "resourceGroupName eq 'x'", `eventTimestamp ge '${started.toISOString()}' and status eq 'Failed'`, `eventTimestamp ge '${new Date(Date.now() - 91 * 86_400_000).toISOString()}'`, "eventTimestamp ge 'yesterday'"]) {
      const e = await failure(all(clients.monitor.activityLogs.list(filter)));
      expect([filter, e.statusCode, e.code]).toEqual([filter, 400, "BadRequest"]);
    }
  });
});

/**
 * Microsoft.Insights conformance: the real MonitorClient (@azure/arm-monitor 7.0.0, from the
 * console's client factory, authenticated by the local Entra) against the local ARM, compared with
 * the examples in /work/shared/fixtures/azure-rest-api-specs/monitor/. The AKS cluster is created
 * through the real ContainerService client (its pools drive the node dimension); the PostgreSQL
 * server, Redis cache and storage account are put into the ARM store directly, since only their
 * existence matters to metrics. Ports 47443 (ARM) and 47444 (Entra).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import type { MonitorClient } from "@azure/arm-monitor";
import { armClients, ARM_SCOPE, type ArmClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../../../entra/server";
import { signTestToken } from "../../../entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "../../../stack-identity";
import { startLocalAzure, type LocalAzure } from "../../local-azure";
import { FIXTURES, shapeDifferences } from "../../testing/arm-test-stack";
import { RecordedMetricSource } from "./metric-source";

const ARM_PORT = 47443;
const ENTRA_PORT = 47444;
const RG = "rg-openhands-insights";
const HOUR = 3_600_000;

type Example = { parameters: Record<string, unknown>; responses: Record<string, { body?: Record<string, unknown> }> };
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}/monitor/${name}`, "utf8")) as Example;

let dataDir: string;
let identity: StackIdentity;
let entra: RunningEntra;
let arm: LocalAzure;
let clients: ArmClients;
let monitor: MonitorClient;
let reader: TokenCredential;
const recorded = new RecordedMetricSource("test-recorded");
let ids: { aks: string; pg: string; redis: string; storage: string; blob: string };

async function call(method: string, pathAndQuery: string, body?: unknown, credential?: TokenCredential) {
  const owner = credential ?? new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  const token = (await owner.getToken(ARM_SCOPE))!.token;
  const res = await fetch(`${arm.endpoint}${pathAndQuery}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined };
}

async function failure(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message: string };
  }
  throw new Error("expected the call to fail");
}

async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}

/** The SDK's path: no leading slash, as the spec examples write resourceUri. */
const uri = (id: string) => id.slice(1);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-insights-"));
  identity = loadOrCreateStackIdentity(dataDir);
  entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  arm = await startLocalAzure({ dataDir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: 0, tickMs: 20, hooks: { metricSources: [recorded] } });
  const owner = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  clients = armClients({ subscriptionId: identity.subscriptionId, credential: owner, endpoint: arm.endpoint });
  monitor = clients.monitor;
  const readerOid = identity.users.reader!;
  reader = {
    getToken: async () => ({
      token: await signTestToken(dataDir, { iss: entra.issuer, aud: "https://management.azure.com", tid: identity.tenantId, oid: readerOid, sub: readerOid }, { expiresInSeconds: 3600 }),
      expiresOnTimestamp: Date.now() + 3_000_000,
    }),
  };

  await clients.resources.resourceGroups.createOrUpdate(RG, { location: "eastus" });
  await clients.resources.providers.register("Microsoft.ContainerService");
  const pools = [
    { name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" as const },
    { name: "platform", count: 2, vmSize: "Standard_D4ds_v5", mode: "User" as const },
    { name: "sandbox", count: 3, vmSize: "Standard_D8ds_v5", mode: "User" as const },
  ];
  const cluster = await clients.containerService.managedClusters.createOrUpdate(RG, "aks-openhands-test", { location: "eastus", dnsPrefix: "aks-oh", kubernetesVersion: "1.33", agentPoolProfiles: pools }, { updateIntervalInMs: 5 });
  const sub = identity.subscriptionId;
  const put = (id: string, type: string, extra: Record<string, unknown> = {}) => {
    arm.env.store.put(id, { id, name: id.split("/").pop(), type, location: "eastus", properties: { provisioningState: "Succeeded" }, ...extra });
    return id;
  };
  const base = `/subscriptions/${sub}/resourceGroups/${RG}/providers`;
  ids = {
    aks: cluster.id!,
    pg: put(`${base}/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-x1`, "Microsoft.DBforPostgreSQL/flexibleServers"),
    redis: put(`${base}/Microsoft.Cache/redis/cache-openhands-test-x1`, "Microsoft.Cache/Redis"),
    storage: put(`${base}/Microsoft.Storage/storageAccounts/stopenhandstestx1`, "Microsoft.Storage/storageAccounts"),
    blob: `${base}/Microsoft.Storage/storageAccounts/stopenhandstestx1/blobServices/default`,
  };
  // These resources have "existed for 8 days": metrics start at creation (as on Azure), and the
  // grain/aggregation tests below read up to 7 days of history.
  for (const id of [ids.aks, ids.pg, ids.redis, ids.storage]) arm.env.store.get(id)!.createdAt = new Date(Date.now() - 8 * 24 * HOUR).toISOString();
});

afterAll(async () => {
  await arm?.close();
  await entra?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("metric definitions", () => {
  it("list each resource type's catalog through the SDK, shaped like GetMetricDefinitionsMetricClass.json", async () => {
    const example = fixture("GetMetricDefinitionsMetricClass.json").responses["200"]!.body!;
    const expected: Record<string, [string, string, string]> = {
      aks: ["node_cpu_usage_percentage", "Percent", "Average"],
      pg: ["active_connections", "Count", "Average"],
      redis: ["connectedclients", "Count", "Maximum"],
      storage: ["UsedCapacity", "Bytes", "Average"],
    };
    for (const [key, [name, unit, primary]] of Object.entries(expected)) {
      const id = ids[key as keyof typeof ids];
      const defs = await all(monitor.metricDefinitions.list(uri(id)));
      const def = defs.find((d) => d.name?.value === name);
      expect(def, `${key}: ${name}`).toMatchObject({ unit, primaryAggregationType: primary, resourceId: id, isDimensionRequired: false });
      expect(def!.metricAvailabilities!.length).toBeGreaterThan(0);
      const raw = await call("GET", `${id}/providers/Microsoft.Insights/metricDefinitions?api-version=2024-02-01`);
      expect(raw.status).toBe(200);
      expect(shapeDifferences(raw.body, example)).toEqual([]);
    }
    const aks = await all(monitor.metricDefinitions.list(uri(ids.aks)));
    const cpu = aks.find((d) => d.name?.value === "node_cpu_usage_percentage")!;
    expect(cpu.dimensions!.map((d) => d.value)).toEqual(["node", "nodepool"]);
    expect(cpu.metricAvailabilities!.map((a) => a.timeGrain)).toEqual(["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H"]);
    expect(aks.map((d) => d.name?.value)).toEqual(expect.arrayContaining(["kube_pod_status_ready", "kube_node_status_condition", "apiserver_cpu_usage_percentage", "cluster_autoscaler_unschedulable_pods_count"]));
  });

  it("list the platform metric namespace of a resource (MetricNamespaces_List)", async () => {
    const ns = await all(monitor.metricNamespaces.list(uri(ids.redis)));
    expect(ns).toEqual([{ id: `${ids.redis}/providers/microsoft.insights/metricNamespaces/Microsoft.Cache/redis`, name: "Microsoft.Cache/redis", type: "Microsoft.Insights/metricNamespaces", classification: "Platform", properties: { metricNamespaceName: "Microsoft.Cache/redis" } }]);
  });
});

describe("metrics", () => {
  const cases: Array<[keyof typeof ids, string]> = [
    ["aks", "node_cpu_usage_percentage,node_memory_working_set_percentage,kube_pod_status_ready"],
    ["pg", "cpu_percent,memory_percent,active_connections,storage_percent"],
    ["redis", "connectedclients,usedmemory,usedmemorypercentage,serverLoad,cachehits,cachemisses"],
    ["storage", "Transactions,Ingress,Egress,Availability,SuccessE2ELatency"],
  ];
  const ranges: Array<[string, number, string, number]> = [
    ["1 h", HOUR, "PT1M", 60],
    ["24 h", 24 * HOUR, "PT15M", 96],
    ["7 d", 7 * 24 * HOUR, "PT1H", 168],
  ];

  it.each(cases)("answer %s metrics over 1 h / 24 h / 7 d at their grains through the SDK", async (key, names) => {
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    for (const [, ms, interval, points] of ranges) {
      const timespan = `${new Date(end - ms).toISOString()}/${new Date(end).toISOString()}`;
      const r = await monitor.metrics.list(uri(ids[key]), { timespan, interval, metricnames: names, aggregation: "Average,Maximum" });
      expect(r.interval).toBe(interval);
      expect(r.value.map((m) => m.name.value)).toEqual(names.split(","));
      for (const m of r.value) {
        expect(m.timeseries).toHaveLength(1);
        const data = m.timeseries[0]!.data!;
        expect(data).toHaveLength(points);
        expect(data[0]!.timeStamp).toBeInstanceOf(Date);
        expect(data[0]!.timeStamp.getTime()).toBe(end - ms);
        for (const p of data) {
          expect(Number.isFinite(p.average), `${m.name.value} ${p.timeStamp.toISOString()}`).toBe(true);
          expect(p.maximum!).toBeGreaterThanOrEqual(p.average! - 1e-9);
          if (m.unit === "Percent") expect(p.maximum!).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it("accepts the resource URI with a leading slash (the SDK then sends //subscriptions/...)", async () => {
    const r = await monitor.metrics.list(ids.pg, { metricnames: "cpu_percent" });
    expect(r.value[0]!.id).toBe(`${ids.pg}/providers/Microsoft.Insights/metrics/cpu_percent`);
    expect(r.value[0]!.timeseries[0]!.data!.length).toBeGreaterThanOrEqual(60);
  });

  it("answers the GetMetric.json example (blob service, Tier split, PT6H auto-adjusted to PT1H) in its shape", async () => {
    const example = fixture("GetMetric.json");
    const q = example.parameters;
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const timespan = `${new Date(end - 5 * HOUR).toISOString()}/${new Date(end).toISOString()}`;
    const query = new URLSearchParams({
      timespan, metricnames: String(q.metricnames), metricnamespace: String(q.metricnamespace), $filter: String(q.$filter), top: String(q.top),
      orderby: String(q.orderby), aggregation: String(q.aggregation), interval: String(q.interval), AutoAdjustTimegrain: "true", ValidateDimensions: "false", "api-version": "2024-02-01",
    });
    const raw = await call("GET", `${ids.blob}/providers/Microsoft.Insights/metrics?${query.toString()}`);
    expect(raw.status).toBe(200);
    expect(shapeDifferences(raw.body, example.responses["200"]!.body)).toEqual([]);
    const body = raw.body as { interval: string; namespace: string; value: Array<{ name: { value: string }; timeseries: Array<{ metadatavalues: Array<{ name: { value: string }; value: string }>; data: unknown[] }> }> };
    expect(body.interval).toBe("PT1H");
    expect(body.namespace).toBe("microsoft.storage/storageaccounts/blobservices");
    expect(body.value.map((m) => m.name.value)).toEqual(["BlobCount", "BlobCapacity"]);
    const tiers = body.value[0]!.timeseries.map((t) => t.metadatavalues[0]!);
    expect(tiers.map((t) => t.name.value)).toEqual(["tier", "tier", "tier"]);
    expect(tiers.map((t) => t.value).sort()).toEqual(["Archive", "Cool", "Hot"]);
    for (const t of body.value[0]!.timeseries) expect(t.data).toHaveLength(5);
    // Without AutoAdjustTimegrain the hourly-only metric refuses PT6H, with Azure's message.
    query.delete("AutoAdjustTimegrain");
    const refused = await call("GET", `${ids.blob}/providers/Microsoft.Insights/metrics?${query.toString()}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ code: "BadRequest", message: "Commonly allowed time grains: 01:00:00 between metrics: BlobCount,BlobCapacity, can not support requested time grain: 06:00:00 please adjust your interval parameter to use one of the common grains" });
  });

  it("splits node metrics with $filter (nodepool eq 'sandbox', node eq '*') and honours top and orderby", async () => {
    const timespan = "PT6H";
    const sandbox = await monitor.metrics.list(uri(ids.aks), { timespan, interval: "PT1H", metricnames: "node_cpu_usage_percentage", filter: "nodepool eq 'sandbox' and node eq '*'" });
    const series = sandbox.value[0]!.timeseries;
    expect(series).toHaveLength(3);
    for (const s of series) {
      const meta = Object.fromEntries(s.metadatavalues!.map((m) => [m.name!.value, m.value]));
      expect(meta.nodepool).toBe("sandbox");
      expect(meta.node).toMatch(/^aks-sandbox-\d{8}-vmss0000[0-9a-z]{2}$/);
    }
    const nodes = await monitor.metrics.list(uri(ids.aks), { timespan, interval: "PT1H", metricnames: "node_cpu_usage_percentage", filter: "node eq '*'", top: 2, orderby: "average desc", aggregation: "Average" });
    expect(nodes.value[0]!.timeseries).toHaveLength(2);
    const everyNode = await monitor.metrics.list(uri(ids.aks), { timespan, interval: "PT1H", metricnames: "node_cpu_usage_percentage", filter: "node eq '*'", aggregation: "Average,Total,Count" });
    expect(everyNode.value[0]!.timeseries).toHaveLength(6);
    const avg = (s: { data?: Array<{ total?: number; count?: number }> }) => s.data!.reduce((t, p) => t + p.total!, 0) / s.data!.reduce((t, p) => t + p.count!, 0);
    const ranked = [...everyNode.value[0]!.timeseries].sort((a, b) => avg(b) - avg(a)).map((s) => s.metadatavalues![0]!.value);
    expect(nodes.value[0]!.timeseries.map((s) => s.metadatavalues![0]!.value)).toEqual(ranked.slice(0, 2));
  });

  it("keeps aggregations consistent across grains (PT5M points roll up into the PT1H answer)", async () => {
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const timespan = `${new Date(end - 6 * HOUR).toISOString()}/${new Date(end).toISOString()}`;
    const opts = { timespan, metricnames: "active_connections", aggregation: "Average,Minimum,Maximum,Total,Count" };
    const fine = (await monitor.metrics.list(uri(ids.pg), { ...opts, interval: "PT5M" })).value[0]!.timeseries[0]!.data!;
    const hourly = (await monitor.metrics.list(uri(ids.pg), { ...opts, interval: "PT1H" })).value[0]!.timeseries[0]!.data!;
    expect(fine).toHaveLength(72);
    hourly.forEach((h, i) => {
      const part = fine.slice(i * 12, i * 12 + 12);
      expect(h.total).toBeCloseTo(part.reduce((s, p) => s + p.total!, 0), 6);
      expect(h.count).toBe(part.reduce((s, p) => s + p.count!, 0));
      expect(h.minimum).toBe(Math.min(...part.map((p) => p.minimum!)));
      expect(h.maximum).toBe(Math.max(...part.map((p) => p.maximum!)));
      expect(h.average).toBeCloseTo(h.total! / h.count!, 9);
    });
  });

  it("refuses bad queries like Azure: unknown metric, interval, dimension; missing resource", async () => {
    const unknown = await failure(monitor.metrics.list(uri(ids.redis), { metricnames: "connectedclients,nope" }));
    expect(unknown).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(unknown.message).toMatch(/^Failed to find metric configuration for provider: Microsoft\.Cache, resource Type: redis, metric: nope, Valid metrics: connectedclients,/);
    const grain = await failure(monitor.metrics.list(uri(ids.pg), { metricnames: "cpu_percent", interval: "PT2M" }));
    expect(grain).toMatchObject({ statusCode: 400, code: "BadRequest", message: expect.stringContaining("Invalid time grain duration: PT2M") });
    const dim = await failure(monitor.metrics.list(uri(ids.pg), { metricnames: "cpu_percent", filter: "node eq '*'" }));
    expect(dim).toMatchObject({ statusCode: 400, code: "BadRequest", message: expect.stringContaining("does not support requested dimension combination") });
    const missing = await failure(monitor.metrics.list(uri(ids.pg.replace("x1", "gone")), { metricnames: "cpu_percent" }));
    expect(missing).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    const defsMissing = await failure(all(monitor.metricDefinitions.list(uri(ids.redis.replace("x1", "gone")))));
    expect(defsMissing).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("prefers values a MetricSource passed as hook recorded (real values for the recent window)", async () => {
    const minute = Math.floor(Date.now() / 60_000) - 2;
    recorded.record(ids.pg, "active_connections", {}, minute, 123);
    const timespan = `${new Date(minute * 60_000).toISOString()}/PT1M`;
    const r = await monitor.metrics.list(uri(ids.pg), { timespan, interval: "PT1M", metricnames: "active_connections", aggregation: "Average,Maximum" });
    expect(r.value[0]!.timeseries[0]!.data).toEqual([{ timeStamp: new Date(minute * 60_000), average: 123, maximum: 123 }]);
  });

  it("has no values before the resource was created (a new server's hour is empty up to its creation)", async () => {
    const fresh = `/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-openhands-test-new`;
    arm.env.store.put(fresh, { id: fresh, name: "db-openhands-test-new", type: "Microsoft.DBforPostgreSQL/flexibleServers", location: "eastus", properties: { provisioningState: "Succeeded" } });
    const r = await monitor.metrics.list(uri(fresh), { timespan: "PT1H", interval: "PT1M", metricnames: "cpu_percent", aggregation: "Average" });
    const data = r.value[0]!.timeseries[0]!.data!;
    expect(data.length).toBeGreaterThanOrEqual(60);
    // Created within the current minute, which is not over yet: nothing before it, nothing yet.
    expect(data.filter((p) => p.average !== undefined)).toEqual([]);
    // Older resources keep their history: the same query of the backdated server has every minute.
    const old = await monitor.metrics.list(uri(ids.pg), { timespan: "PT1H", interval: "PT1M", metricnames: "cpu_percent", aggregation: "Average" });
    expect(old.value[0]!.timeseries[0]!.data!.filter((p) => p.average !== undefined).length).toBeGreaterThanOrEqual(59);
  });

  it("lets a Reader read metrics", async () => {
    const asReader = armClients({ subscriptionId: identity.subscriptionId, credential: reader, endpoint: arm.endpoint }).monitor;
    const r = await asReader.metrics.list(uri(ids.redis), { metricnames: "usedmemorypercentage", timespan: "PT1H" });
    expect(r.value[0]!.unit).toBe("Percent");
  });
});

describe("action groups", () => {
  it("need the Microsoft.Insights registration, like a new subscription", async () => {
    const early = await failure(monitor.actionGroups.createOrUpdate(RG, "ag-early", { location: "Global", groupShortName: "early", enabled: true }));
    expect(early).toMatchObject({ statusCode: 409, code: "MissingSubscriptionRegistration" });
    await clients.resources.providers.register("Microsoft.Insights");
  });

  it("create like createOrUpdateActionGroup.json: 201, then 200 on replace, same fields", async () => {
    const example = fixture("createOrUpdateActionGroup.json");
    const path = `/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Insights/actionGroups/SampleActionGroup?api-version=2022-06-01`;
    const created = await call("PUT", path, example.parameters.actionGroup);
    expect(created.status).toBe(201);
    expect(shapeDifferences(created.body, example.responses["201"]!.body)).toEqual([]);
    expect(created.body).toMatchObject({ type: "Microsoft.Insights/ActionGroups", location: "Global", name: "SampleActionGroup" });
    expect(created.body!.id).toBe(`/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/microsoft.insights/actionGroups/SampleActionGroup`);
    const replaced = await call("PUT", path, example.parameters.actionGroup);
    expect(replaced.status).toBe(200);
    expect(shapeDifferences(replaced.body, example.responses["200"]!.body)).toEqual([]);
  });

  it("CRUD through the SDK with email receivers; refuse a long short name, bad email, non-global location", async () => {
    const ag = await monitor.actionGroups.createOrUpdate(RG, "ag-openhands-test", {
      location: "Global",
      groupShortName: "oh-test",
      enabled: true,
      emailReceivers: [{ name: "ops", emailAddress: "ops@contoso.test", useCommonAlertSchema: true }],
      tags: { env: "test" },
    });
    expect(ag).toMatchObject({ name: "ag-openhands-test", groupShortName: "oh-test", enabled: true, location: "Global" });
    expect(ag.emailReceivers).toEqual([{ name: "ops", emailAddress: "ops@contoso.test", useCommonAlertSchema: true, status: "Enabled" }]);
    const got = await monitor.actionGroups.get(RG, "AG-OPENHANDS-TEST");
    expect(got.id).toBe(ag.id);
    const patched = await monitor.actionGroups.update(RG, "ag-openhands-test", { tags: { env: "prod" }, enabled: false });
    expect(patched).toMatchObject({ enabled: false, tags: { env: "prod" } });
    const names = (await all(monitor.actionGroups.listByResourceGroup(RG))).map((g) => g.name).sort();
    expect(names).toEqual(["SampleActionGroup", "ag-openhands-test"]);
    expect((await all(monitor.actionGroups.listBySubscriptionId())).length).toBeGreaterThanOrEqual(2);

    const long = await failure(monitor.actionGroups.createOrUpdate(RG, "ag-x", { location: "Global", groupShortName: "thirteen-char", enabled: true }));
    expect(long).toMatchObject({ statusCode: 400, code: "InvalidRequestContent", message: expect.stringContaining("groupShortName") });
    const email = await failure(monitor.actionGroups.createOrUpdate(RG, "ag-x", { location: "Global", groupShortName: "x", enabled: true, emailReceivers: [{ name: "a", emailAddress: "not-an-email" }] }));
    expect(email).toMatchObject({ statusCode: 400, message: expect.stringContaining("emailAddress") });
    const region = await failure(monitor.actionGroups.createOrUpdate(RG, "ag-x", { location: "eastus", groupShortName: "x", enabled: true }));
    expect(region).toMatchObject({ statusCode: 400, message: expect.stringContaining("Global") });
    await expect(monitor.actionGroups.get(RG, "ag-x")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });

    const readerMonitor = armClients({ subscriptionId: identity.subscriptionId, credential: reader, endpoint: arm.endpoint }).monitor;
    const denied = await failure(readerMonitor.actionGroups.createOrUpdate(RG, "ag-reader", { location: "Global", groupShortName: "r", enabled: true }));
    expect(denied).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });

    await monitor.actionGroups.delete(RG, "SampleActionGroup");
    await expect(monitor.actionGroups.get(RG, "SampleActionGroup")).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("metric alerts", () => {
  const agId = () => `/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/microsoft.insights/actionGroups/ag-openhands-test`;

  it("create like createOrUpdateMetricAlertSingleResource.json (scope and metric of this stack): 200, same fields", async () => {
    const example = fixture("createOrUpdateMetricAlertSingleResource.json");
    const request = structuredClone(example.parameters.parameters) as { properties: { scopes: string[]; criteria: { allOf: Array<{ metricName: string }> }; actions: Array<{ actionGroupId: string }> } };
    request.properties.scopes = [ids.pg];
    request.properties.criteria.allOf[0]!.metricName = "cpu_percent";
    request.properties.actions[0]!.actionGroupId = agId();
    const path = `/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Insights/metricAlerts/chiricutin?api-version=2018-03-01`;
    const created = await call("PUT", path, request);
    expect(created.status).toBe(200);
    const expected = example.responses["200"]!.body!;
    const hiddenLink = Object.keys(expected.tags as object).map((k) => `tags.${k}`);
    expect(shapeDifferences(created.body, expected, [...hiddenLink, "properties.actions[].webhookProperties"])).toEqual([]);
    expect(created.body).toMatchObject({ id: `/subscriptions/${identity.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Insights/metricAlerts/chiricutin`, type: "Microsoft.Insights/metricAlerts", location: "global" });
    const props = created.body!.properties as Record<string, unknown>;
    expect(props).toMatchObject({ evaluationFrequency: "Pt1m", windowSize: "Pt15m", autoMitigate: false, scopes: [ids.pg] });
    expect(props.actions).toEqual([{ actionGroupId: agId(), webHookProperties: { key11: "value11", key12: "value12" } }]);
  });

  it("CRUD through the SDK, validate criteria, and report Fired/Resolved from the metric model", async () => {
    const rule = (threshold: number, extra: Record<string, unknown> = {}) => ({
      location: "global",
      description: "PostgreSQL CPU high",
      severity: 2,
      enabled: true,
      scopes: [ids.pg],
      evaluationFrequency: "PT1M",
      windowSize: "PT5M",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria" as const,
        allOf: [{ criterionType: "StaticThresholdCriterion" as const, name: "cpu", metricName: "cpu_percent", operator: "GreaterThan" as const, threshold, timeAggregation: "Average" as const }],
      },
      actions: [{ actionGroupId: agId(), webHookProperties: { team: "platform" } }],
      ...extra,
    });
    const created = await monitor.metricAlerts.createOrUpdate(RG, "alert-pg-cpu", rule(-1));
    expect(created).toMatchObject({ name: "alert-pg-cpu", severity: 2, enabled: true, windowSize: "PT5M", autoMitigate: true, isMigrated: false });
    expect(created.lastUpdatedTime).toBeInstanceOf(Date);
    expect(created.criteria).toMatchObject({ odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ metricName: "cpu_percent", threshold: -1 }] });
    expect(created.actions).toEqual([{ actionGroupId: agId(), webHookProperties: { team: "platform" } }]);

    const fired = await monitor.metricAlertsStatus.list(RG, "alert-pg-cpu");
    expect(fired.value![0]!.properties!.status).toBe("Fired");
    await monitor.metricAlerts.createOrUpdate(RG, "alert-pg-cpu", rule(1e9));
    const resolved = await monitor.metricAlertsStatus.list(RG, "alert-pg-cpu");
    expect(resolved.value![0]!.properties).toMatchObject({ status: "Resolved", dimensions: {} });

    const patched = await monitor.metricAlerts.update(RG, "alert-pg-cpu", { severity: 1, enabled: false });
    expect(patched).toMatchObject({ severity: 1, enabled: false });
    expect((await monitor.metricAlertsStatus.list(RG, "alert-pg-cpu")).value![0]!.properties!.status).toBe("Disabled");
    expect((await all(monitor.metricAlerts.listByResourceGroup(RG))).map((a) => a.name).sort()).toEqual(["alert-pg-cpu", "chiricutin"]);
    expect((await all(monitor.metricAlerts.listBySubscription())).length).toBeGreaterThanOrEqual(2);

    const bad = async (body: ReturnType<typeof rule>, text: string) => {
      const err = await failure(monitor.metricAlerts.createOrUpdate(RG, "alert-bad", body));
      expect(err, text).toMatchObject({ statusCode: 400 });
      expect(err.message).toContain(text);
    };
    const withCriterion = (c: Record<string, unknown>) => rule(1, { criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ ...rule(1).criteria.allOf[0]!, ...c }] } });
    await bad(withCriterion({ metricName: "node_cpu_usage_percentage" }), "does not exist for resource type 'Microsoft.DBforPostgreSQL/flexibleServers'");
    await bad(withCriterion({ dimensions: [{ name: "node", operator: "Include", values: ["*"] }] }), "The dimension 'node' does not exist");
    await bad(rule(1, { scopes: [ids.pg.replace("x1", "gone")] }), "is not an existing resource");
    await bad(rule(1, { windowSize: "PT1M", evaluationFrequency: "PT5M" }), "windowSize");
    await bad(rule(1, { evaluationFrequency: "PT2M" }), "evaluationFrequency");
    await bad(rule(1, { actions: [{ actionGroupId: agId().replace("ag-openhands-test", "ag-gone") }] }), "does not exist");
    await bad(rule(1, { severity: 7 }), "severity");
    await bad(withCriterion({ metricNamespace: "Microsoft.Cache/redis" }), "does not match the scope's resource type");
    await expect(monitor.metricAlerts.get(RG, "alert-bad")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });

    await monitor.metricAlerts.delete(RG, "alert-pg-cpu");
    await expect(monitor.metricAlerts.get(RG, "alert-pg-cpu")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("evaluate an AKS node alert split by the sandbox pool", async () => {
    await monitor.metricAlerts.createOrUpdate(RG, "alert-sandbox-cpu", {
      location: "global",
      severity: 3,
      enabled: true,
      scopes: [ids.aks],
      evaluationFrequency: "PT5M",
      windowSize: "PT15M",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [{ criterionType: "StaticThresholdCriterion", name: "sandbox-cpu", metricName: "node_cpu_usage_percentage", operator: "GreaterThanOrEqual", threshold: 0, timeAggregation: "Maximum", dimensions: [{ name: "nodepool", operator: "Include", values: ["sandbox"] }] }],
      },
    });
    const status = await monitor.metricAlertsStatus.list(RG, "alert-sandbox-cpu");
    expect(status.value![0]!.properties!.status).toBe("Fired");
    expect(status.value![0]!.properties!.timestamp).toBeInstanceOf(Date);
  });
});

/**
 * The Monitoring data layer against the local Azure through the real MonitorClient
 * (@azure/arm-monitor, the console's client factory): a team-sized environment is provisioned
 * through the SDKs from the setup plan (AKS with its three pools, PostgreSQL, Redis, storage and
 * the recommended alert rules), then page views are read: series per resource, a node-pool split,
 * thresholds from the real alert rules, the grain per range, and the call count — checked against
 * the HTTP requests that really left the process — with a second view inside the TTL costing none.
 * Ports 48500 (ARM) and 48501 (Entra) belong to this test.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import type { PlannedResource, ProvisioningPlan } from "@/lib/azure/provisioning/plan-types";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { putPlannedResource } from "@/lib/azure/provisioning/testing/put-planned";
import { monitorRequests } from "./call-ledger";
import { TtlCache } from "./metrics-cache";
import type { ResourceChartsView } from "./metrics-query";
import { parseSelection } from "./selection";
import { startMonitoringView, type MonitoringView, type ViewTarget } from "./view";
import { alertStatuses } from "./alert-status";
import { CallLedger } from "./call-ledger";
import { readAksState, readPostgresState, readRedisState, readStorageState } from "./resource-state";

const NAMESPACES = ["Microsoft.Network", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Cache", "Microsoft.Storage", "Microsoft.Insights"];

let stack: ConformanceStack;
let plan: ProvisioningPlan;
let target: ViewTarget;

function withSecrets(r: PlannedResource): unknown {
  const body = structuredClone(r.armBody) as unknown as Record<string, unknown>;
  for (const s of r.secretInputs ?? []) body[s.path] = `Oh1-${randomBytes(12).toString("base64url")}`;
  return body;
}

beforeAll(async () => {
  stack = await startConformanceStack({ armPort: 48500, entraPort: 48501 });
  const c = stack.clients();
  for (const ns of NAMESPACES) await c.resources.providers.register(ns);
  plan = buildPlan(makeSetupInput({ environment: { name: "mon", subscriptionId: stack.subscriptionId } }));
  const done = new Set<string>();
  while (done.size < plan.steps.length) {
    const step = plan.steps.find((s) => !done.has(s.key) && s.dependsOn.every((d) => done.has(d)))!;
    for (const key of step.resourceKeys) {
      const r = plan.resources.find((x) => x.key === key)!;
      await putPlannedResource(c, c.privateDns, r, withSecrets(r));
    }
    done.add(step.key);
  }
  const id = (type: string) => plan.resources.find((r) => r.type === type)!.id;
  target = {
    resourceGroup: plan.environment.resourceGroup,
    ids: { aks: id("Microsoft.ContainerService/managedClusters"), postgres: id("Microsoft.DBforPostgreSQL/flexibleServers"), redis: id("Microsoft.Cache/redis"), storage: id("Microsoft.Storage/storageAccounts") },
  };
  // The environment "has run for a day": Azure Monitor has no values before a resource's creation,
  // and the alert test below needs complete minutes of history inside its 5-minute window.
  for (const rid of Object.values(target.ids)) stack.arm.env.store.get(rid)!.createdAt = new Date(Date.now() - 86_400_000).toISOString();
});

afterAll(async () => {
  await stack?.close();
});

async function groups(view: MonitoringView): Promise<Record<string, ResourceChartsView>> {
  const out: Record<string, ResourceChartsView> = {};
  for (const g of view.groups) {
    const r = await g.result;
    if (!r.ok) throw new Error(`${g.resource}: ${r.error}`);
    out[g.resource] = r.view;
  }
  await view.settled;
  return out;
}

const chart = (v: ResourceChartsView, key: string) => v.charts.find((c) => c.spec.key === key)!;

describe("monitoring views through the real MonitorClient", () => {
  it("read every resource's charts in 7 ARM calls, with the setup's alert thresholds drawn in", async () => {
    const cache = new TtlCache();
    const before = monitorRequests.total;
    const view = startMonitoringView(stack.clients().monitor, target, parseSelection({}).selection, { cache });
    const g = await groups(view);

    expect(view.ledger.armCalls).toBe(7);
    expect(view.ledger.cached).toBe(0);
    expect(monitorRequests.total - before).toBe(7); // what the pipeline really sent
    expect(view.ledger.summary()).toBe("7 Azure Monitor calls, 0 cached");

    for (const [resource, keys] of Object.entries({ aks: ["node-cpu", "node-memory", "pod-phases"], postgres: ["pg-cpu", "pg-memory", "pg-connections", "pg-storage", "pg-alive"], redis: ["redis-memory", "redis-clients", "redis-hits", "redis-ops", "redis-load"], storage: ["storage-transactions", "storage-availability", "storage-capacity"] })) {
      expect(g[resource]!.charts.map((c) => c.spec.key)).toEqual(keys);
      for (const c of g[resource]!.charts) {
        expect(c.error, `${resource}/${c.spec.key}`).toBeUndefined();
        expect(c.series.length, `${resource}/${c.spec.key}`).toBeGreaterThan(0);
      }
    }
    const cpu = chart(g.aks!, "node-cpu");
    expect(cpu.grain).toBe("PT1M");
    expect(cpu.series).toHaveLength(1);
    expect(cpu.series[0]!.points.length).toBe(60);
    expect(cpu.unit).toBe("Percent");
    expect(chart(g.aks!, "pod-phases").series.map((s) => s.label)).toEqual(["Running"]);
    expect(chart(g.redis!, "redis-hits").series.map((s) => s.metric)).toEqual(["cachehits", "cachemisses"]);
    expect(chart(g.storage!, "storage-capacity").grain).toBe("PT1H");

    // Thresholds come from the alert rules setup created (plan-compute.ts alertSpecs).
    const lines = (r: string, key: string) => chart(g[r]!, key).thresholds.map((t) => `${t.condition} (${t.rule})`);
    expect(lines("aks", "node-cpu")).toEqual(["Average > 85 (alert-openhands-mon-aks-cpu)"]);
    expect(lines("aks", "node-memory")).toEqual(["Average > 90 (alert-openhands-mon-aks-memory)"]);
    expect(lines("postgres", "pg-cpu")).toEqual(["Average > 80 (alert-openhands-mon-db-cpu)"]);
    expect(lines("postgres", "pg-storage")).toEqual(["Maximum > 85 (alert-openhands-mon-db-storage)"]);
    expect(lines("postgres", "pg-alive")).toEqual(["Minimum < 1 (alert-openhands-mon-db-alive)"]);
    expect(lines("redis", "redis-memory")).toEqual(["Maximum > 85 (alert-openhands-mon-cache-memory)"]);
    expect(lines("redis", "redis-load")).toEqual(["Average > 80 (alert-openhands-mon-cache-load)"]);
    expect(lines("postgres", "pg-memory")).toEqual([]);

    // A second view inside the TTL asks Azure nothing.
    const again = startMonitoringView(stack.clients().monitor, target, parseSelection({}).selection, { cache });
    const mid = monitorRequests.total;
    const g2 = await groups(again);
    expect(again.ledger.armCalls).toBe(0);
    expect(again.ledger.cached).toBe(7);
    expect(monitorRequests.total - mid).toBe(0);
    expect(chart(g2.postgres!, "pg-cpu").series[0]!.points).toEqual(chart(g.postgres!, "pg-cpu").series[0]!.points);
  });

  it("splits node metrics by node pool (one series per pool) and by node", async () => {
    const cache = new TtlCache();
    const pools = plan.resources.find((r) => r.type === "Microsoft.ContainerService/managedClusters")!.armBody as { agentPoolProfiles: Array<{ name: string; count: number }> };
    const byPool = await groups(startMonitoringView(stack.clients().monitor, target, parseSelection({ resource: "aks", split: "nodepool", range: "6h" }).selection, { cache }));
    const cpu = chart(byPool.aks!, "node-cpu");
    expect(cpu.grain).toBe("PT5M");
    expect(cpu.series.map((s) => s.label)).toEqual(pools.agentPoolProfiles.map((p) => p.name).sort());
    // 72 five-minute buckets, plus a partial one when the window does not start on a bucket boundary.
    expect(cpu.series.every((s) => s.points.length >= 72 && s.points.length <= 73)).toBe(true);
    expect(cpu.thresholds).toHaveLength(1);
    const byNode = await groups(startMonitoringView(stack.clients().monitor, target, parseSelection({ resource: "aks", split: "node" }).selection, { cache }));
    const nodes = pools.agentPoolProfiles.reduce((n, p) => n + p.count, 0);
    expect(chart(byNode.aks!, "node-memory").series).toHaveLength(Math.min(nodes, 10));
    expect(chart(byNode.aks!, "node-memory").series[0]!.label).toMatch(/^aks-\w+-\d{8}-vmss/);
  });

  it("reads each range at the portal's grain", async () => {
    const cache = new TtlCache();
    for (const [range, grain, points] of [["24h", "PT15M", 96], ["7d", "PT1H", 168]] as const) {
      const g = await groups(startMonitoringView(stack.clients().monitor, target, parseSelection({ resource: "postgres", range }).selection, { cache }));
      const cpu = chart(g.postgres!, "pg-cpu");
      expect(cpu.grain).toBe(grain);
      expect(cpu.series[0]!.points.length).toBeGreaterThanOrEqual(points);
      expect(cpu.series[0]!.points.length).toBeLessThanOrEqual(points + 1);
    }
  });

  it("keeps a failing resource's error inside its own group", async () => {
    const cache = new TtlCache();
    const broken = { ...target, ids: { ...target.ids, redis: target.ids.redis.replace(/redis\/[^/]+$/, "redis/cache-gone") } };
    const view = startMonitoringView(stack.clients().monitor, broken, parseSelection({}).selection, { cache });
    const results = await Promise.all(view.groups.map((g) => g.result));
    const redis = results.find((r) => r.ok && r.view.resource === "redis");
    expect(redis && redis.ok && redis.view.charts.every((c) => c.error?.includes("404 ResourceNotFound"))).toBe(true);
    expect(results.filter((r) => r.ok && r.view.resource !== "redis" && r.view.charts.every((c) => !c.error))).toHaveLength(3);
    // The failure is not cached: the next view asks again.
    const next = startMonitoringView(stack.clients().monitor, broken, parseSelection({ resource: "redis" }).selection, { cache });
    await next.settled;
    expect(next.ledger.armCalls).toBe(1);
  });

  it("lets an ARM Reader read the charts and rules", async () => {
    const g = await groups(startMonitoringView(stack.clients(stack.reader).monitor, target, parseSelection({ resource: "redis" }).selection, { cache: new TtlCache() }));
    expect(chart(g.redis!, "redis-memory").thresholds).toHaveLength(1);
  });
});

describe("overview sources through the real SDKs", () => {
  it("read each resource's ARM state as ok, and a missing one as critical", async () => {
    const arm = stack.clients();
    const n = plan.environment.names;
    const rg = plan.environment.resourceGroup;
    const aks = await readAksState(arm, rg, n.aksCluster);
    expect(aks).toMatchObject({ verdict: "ok", state: "Succeeded · Running" });
    expect(aks.facts.find(([l]) => l === "Node pools")![1]).toMatch(/system \d+×/);
    expect(await readPostgresState(arm, rg, n.postgresServer)).toMatchObject({ verdict: "ok", state: "Ready" });
    expect(await readRedisState(arm, rg, n.redisCache)).toMatchObject({ verdict: "ok", state: "Succeeded" });
    expect((await readStorageState(arm, rg, n.storageAccount)).verdict).toBe("ok");
    expect(await readRedisState(arm, rg, "cache-gone")).toMatchObject({ verdict: "critical", state: "Not found" });
  });

  it("report firing alert rules from the metric-alert status API, one cached call per rule", async () => {
    const monitor = stack.clients().monitor;
    const rg = plan.environment.resourceGroup;
    // A rule that always fires (CPU above -1 %), severity 1 → the tile turns critical.
    await monitor.metricAlerts.createOrUpdate(rg, "alert-test-always", {
      location: "global", description: "always fires", severity: 1, enabled: true, scopes: [target.ids.postgres], evaluationFrequency: "PT1M", windowSize: "PT5M",
      criteria: { odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", allOf: [{ criterionType: "StaticThresholdCriterion", name: "cpu", metricName: "cpu_percent", operator: "GreaterThan", threshold: -1, timeAggregation: "Average" }] },
    });
    const cache = new TtlCache();
    const ledger = new CallLedger();
    const summary = await alertStatuses(monitor, rg, { cache, ledger });
    const rules = plan.resources.filter((r) => r.type === "Microsoft.Insights/metricAlerts").length + 1;
    expect(summary.rules).toHaveLength(rules);
    expect(summary.verdict).toBe("critical");
    expect(summary.firing[0]!.rule.name).toBe("alert-test-always");
    expect(summary.rules.every((r) => ["Fired", "Resolved", "NoData"].includes(r.status))).toBe(true);
    expect(ledger.armCalls).toBe(1 + rules);
    const again = new CallLedger();
    await alertStatuses(monitor, rg, { cache, ledger: again });
    expect(again.armCalls).toBe(0);
    await monitor.metricAlerts.delete(rg, "alert-test-always");
  });
});

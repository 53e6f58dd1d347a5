/**
 * Azure Monitor calls per Monitoring page view, and how long the data layer takes to render each
 * view's data, for every range: a cold view (empty cache) and a warm one inside the 45 s TTL. The
 * environment is provisioned from a team-sized setup plan through the real SDKs (AKS with three
 * pools, PostgreSQL, Redis, storage, the recommended alert rules) on the local Azure. Prints numbers.
 *   npx tsx bench/monitoring-calls.ts [--repeat 5]
 * Ports 48502 (ARM) and 48503 (local Entra); override with BENCH_ARM_PORT / BENCH_ENTRA_PORT.
 */
import { randomBytes } from "node:crypto";
import { buildPlan } from "../lib/azure/provisioning/plan";
import { makeSetupInput } from "../lib/azure/provisioning/testing/setup-fixtures";
import { putPlannedResource } from "../lib/azure/provisioning/testing/put-planned";
import { monitorRequests } from "../lib/azure/monitor/call-ledger";
import { TtlCache } from "../lib/azure/monitor/metrics-cache";
import { parseSelection } from "../lib/azure/monitor/selection";
import { startMonitoringView } from "../lib/azure/monitor/view";
import { benchArg, startBenchStack } from "./bench-stack";

const REPEAT = benchArg("repeat", 5);
const stack = await startBenchStack("monitoring-calls", { arm: 48502, entra: 48503 });
const c = stack.clients;

try {
  for (const ns of ["Microsoft.Network", "Microsoft.ContainerService", "Microsoft.DBforPostgreSQL", "Microsoft.Cache", "Microsoft.Storage", "Microsoft.Insights"]) await c.resources.providers.register(ns);
  const plan = buildPlan(makeSetupInput({ environment: { name: "bench", subscriptionId: stack.identity.subscriptionId } }));
  const done = new Set<string>();
  while (done.size < plan.steps.length) {
    const step = plan.steps.find((s) => !done.has(s.key) && s.dependsOn.every((d) => done.has(d)))!;
    for (const key of step.resourceKeys) {
      const r = plan.resources.find((x) => x.key === key)!;
      const body = structuredClone(r.armBody) as unknown as Record<string, unknown>;
      for (const s of r.secretInputs ?? []) body[s.path] = `Oh1-${randomBytes(12).toString("base64url")}`;
      await putPlannedResource(c, c.privateDns, r, body);
    }
    done.add(step.key);
  }
  const id = (type: string) => plan.resources.find((r) => r.type === type)!.id;
  const target = {
    resourceGroup: plan.environment.resourceGroup,
    ids: { aks: id("Microsoft.ContainerService/managedClusters"), postgres: id("Microsoft.DBforPostgreSQL/flexibleServers"), redis: id("Microsoft.Cache/redis"), storage: id("Microsoft.Storage/storageAccounts") },
  };
  const day = 86_400_000;
  const customTo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - day).toISOString().slice(0, 16);
  const customFrom = new Date(Date.parse(`${customTo}:00Z`) - 3 * day).toISOString().slice(0, 16);
  const views: Array<[string, Record<string, string>]> = [
    ["1 h (PT1M)", {}],
    ["6 h (PT5M)", { range: "6h" }],
    ["24 h (PT15M)", { range: "24h" }],
    ["7 d (PT1H)", { range: "7d" }],
    ["custom 3 d (PT1H)", { range: "custom", from: customFrom, to: customTo }],
    ["1 h, nodes split by pool", { split: "nodepool" }],
    ["7 d, nodes split by node", { range: "7d", split: "node" }],
  ];
  const monitor = c.monitor;
  console.log(`Monitoring page views, all four resources; median of ${REPEAT} (cold = empty cache, warm = within the TTL)`);
  for (const [label, params] of views) {
    const cold: number[] = [];
    const warm: number[] = [];
    let calls = "";
    for (let i = 0; i < REPEAT; i++) {
      const cache = new TtlCache();
      const sent0 = monitorRequests.total;
      const first = startMonitoringView(monitor, target, parseSelection(params).selection, { cache });
      cold.push(await first.settled);
      const sent1 = monitorRequests.total;
      const second = startMonitoringView(monitor, target, parseSelection(params).selection, { cache });
      warm.push(await second.settled);
      calls = `cold ${first.ledger.armCalls} calls (${sent1 - sent0} HTTP requests sent), warm ${second.ledger.armCalls} calls + ${second.ledger.cached} cached (${monitorRequests.total - sent1} sent)`;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`${label.padEnd(28)} ${calls}; cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(1)} ms`);
  }
} finally {
  await stack.close();
}

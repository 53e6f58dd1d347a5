/**
 * Benchmark of the local Azure Monitor metrics API: Metrics_List requests per second through the
 * real MonitorClient (@azure/arm-monitor, from the console's client factory) for typical dashboard
 * queries — 1 h at PT1M, 24 h at PT15M, 7 d at PT1H, and a node split — with a few requests in
 * flight, as a dashboard page sends them. Prints numbers, asserts nothing.
 *   npx tsx bench/arm-metrics.ts [--seconds 4] [--concurrency 8]
 * Ports 47445 (ARM) and 47446 (local Entra); override with BENCH_ARM_PORT / BENCH_ENTRA_PORT.
 */
import { benchArg, startBenchStack } from "./bench-stack";

const SECONDS = benchArg("seconds", 4);
const CONCURRENCY = benchArg("concurrency", 8);
const stack = await startBenchStack("arm-metrics", { arm: 47445, entra: 47446 });
const { identity, arm } = stack;
const monitor = stack.clients.monitor;

const base = `/subscriptions/${identity.subscriptionId}/resourceGroups/rg-bench`;
arm.env.store.put(base, { id: base, name: "rg-bench", type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } });
const aks = `${base}/providers/Microsoft.ContainerService/managedClusters/aks-bench`;
const pg = `${base}/providers/Microsoft.DBforPostgreSQL/flexibleServers/db-bench`;
const pools = [{ name: "system", count: 2 }, { name: "platform", count: 3 }, { name: "sandbox", count: 5 }];
arm.env.store.put(aks, { id: aks, name: "aks-bench", type: "Microsoft.ContainerService/managedClusters", location: "eastus", properties: { agentPoolProfiles: pools } });
arm.env.store.put(pg, { id: pg, name: "db-bench", type: "Microsoft.DBforPostgreSQL/flexibleServers", location: "eastus", properties: {} });

const scenarios: Array<[string, () => Promise<unknown>]> = [
  ["PG cpu_percent,memory_percent 1 h PT1M", () => monitor.metrics.list(pg.slice(1), { timespan: "PT1H", interval: "PT1M", metricnames: "cpu_percent,memory_percent", aggregation: "Average,Maximum" })],
  ["PG active_connections 24 h PT15M", () => monitor.metrics.list(pg.slice(1), { timespan: "P1D", interval: "PT15M", metricnames: "active_connections", aggregation: "Average,Maximum" })],
  ["AKS node_cpu_usage_percentage 7 d PT1H (10 nodes)", () => monitor.metrics.list(aks.slice(1), { timespan: "P7D", interval: "PT1H", metricnames: "node_cpu_usage_percentage" })],
  ["AKS node cpu split by node, 1 h PT5M, top 10", () => monitor.metrics.list(aks.slice(1), { timespan: "PT1H", interval: "PT5M", metricnames: "node_cpu_usage_percentage", filter: "node eq '*'", top: 10 })],
];

try {
  for (const [label, request] of scenarios) {
    await request(); // warm up (token, connection, JIT)
    let done = 0;
    const until = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await request();
          done++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${label}: ${(done / seconds).toFixed(1)} requests/s (${done} in ${seconds.toFixed(1)} s, concurrency ${CONCURRENCY})`);
  }
} finally {
  await stack.close();
}

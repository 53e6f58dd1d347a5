/**
 * Benchmark of the local Azure Monitor metrics API: Metrics_List requests per second through the
 * real MonitorClient (@azure/arm-monitor, from the console's client factory) for typical dashboard
 * queries — 1 h at PT1M, 24 h at PT15M, 7 d at PT1H, and a node split — with a few requests in
 * flight, as a dashboard page sends them. Prints numbers, asserts nothing.
 *   npx tsx bench/arm-metrics.ts [--seconds 4] [--concurrency 8]
 * Ports 47445 (ARM) and 47446 (local Entra); override with BENCH_ARM_PORT / BENCH_ENTRA_PORT.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { armClients } from "../lib/azure/clients";
import { startLocalAzure } from "../emulator/arm/local-azure";
import { ClientSecretCredential } from "@azure/identity";
import { startEntra } from "../emulator/entra/server";
import { ensureLocalCa } from "../emulator/tls/local-ca";
import { loadOrCreateStackIdentity } from "../emulator/stack-identity";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const SECONDS = arg("seconds", 4);
const CONCURRENCY = arg("concurrency", 8);
const ARM_PORT = Number(process.env.BENCH_ARM_PORT ?? 47445);
const ENTRA_PORT = Number(process.env.BENCH_ENTRA_PORT ?? 47446);

const dir = mkdtempSync(path.join(tmpdir(), "arm-metrics-bench-"));
// The SDK verifies TLS: trust the bench's local CA in this process (Node reads NODE_EXTRA_CA_CERTS only at start).
const localCa = ensureLocalCa(dir);
if (process.env.NODE_EXTRA_CA_CERTS !== localCa.caFile) {
  const { spawnSync } = await import("node:child_process");
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: localCa.caFile, LOCAL_STACK_CA_DIR: path.dirname(localCa.caFile) };
  const r = spawnSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: "inherit", env });
  rmSync(dir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const identity = loadOrCreateStackIdentity(dir);
const entra = await startEntra({ dataDir: dir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
const arm = await startLocalAzure({ dataDir: dir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: 0 });
const app = identity.automationApp;
const credential = new ClientSecretCredential(identity.tenantId, app.clientId, app.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
const monitor = armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: arm.endpoint }).monitor;

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
  await arm.close();
  await entra.close();
  rmSync(dir, { recursive: true, force: true });
}

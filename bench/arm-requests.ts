/**
 * Benchmark of the local ARM front door: GET requests per second through the real SDK clients
 * (resource group and AKS cluster reads, auth + RBAC + routing included), and the overhead of a
 * long-running AKS create beyond its configured duration (PUT, polls, final GET).
 * Prints numbers, asserts nothing.
 *   npx tsx bench/arm-requests.ts [--seconds 4] [--concurrency 8] [--lro-ms 1000] [--lro-runs 5]
 * Ports 47447 (ARM) and 47448 (local Entra); override with BENCH_ARM_PORT / BENCH_ENTRA_PORT.
 */
import { benchArg, startBenchStack } from "./bench-stack";
import https from "node:https";
import { realisticSeconds } from "../emulator/arm/core/durations";

const SECONDS = benchArg("seconds", 4);
const CONCURRENCY = benchArg("concurrency", 8);
const LRO_MS = benchArg("lro-ms", 1000);
const LRO_RUNS = benchArg("lro-runs", 5);
const stack = await startBenchStack("arm-requests", { arm: 47447, entra: 47448 });
const { identity, arm, credential } = stack;
const clients = stack.clients;
const pool = { name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System" as const };

await clients.resources.resourceGroups.createOrUpdate("rg-bench", { location: "eastus" });
await clients.resources.providers.register("Microsoft.ContainerService");
await clients.containerService.managedClusters.createOrUpdate("rg-bench", "aks-bench", { location: "eastus", agentPoolProfiles: [pool] }, { updateIntervalInMs: 5 });

async function rate(label: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await call(); // warm up (token cache, TLS sessions, JIT)
  let count = 0;
  const cpu0 = process.cpuUsage();
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
        count++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, count);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} ${(count / SECONDS).toFixed(0).padStart(6)} req/s   p50 ${p(0.5)} ms   p99 ${p(0.99)} ms   CPU ${cpuMsPerRequest.toFixed(2)} ms/req (client + server, one process)`);
}

// Requests/s depend on what else runs on the machine; CPU ms per request does much less.
console.log(`load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)} on ${(await import("node:os")).cpus().length} cores`);
console.log(`local ARM GET throughput (${SECONDS} s, ${CONCURRENCY} in flight, SDK clients, real tokens)`);
await rate("resourceGroups.get", () => clients.resources.resourceGroups.get("rg-bench"));
await rate("managedClusters.get", () => clients.containerService.managedClusters.get("rg-bench", "aks-bench"));
// Without the SDK: what the front door itself costs (keep-alive HTTPS, same token).
const agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const token = (await credential.getToken("https://management.azure.com/.default")).token;
const rawUrl = new URL(`${arm.endpoint}/subscriptions/${identity.subscriptionId}/resourcegroups/rg-bench?api-version=2025-04-01`);
const rawGet = () =>
  new Promise<void>((resolve, reject) => {
    const req = https.get(rawUrl, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve());
    });
    req.on("error", reject);
  });
await rate("raw HTTPS GET resource group (no SDK)", rawGet);
await rate("managedClusters.get (404)", () => clients.containerService.managedClusters.get("rg-bench", "nope").catch(() => undefined));

// LRO overhead: AKS create configured to take LRO_MS; the SDK polls every 50 ms (Retry-After 0 in fast mode).
const scale = LRO_MS / 1000 / realisticSeconds["Microsoft.ContainerService/managedClusters/create"]!;
arm.env.settings.timeScale = scale;
const overheads: number[] = [];
for (let i = 0; i < LRO_RUNS; i++) {
  const t = performance.now();
  await clients.containerService.managedClusters.createOrUpdate("rg-bench", `aks-lro-${i}`, { location: "eastus", agentPoolProfiles: [pool] }, { updateIntervalInMs: 50 });
  overheads.push(performance.now() - t - LRO_MS);
}
arm.env.settings.timeScale = 0;
const mean = overheads.reduce((a, b) => a + b, 0) / overheads.length;
console.log(`AKS create LRO, configured ${LRO_MS} ms, poll 50 ms: overhead mean ${mean.toFixed(0)} ms, min ${Math.min(...overheads).toFixed(0)} ms, max ${Math.max(...overheads).toFixed(0)} ms (${LRO_RUNS} runs)`);

const t0 = performance.now();
await clients.containerService.managedClusters.createOrUpdate("rg-bench", "aks-instant", { location: "eastus", agentPoolProfiles: [pool] }, { updateIntervalInMs: 0 });
console.log(`AKS create LRO at time scale 0 (tests): ${(performance.now() - t0).toFixed(0)} ms end to end`);

await stack.close();

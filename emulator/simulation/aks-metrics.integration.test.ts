/**
 * A new AKS cluster's metric history through the real `@azure/arm-monitor` client against the local
 * Azure with the simulation (emulator/server.ts): a 1-hour node CPU chart has no values before the
 * cluster's creation (Azure Monitor has none), and its measured minutes agree with the metrics API
 * `kubectl top` reads — no synthetic ~50 % history joined to ~5 % measured values. ARM 37450, Entra 37451.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../entra/server";
import { startLocalAzure } from "../server";
import { loadOrCreateStackIdentity } from "../stack-identity";

const ARM_PORT = 37450;
const ENTRA_PORT = 37451;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "aks-metrics-it-"));
let entra: RunningEntra;
let azure: Awaited<ReturnType<typeof startLocalAzure>>;
let clients: ReturnType<typeof armClients>;
let clusterId = "";
let createdAt = 0;
let kube: { server: string; token: string };

async function k<T>(p: string): Promise<T> {
  const res = await fetch(`${kube.server}${p}`, { headers: { authorization: `Bearer ${kube.token}` } });
  return (await res.json()) as T;
}

/** CPU % of allocatable per node as `kubectl top nodes` computes it from metrics.k8s.io. */
async function topPercent(): Promise<Map<string, number>> {
  const milli = (q: string) => (q.endsWith("n") ? Number(q.slice(0, -1)) / 1e6 : q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);
  const nodes = await k<{ items: { metadata: { name: string }; status: { allocatable: { cpu: string } } }[] }>("/api/v1/nodes");
  const usage = await k<{ items: { metadata: { name: string }; usage: { cpu: string } }[] }>("/apis/metrics.k8s.io/v1beta1/nodes");
  const alloc = new Map(nodes.items.map((n) => [n.metadata.name, milli(n.status.allocatable.cpu)]));
  return new Map(usage.items.map((u) => [u.metadata.name, (milli(u.usage.cpu) / alloc.get(u.metadata.name)!) * 100]));
}

beforeAll(async () => {
  entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  azure = await startLocalAzure({ dataDir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: 0, simulation: { tickMs: 1000, workload: { usersPerHour: 0, seed: 1 } } });
  const identity = loadOrCreateStackIdentity(dataDir);
  const credential = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  clients = armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: azure.endpoint });
  await clients.resources.resourceGroups.createOrUpdate("rg-metrics", { location: "eastus" });
  await clients.resources.providers.register("Microsoft.ContainerService");
  const cluster = await clients.containerService.managedClusters.createOrUpdate(
    "rg-metrics",
    "aks-metrics",
    { location: "eastus", agentPoolProfiles: [{ name: "system", count: 2, vmSize: "Standard_D4ds_v5", mode: "System" }] },
    { updateIntervalInMs: 5 },
  );
  clusterId = cluster.id!;
  createdAt = cluster.systemData!.createdAt!.getTime();
  const creds = await clients.containerService.managedClusters.listClusterUserCredentials("rg-metrics", "aks-metrics");
  const kubeconfig = new TextDecoder().decode(creds.kubeconfigs![0]!.value!);
  kube = { server: /server: "([^"]+)"/.exec(kubeconfig)![1]!, token: /token: "([^"]+)"/.exec(kubeconfig)![1]! };
}, 60_000);

afterAll(async () => {
  await azure?.close();
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("AKS metric history of a new cluster (arm-monitor)", () => {
  it("has no node CPU values before the cluster was created, and measured minutes match kubectl top (no cliff)", async () => {
    const query = () => clients.monitor.metrics.list(clusterId, { timespan: "PT1H", interval: "PT1M", metricnames: "node_cpu_usage_percentage", aggregation: "Average", filter: "node eq '*'" });
    // The minute of the creation has to be over before it can have a value (up to ~1 min).
    const deadline = Date.now() + 150_000;
    let r = await query();
    const valued = () => (r.value[0]!.timeseries ?? []).flatMap((t) => (t.data ?? []).filter((p) => p.average !== undefined && p.average !== null));
    while (valued().length === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 5000));
      r = await query();
    }
    const series = r.value[0]!.timeseries ?? [];
    expect(series).toHaveLength(2);
    const top = await topPercent();
    for (const ts of series) {
      const node = ts.metadatavalues?.find((m) => m.name?.value === "node")?.value ?? "";
      const data = ts.data ?? [];
      expect(data.length).toBeGreaterThanOrEqual(60); // the hour's buckets are all there …
      const withValue = data.filter((p) => typeof p.average === "number");
      expect(withValue.length, node).toBeGreaterThan(0);
      // … but only minutes from the creation on have a value (a minute that ended before it has none).
      for (const p of withValue) expect(p.timeStamp.getTime() + 60_000, `${node} ${p.timeStamp.toISOString()}`).toBeGreaterThan(createdAt);
      for (const p of data.filter((x) => x.timeStamp.getTime() + 60_000 <= createdAt)) expect(p.average).toBeUndefined();
      // Measured values are what the metrics API (kubectl top) says, a few percent on an idle node; no 50 % history.
      for (const p of withValue) expect(Math.abs(p.average! - top.get(node)!), `${node} ${p.average} vs top ${top.get(node)}`).toBeLessThan(8);
    }
  }, 180_000);
});

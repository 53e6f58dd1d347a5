/**
 * Benchmark of the emulated AKS Kubernetes API: pods listed per second with 5,000 pods (JSON list,
 * kubectl's Table form, paginated like kubectl, @kubernetes/client-node), and watch event latency
 * (time from a write's response to the watch event arriving). Run: npx tsx bench/kube-list.ts
 */
import https from "node:https";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { ensureLocalCa, localhostCert } from "../emulator/tls/local-ca";
import { createCluster, kubeconfigFor, startKubeApiServer } from "../emulator/kubernetes";
import { applyDefaults } from "../emulator/kubernetes/admission";
import { typeOf } from "../emulator/kubernetes/resources";
import type { Deployment } from "../emulator/kubernetes/model";

const PODS = Number(process.env.BENCH_PODS ?? 5000);
const PORT = Number(process.env.BENCH_PORT ?? 38447);
const TOKEN = "bench-token";

const dir = mkdtempSync(path.join(tmpdir(), "kube-bench-"));
const cert = localhostCert(ensureLocalCa(dir));
const agent = new https.Agent({ ca: cert.ca, keepAlive: true });

function get(url: string, accept = "application/json"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent, headers: { authorization: `Bearer ${TOKEN}`, accept } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      })
      .on("error", reject);
  });
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s[s.length - 1]!.toFixed(2)} ms (n=${s.length})`;
}

async function timed(label: string, runs: number, fn: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  let count = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    count = await fn();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  // Wall time depends on what else the machine runs; CPU time (server and client share this process) does less.
  console.log(`${label.padEnd(36)} ${count} pods: wall ${mean.toFixed(0)} ms/list → ${Math.round((count / mean) * 1000).toLocaleString("en-US")} pods/s; CPU ${cpuMs.toFixed(0)} ms/list → ${Math.round((count / cpuMs) * 1000).toLocaleString("en-US")} pods/CPU-s`);
}

const cluster = createCluster({
  name: "aks-bench",
  kubernetesVersion: "1.32.4",
  timeScale: 1000,
  pools: [{ name: "bench", count: Math.ceil(PODS / 100) + 1, vmSize: "Standard_D16s_v5", maxPods: 110 }],
});
const server = await startKubeApiServer(cluster, { port: PORT, tls: cert, token: TOKEN });
try {
  const t0 = performance.now();
  const d: Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "load", namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "" },
    spec: { replicas: PODS, selector: { matchLabels: { app: "load" } }, template: { metadata: { labels: { app: "load" } }, spec: { containers: [{ name: "load", image: "nginx:1.27", resources: { requests: { cpu: "10m", memory: "16Mi" } } }] } } },
  };
  applyDefaults(d);
  cluster.store.create(typeOf("Deployment"), d);
  for (;;) {
    const cur = cluster.store.get(typeOf("Deployment"), "default", "load") as Deployment;
    if ((cur.status?.readyReplicas ?? 0) >= PODS) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")} on ${(await import("node:os")).cpus().length} CPUs`);
  console.log(`${PODS} pods Running/Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (simulation at timeScale 1000, ${cluster.nodes().length} nodes)`);

  const all = `${server.url}/api/v1/pods`;
  await timed("GET /api/v1/pods (JSON)", 5, async () => (JSON.parse((await get(all)).body) as { items: unknown[] }).items.length);
  await timed("GET /api/v1/pods (Table, kubectl)", 5, async () => (JSON.parse((await get(all, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).body) as { rows: unknown[] }).rows.length);
  await timed("paginated limit=500 (kubectl get)", 3, async () => {
    let n = 0;
    let cont = "";
    do {
      const page = JSON.parse((await get(`${all}?limit=500${cont ? `&continue=${cont}` : ""}`)).body) as { items: unknown[]; metadata: { continue?: string } };
      n += page.items.length;
      cont = page.metadata.continue ?? "";
    } while (cont);
    return n;
  });
  await timed("labelSelector + fieldSelector", 5, async () => (JSON.parse((await get(`${all}?labelSelector=app%3Dload&fieldSelector=status.phase%3DRunning`)).body) as { items: unknown[] }).items.length);

  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "bench" }));
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await timed("client-node listPodForAllNamespaces", 3, async () => (await core.listPodForAllNamespaces()).items.length);

  // Real kubectl (Table + paging with limit=500), end to end including its process start.
  const kubeconfigFile = path.join(dir, "kubeconfig");
  writeFileSync(kubeconfigFile, kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "bench" }));
  await timed("kubectl get pods -A (process)", 3, async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile("/usr/bin/kubectl", ["--kubeconfig", kubeconfigFile, "--cache-dir", path.join(dir, "cache"), "get", "pods", "-A", "--no-headers"], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HOME: dir } }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    return out.trim().split("\n").length;
  });

  // Watch latency: a label patch on one pod → MODIFIED event on a pods watch.
  const podNames = cluster.store.list(typeOf("Pod"), "default").slice(0, 50).map((p) => p.metadata.name);
  const arrived = new Map<string, number>();
  const watch = new k8s.Watch(kc);
  const list = await core.listNamespacedPod({ namespace: "default", limit: 1 });
  const req = await watch.watch("/api/v1/namespaces/default/pods", { resourceVersion: list.metadata?.resourceVersion }, (type: string, pod: k8s.V1Pod) => {
    const mark = pod.metadata?.labels?.["bench-mark"];
    if (type === "MODIFIED" && mark && !arrived.has(mark)) arrived.set(mark, performance.now());
  }, () => undefined);
  const latencies: number[] = [];
  for (const [i, name] of podNames.entries()) {
    const mark = `m${i}`;
    const sent = performance.now();
    await core.patchNamespacedPod({ name, namespace: "default", body: { metadata: { labels: { "bench-mark": mark } } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    while (!arrived.has(mark)) await new Promise((r) => setImmediate(r));
    latencies.push(arrived.get(mark)! - sent);
  }
  req.abort();
  console.log(`watch latency (patch sent → event received, ${PODS} pods in store): ${stats(latencies)}`);
} finally {
  await server.close();
  cluster.close();
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
}

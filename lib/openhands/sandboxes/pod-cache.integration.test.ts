/**
 * The watch-fed sandbox pod cache against the Kubernetes API emulator over TLS (real bearer
 * tokens, real list + watch): pods created, changed and deleted after the first read show up in
 * later reads; other namespaces and non-runtime pods never do; a refused list is an error and
 * caches nothing; a second identity gets its own cache; when the API server goes away and comes
 * back the cache lists again instead of serving what it had. Port 48665.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster, kubeconfigFor, startKubeApiServer, type RunningKubeApiServer, type SimulatedCluster } from "@/emulator/kubernetes";
import { typeOf } from "@/emulator/kubernetes/resources";
import { ensureLocalCa, localhostCert, type ServerCert } from "@/emulator/tls/local-ca";
import { cachedSandboxPods, forgetSandboxPods, stopAllSandboxPodCaches } from "./pod-cache";

const PORT = 48665;
const NS = "sandboxes-cache";
const TOKENS = ["pod-cache-token-a", "pod-cache-token-b"];
const dir = mkdtempSync(path.join(os.tmpdir(), "pod-cache-it-"));
let cluster: SimulatedCluster;
let api: RunningKubeApiServer;
let cert: ServerCert;
let core: k8s.CoreV1Api;

function kubeconfig(token: string, user = "cache-user"): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfigFor(cluster, { server: api.url, caPem: cert.ca, token, user }));
  return kc;
}

function pod(session: string, labels: Record<string, string> = { app: "openhands-runtime", session }): k8s.V1Pod {
  return { metadata: { name: `openhands-runtime-${session}`, labels }, spec: { restartPolicy: "Never", containers: [{ name: "agent-server", image: "ghcr.io/openhands/agent-server:1.41.0-python" }] } };
}

async function until(what: string, fn: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const names = async (kc: k8s.KubeConfig) => (await cachedSandboxPods(kc, NS)).map((p) => p.name).sort();

beforeAll(async () => {
  cluster = createCluster({ name: "aks-pod-cache", kubernetesVersion: "1.32.4", timeScale: 100, pools: [{ name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" }] });
  cert = localhostCert(ensureLocalCa(dir));
  api = await startKubeApiServer(cluster, { port: PORT, tls: cert, token: TOKENS });
  core = kubeconfig(TOKENS[0]!).makeApiClient(k8s.CoreV1Api);
  for (const ns of [NS, "elsewhere"]) await core.createNamespace({ body: { metadata: { name: ns } } });
  await core.createNamespacedPod({ namespace: NS, body: pod("a") });
  await core.createNamespacedPod({ namespace: NS, body: pod("not-a-sandbox", { app: "something-else" }) });
  await core.createNamespacedPod({ namespace: "elsewhere", body: pod("b") });
}, 60_000);

afterAll(async () => {
  stopAllSandboxPodCaches();
  await api?.close();
  cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sandbox pod cache", () => {
  it("follows creates, changes and deletes after the first read", async () => {
    const kc = kubeconfig(TOKENS[0]!);
    expect(await names(kc)).toEqual(["openhands-runtime-a"]);
    await core.createNamespacedPod({ namespace: NS, body: pod("c") });
    await until("the new pod in the cache", async () => (await names(kc)).includes("openhands-runtime-c"));
    // A change the scheduler and kubelet make (phase, node) reaches the cached view too.
    await until("pod c running in the cache", async () => (await cachedSandboxPods(kc, NS)).find((p) => p.name === "openhands-runtime-c")?.phase === "Running");
    await core.deleteNamespacedPod({ name: "openhands-runtime-a", namespace: NS, gracePeriodSeconds: 0 });
    await until("pod a gone from the cache", async () => !(await names(kc)).includes("openhands-runtime-a"));
    expect(await names(kc)).toEqual(["openhands-runtime-c"]);
  });

  it("refuses a token the API server rejects, and caches nothing for it", async () => {
    const bad = kubeconfig("not-a-valid-token", "intruder");
    await expect(cachedSandboxPods(bad, NS)).rejects.toThrow(/HTTP 401/);
    await expect(cachedSandboxPods(bad, NS)).rejects.toThrow(/HTTP 401/);
  });

  it("keeps one cache per identity", async () => {
    const a = kubeconfig(TOKENS[0]!);
    const b = kubeconfig(TOKENS[1]!, "other-user");
    expect(await names(b)).toEqual(await names(a));
    forgetSandboxPods(a, NS);
    // b's cache is untouched by forgetting a's, and a lists afresh.
    await core.createNamespacedPod({ namespace: NS, body: pod("d") });
    await until("pod d in both caches", async () => (await names(a)).includes("openhands-runtime-d") && (await names(b)).includes("openhands-runtime-d"));
  });

  it("lists again after the API server went away instead of serving the old pods", async () => {
    const kc = kubeconfig(TOKENS[0]!);
    await names(kc);
    await api.close();
    // While the server is down nothing is served from the cache.
    await until("reads fail while the API server is down", async () => cachedSandboxPods(kc, NS).then(() => false, () => true));
    cluster.store.delete(typeOf("Pod"), NS, "openhands-runtime-c");
    api = await startKubeApiServer(cluster, { port: PORT, tls: cert, token: TOKENS });
    await until("the cache lists the restarted server", async () => cachedSandboxPods(kc, NS).then((p) => !p.some((x) => x.name === "openhands-runtime-c"), () => false));
  });
});

/**
 * Services get Endpoints and EndpointSlices that follow their pods' readiness, seen through the real
 * kubectl (v1.32 dispatcher) and @kubernetes/client-node; and every cluster has `default/kubernetes`.
 * Port 38445. Pods of `app=web` declare a readinessProbe whose verdict this test decides (`unready`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { ensureLocalCa, localhostCert } from "../tls/local-ca";
import { createCluster, kubeconfigFor, startKubeApiServer, type RunningKubeApiServer, type SimulatedCluster } from "./index";

const TOKEN = "kube-ep-it-token-41b2";
const PORT = 38445;
const dir = mkdtempSync(path.join(tmpdir(), "kube-ep-it-"));
const kubeconfigFile = path.join(dir, "kubeconfig");
const cert = localhostCert(ensureLocalCa(dir));
const unready = new Set<string>();
let cluster: SimulatedCluster;
let server: RunningKubeApiServer;
let core: k8s.CoreV1Api;
let discovery: k8s.DiscoveryV1Api;

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("/usr/bin/kubectl", ["--kubeconfig", kubeconfigFile, "--cache-dir", path.join(dir, "cache"), ...args], { timeout: 45_000, env: { ...process.env, HOME: dir } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /ready, port: http}, periodSeconds: 1}
        resources: {requests: {cpu: 50m, memory: 32Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default, labels: {app: web}}
spec:
  selector: {app: web}
  ports:
  - {name: web, port: 80, targetPort: http}
`;

const webSlices = async () => (await discovery.listNamespacedEndpointSlice({ namespace: "default", labelSelector: "kubernetes.io/service-name=web" })).items;

beforeAll(async () => {
  cluster = createCluster({
    name: "aks-ep-it",
    kubernetesVersion: "1.32.4",
    timeScale: 10,
    pools: [{ name: "system", count: 2, vmSize: "Standard_D4s_v3", mode: "System" }],
    readinessProbe: (pod) => (pod.metadata.labels?.app === "web" ? Promise.resolve(!unready.has(pod.metadata.name)) : undefined),
  });
  server = await startKubeApiServer(cluster, { port: PORT, tls: cert, token: TOKEN });
  writeFileSync(kubeconfigFile, kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "clusterUser_rg-it_aks-ep-it" }));
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  core = kc.makeApiClient(k8s.CoreV1Api);
  discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
});

afterAll(async () => {
  await server?.close();
  cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Service endpoints (kubectl + client-node)", () => {
  it("the default/kubernetes Service exists and its endpoints point at the API server", async () => {
    const svc = await kubectl(["get", "service", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].port}"]);
    expect(svc.stderr).toBe("");
    expect(svc.stdout).toBe("10.0.0.1 443");
    const ep = await until("kubernetes endpoints", async () => {
      const r = await kubectl(["get", "endpoints", "kubernetes", "-n", "default"]);
      return r.code === 0 && r.stdout;
    });
    expect(ep).toMatch(new RegExp(`^kubernetes\\s+127\\.0\\.0\\.1:${PORT}\\s`, "m"));
    const slice = await discovery.readNamespacedEndpointSlice({ name: "kubernetes", namespace: "default" });
    expect(slice.endpoints?.map((e) => [e.addresses[0], e.conditions?.ready])).toEqual([["127.0.0.1", true]]);
  });

  it("two Ready pods → two addresses on the resolved named targetPort, in Endpoints, EndpointSlice and describe", async () => {
    const applied = await kubectl(["apply", "-f", "-"], manifests);
    expect(applied.code, applied.stderr).toBe(0);
    const ep = await until("two ready addresses", async () => {
      const e = await core.readNamespacedEndpoints({ name: "web", namespace: "default" }).catch(() => undefined);
      return (e?.subsets?.[0]?.addresses?.length ?? 0) === 2 && e;
    });
    const pods = (await core.listNamespacedPod({ namespace: "default", labelSelector: "app=web" })).items;
    const ips = pods.map((p) => p.status?.podIP).sort();
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets![0]!.addresses!.map((a) => a.ip).sort()).toEqual(ips);
    expect(ep.subsets![0]!.addresses!.map((a) => a.targetRef?.name).sort()).toEqual(pods.map((p) => p.metadata?.name).sort());
    expect(ep.subsets![0]!.notReadyAddresses).toBeUndefined();
    expect(ep.subsets![0]!.ports).toEqual([{ name: "web", port: 8080, protocol: "TCP" }]);

    const slices = await webSlices();
    expect(slices).toHaveLength(1);
    expect(slices[0]!.addressType).toBe("IPv4");
    expect(slices[0]!.metadata?.ownerReferences?.[0]).toMatchObject({ kind: "Service", name: "web", controller: true });
    expect(slices[0]!.ports).toEqual([{ name: "web", port: 8080, protocol: "TCP" }]);
    expect(slices[0]!.endpoints.map((e) => [e.addresses[0], e.conditions?.ready]).sort()).toEqual(ips.map((ip) => [ip, true]));

    const get = await kubectl(["get", "endpoints", "web"]);
    expect(get.stdout).toMatch(/^NAME\s+ENDPOINTS\s+AGE$/m);
    for (const ip of ips) expect(get.stdout).toContain(`${ip}:8080`);
    const describe = await kubectl(["describe", "service", "web"]);
    const line = describe.stdout.split("\n").find((l) => l.startsWith("Endpoints:"));
    expect(line).toBeDefined();
    for (const ip of ips) expect(line).toContain(`${ip}:8080`);
    const kslices = await kubectl(["get", "endpointslices.discovery.k8s.io", "-l", "kubernetes.io/service-name=web"]);
    expect(kslices.stdout).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/m);
    expect(kslices.stdout).toMatch(/^web-\w{5}\s+IPv4\s+8080\s+/m);
  });

  it("a pod turning not-ready moves to notReadyAddresses and conditions.ready=false; a watch sees the slice change", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigFile);
    const seen: string[] = [];
    const list = await discovery.listNamespacedEndpointSlice({ namespace: "default" });
    const req = await new k8s.Watch(kc).watch("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices", { resourceVersion: list.metadata?.resourceVersion, labelSelector: "kubernetes.io/service-name=web" }, (type: string, s: k8s.V1EndpointSlice) => seen.push(`${type} ${s.endpoints.filter((e) => e.conditions?.ready).length}`), () => undefined);
    try {
      const pods = (await core.listNamespacedPod({ namespace: "default", labelSelector: "app=web" })).items;
      const victim = pods[0]!;
      unready.add(victim.metadata!.name!);
      const ep = await until("a not-ready address", async () => {
        const e = await core.readNamespacedEndpoints({ name: "web", namespace: "default" });
        return e.subsets?.[0]?.notReadyAddresses?.length === 1 && e;
      });
      expect(ep.subsets![0]!.notReadyAddresses![0]!.ip).toBe(victim.status!.podIP);
      expect(ep.subsets![0]!.addresses!.map((a) => a.ip)).toEqual([pods[1]!.status!.podIP]);
      const slice = (await webSlices())[0]!;
      const byIp = Object.fromEntries(slice.endpoints.map((e) => [e.addresses[0], e.conditions?.ready]));
      expect(byIp).toEqual({ [victim.status!.podIP!]: false, [pods[1]!.status!.podIP!]: true });
      await until("the watch event", async () => seen.includes("MODIFIED 1"));
      // kubectl lists only ready addresses in its ENDPOINTS column.
      const get = await kubectl(["get", "endpoints", "web", "-o", "jsonpath={.subsets[0].addresses[*].ip}"]);
      expect(get.stdout).toBe(pods[1]!.status!.podIP);
    } finally {
      req.abort();
      unready.clear();
    }
  });

  it("scale to 0 → no addresses; deleting the Service deletes its Endpoints and slices", async () => {
    expect((await kubectl(["scale", "deployment", "web", "--replicas=0"])).code).toBe(0);
    await until("no addresses", async () => {
      const e = await core.readNamespacedEndpoints({ name: "web", namespace: "default" });
      const s = await webSlices();
      return e.subsets === undefined && s.length === 1 && s[0]!.endpoints.length === 0;
    });
    const describe = await kubectl(["describe", "service", "web"]);
    expect(describe.stdout).toMatch(/^Endpoints:\s+(<none>)?$/m);

    expect((await kubectl(["delete", "service", "web"])).code).toBe(0);
    await until("endpoints gone", async () => (await kubectl(["get", "endpoints", "web"])).stderr.includes('endpoints "web" not found'));
    await until("slices gone", async () => (await webSlices()).length === 0);
  });
});

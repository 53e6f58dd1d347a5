/**
 * The emulated AKS Kubernetes API against the real kubectl (v1.32 dispatcher at /usr/bin/kubectl)
 * and @kubernetes/client-node 1.4.0. Ports 38443–38444.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { ensureLocalCa, localhostCert } from "../tls/local-ca";
import { createCluster, kubeconfigFor, startKubeApiServer, type RunningKubeApiServer, type SimulatedCluster } from "./index";

const TOKEN = "kube-it-token-7f3a9c";
const dir = mkdtempSync(path.join(tmpdir(), "kube-api-it-"));
const kubeconfigFile = path.join(dir, "kubeconfig");
let cluster: SimulatedCluster;
let server: RunningKubeApiServer;
const cert = localhostCert(ensureLocalCa(dir));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], opts: { input?: string; config?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile("/usr/bin/kubectl", ["--kubeconfig", opts.config ?? kubeconfigFile, "--cache-dir", path.join(dir, "cache"), ...args], { timeout: 45_000, env: { ...process.env, HOME: dir } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
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

const deploymentYaml = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 8080}]
        resources:
          requests: {cpu: 100m, memory: 64Mi}
`;

beforeAll(async () => {
  cluster = createCluster({
    name: "aks-it",
    kubernetesVersion: "1.32.4",
    timeScale: 10,
    pools: [
      { name: "system", count: 2, vmSize: "Standard_D4s_v3", mode: "System" },
      { name: "sandbox", count: 1, vmSize: "Standard_D4s_v3", nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] },
    ],
  });
  server = await startKubeApiServer(cluster, { port: 38443, tls: cert, token: TOKEN });
  writeFileSync(kubeconfigFile, kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "clusterUser_rg-it_aks-it" }));
});

afterAll(async () => {
  await server?.close();
  cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("kubectl against the emulated AKS API", () => {
  it("refuses requests without the kubeconfig's bearer token (401 Status)", async () => {
    const res = await fetch(`${server.url}/api/v1/namespaces`, { headers: { authorization: "Bearer wrong" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
    const badConfig = path.join(dir, "bad-kubeconfig");
    writeFileSync(badConfig, kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: "nope", user: "u" }));
    const run = await kubectl(["get", "nodes"], { config: badConfig });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/You must be logged in to the server \(the server has asked for the client to provide credentials\)/);
  });

  it("get nodes shows the agent pool nodes as Ready on the pool version", async () => {
    const run = await kubectl(["get", "nodes"]);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(lines.slice(1)).toHaveLength(3);
    for (const l of lines.slice(1)) expect(l).toMatch(/^aks-(system|sandbox)-\d{8}-vmss00000\d\s+Ready\s+<none>\s+\S+\s+v1\.32\.4$/);
    const json = JSON.parse((await kubectl(["get", "nodes", "-l", "agentpool=sandbox", "-o", "json"])).stdout) as { items: { spec: { taints: unknown[] } }[] };
    expect(json.items[0]?.spec.taints).toEqual([{ key: "openhands.dev/sandbox", value: "true", effect: "NoSchedule" }]);
  });

  it("apply --server-side creates a deployment and rollout status waits for it", async () => {
    const apply = await kubectl(["apply", "--server-side", "-f", "-"], { input: deploymentYaml("nginx:1.27") });
    expect(apply.stderr).toBe("");
    expect(apply.stdout.trim()).toBe("deployment.apps/web serverside-applied");
    const rollout = await kubectl(["rollout", "status", "deployment/web", "--timeout=30s"]);
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain(`deployment "web" successfully rolled out`);
    const pods = await kubectl(["get", "pods", "-l", "app=web", "--no-headers"]);
    const rows = pods.stdout.trim().split("\n");
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatch(/^web-\w+-\w{5}\s+1\/1\s+Running\s+0\s+/);
    // Sandbox-tainted node stays free of ordinary pods.
    const wide = await kubectl(["get", "pods", "-A", "-o", "wide", "--no-headers"]);
    expect(wide.stdout).not.toMatch(/aks-sandbox-/);
    const again = await kubectl(["apply", "--server-side", "-f", "-"], { input: deploymentYaml("nginx:1.27") });
    expect(again.stdout.trim()).toBe("deployment.apps/web serverside-applied");
  });

  it("get pods -w streams changes as they happen", async () => {
    const child = spawn("/usr/bin/kubectl", ["--kubeconfig", kubeconfigFile, "--cache-dir", path.join(dir, "cache"), "get", "pods", "-l", "app=web", "-w"], { env: { ...process.env, HOME: dir } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    try {
      await until("initial rows", async () => out.split("\n").filter((l) => l.startsWith("web-")).length >= 2);
      const scale = await kubectl(["scale", "deployment/web", "--replicas=3"]);
      expect(scale.stdout.trim()).toBe("deployment.apps/web scaled");
      await until("a new pod turning Running in the watch", async () => {
        const lines = out.split("\n").filter((l) => l.startsWith("web-"));
        const names = new Set(lines.map((l) => l.split(/\s+/)[0]));
        return names.size >= 3 && lines.some((l) => /1\/1\s+Running/.test(l)) && out.includes("ContainerCreating");
      });
      expect(out.split("\n")[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    } finally {
      child.kill();
    }
  });

  it("logs prints the container's output, with --tail", async () => {
    const pods = JSON.parse((await kubectl(["get", "pods", "-l", "app=web", "-o", "json"])).stdout) as { items: { metadata: { name: string }; status: { phase: string } }[] };
    // A started pod: the one the previous test's scale-up added may still be creating (no logs yet, as in AKS).
    const name = pods.items.find((p) => p.status.phase === "Running")!.metadata.name;
    const logs = await kubectl(["logs", name]);
    expect(logs.code).toBe(0);
    expect(logs.stdout.split("\n").slice(0, 3)).toEqual(["Starting web (image nginx:1.27)", "Configuration loaded", "Listening on 0.0.0.0:8080"]);
    const tail = await kubectl(["logs", "deployment/web", "--tail=1"]);
    expect(tail.stdout.trim().split("\n")).toHaveLength(1);
    const missing = await kubectl(["logs", "nope"]);
    expect(missing.stderr).toContain(`pods "nope" not found`);
  });

  it("an image that does not exist shows ErrImagePull / ImagePullBackOff and stalls the rollout; undo recovers", async () => {
    const set = await kubectl(["set", "image", "deployment/web", "web=nginx:does-not-exist"]);
    expect(set.stdout.trim()).toBe("deployment.apps/web image updated");
    const status = await until("ImagePullBackOff in get pods", async () => {
      const s = (await kubectl(["get", "pods", "-l", "app=web"])).stdout;
      return /ImagePullBackOff/.test(s) && s;
    });
    expect(status).toMatch(/0\/1\s+ImagePullBackOff/);
    const rollout = await kubectl(["rollout", "status", "deployment/web", "--timeout=2s"]);
    expect(rollout.code).not.toBe(0);
    const undo = await kubectl(["rollout", "undo", "deployment/web"]);
    expect(undo.stdout.trim()).toBe("deployment.apps/web rolled back");
    expect((await kubectl(["rollout", "status", "deployment/web", "--timeout=30s"])).code).toBe(0);
  });

  it("a PodDisruptionBudget allowing zero disruptions blocks kubectl drain; relaxing it lets the drain finish", async () => {
    const pdb = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: default}\nspec:\n  maxUnavailable: 0\n  selector: {matchLabels: {app: web}}\n`;
    expect((await kubectl(["apply", "--server-side", "-f", "-"], { input: pdb })).code).toBe(0);
    await until("PDB status", async () => /web\s+N\/A\s+0\s+0/.test((await kubectl(["get", "pdb", "web", "--no-headers"])).stdout));
    const pods = JSON.parse((await kubectl(["get", "pods", "-l", "app=web", "-o", "json"])).stdout) as { items: { spec: { nodeName: string } }[] };
    const node = pods.items[0]!.spec.nodeName;
    const blocked = await kubectl(["drain", node, "--ignore-daemonsets", "--timeout=3s"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toMatch(/Cannot evict pod as it would violate the pod's disruption budget|global timeout reached/);
    expect((await kubectl(["get", "node", node, "--no-headers"])).stdout).toMatch(/Ready,SchedulingDisabled/);
    expect((await kubectl(["patch", "pdb", "web", "--type=merge", "-p", '{"spec":{"maxUnavailable":1}}'])).code).toBe(0);
    const drained = await kubectl(["drain", node, "--ignore-daemonsets", "--timeout=30s"]);
    expect(drained.stdout).toContain(`node/${node} drained`);
    const after = JSON.parse((await kubectl(["get", "pods", "-A", "-o", "json"])).stdout) as { items: { spec: { nodeName: string } }[] };
    expect(after.items.some((p) => p.spec.nodeName === node)).toBe(false);
    expect((await kubectl(["uncordon", node])).stdout.trim()).toBe(`node/${node} uncordoned`);
  });

  it("answers unknown kinds and missing objects like Kubernetes", async () => {
    const unknown = await kubectl(["apply", "--server-side", "-f", "-"], { input: "apiVersion: v1\nkind: Widget\nmetadata: {name: w}\n" });
    expect(unknown.stderr).toMatch(/no matches for kind "Widget" in version "v1"/);
    expect((await kubectl(["get", "widgets"])).stderr).toMatch(/the server doesn't have a resource type "widgets"/);
    expect((await kubectl(["get", "pods", "--field-selector=spec.color=blue"])).stderr).toMatch(/field label not supported: spec.color/);
    expect((await kubectl(["get", "pods", "-l", "app in (web", "--no-headers"])).code).not.toBe(0);
    const created = await kubectl(["create", "-f", "-"], { input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: created-cm}\ndata: {k: v}\n" });
    expect(created.stdout.trim()).toBe("configmap/created-cm created");
    // kubectl 1.32's typed generators send protobuf bodies: decoded for the kinds they create, 415 for others.
    const generator = await kubectl(["create", "configmap", "gen-cm", "--from-literal=a=b"]);
    expect(generator.stdout.trim()).toBe("configmap/gen-cm created");
    expect((await kubectl(["get", "configmap", "gen-cm", "-o", "jsonpath={.data.a}"])).stdout).toBe("b");
    const service = await kubectl(["create", "service", "clusterip", "gen-svc", "--tcp=80:8080"]);
    expect(service.stderr).toMatch(/unknown format \(protobuf for Service v1\)/);
    expect((await kubectl(["get", "service", "gen-svc"])).stderr).toMatch(/not found/);
    const onSystem = await kubectl(["get", "pods", "-A", "--no-headers", "--field-selector=status.phase=Running,metadata.namespace=kube-system"]);
    expect(onSystem.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(["kube-system"]));
    const res = await fetch(`${server.url}/apis/apps/v1/namespaces/default/deployments/nope`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "NotFound", message: `deployments.apps "nope" not found`, code: 404 });
  });

  it("delete removes the deployment and, through its owners, its pods", async () => {
    const del = await kubectl(["delete", "deployment", "web"]);
    expect(del.stdout.trim()).toBe(`deployment.apps "web" deleted`);
    await until("pods gone", async () => (await kubectl(["get", "pods", "-l", "app=web", "-o", "json"])).stdout.includes(`"items": []`));
    expect((await kubectl(["get", "rs", "-l", "app=web", "--no-headers"])).stdout.trim()).toBe("");
  });
});

describe("@kubernetes/client-node against the emulated AKS API", () => {
  it("lists namespaces and watches pods from a list's resourceVersion", async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigFile);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["default", "kube-system", "kube-public", "kube-node-lease"]));
    const list = await core.listNamespacedPod({ namespace: "default" });
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch("/api/v1/namespaces/default/pods", { resourceVersion: list.metadata?.resourceVersion, labelSelector: "app=api" }, (type: string, pod: k8s.V1Pod) => events.push(`${type} ${pod.status?.phase ?? ""}`), () => undefined);
    try {
      await apps.createNamespacedDeployment({
        namespace: "default",
        body: { metadata: { name: "api" }, spec: { replicas: 1, selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image: "ghcr.io/openhands/agent-server:1.41.0-python" }] } } } },
      });
      await until("ADDED then Running in the watch", async () => events[0] === "ADDED Pending" && events.some((e) => e === "MODIFIED Running"));
    } finally {
      req.abort();
    }
    await expect(core.readNamespacedPod({ name: "nope", namespace: "default" })).rejects.toMatchObject({ code: 404 });
  });
});

describe("a cluster survives a restart of the local Azure process", () => {
  it("serves the same objects and resourceVersions after close and re-create from its snapshot", async () => {
    const persistFile = path.join(dir, "persist", "aks-restart.json");
    const config = path.join(dir, "restart-kubeconfig");
    const start = async () => {
      const c = createCluster({ name: "aks-restart", kubernetesVersion: "1.32.4", timeScale: 10, persistFile, pools: [{ name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" }] });
      const s = await startKubeApiServer(c, { port: 38444, tls: cert, token: TOKEN });
      writeFileSync(config, kubeconfigFor(c, { server: s.url, caPem: cert.ca, token: TOKEN, user: "clusterUser" }));
      return { c, s };
    };
    const first = await start();
    const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {mode: saas}\n";
    expect((await kubectl(["apply", "--server-side", "-f", "-"], { input: cm, config })).code).toBe(0);
    const before = JSON.parse((await kubectl(["get", "cm", "settings", "-o", "json"], { config })).stdout) as { metadata: { uid: string; resourceVersion: string } };
    const nodesBefore = (await kubectl(["get", "nodes", "-o", "name"], { config })).stdout;
    await first.s.close();
    first.c.close();
    const second = await start();
    try {
      const after = JSON.parse((await kubectl(["get", "cm", "settings", "-o", "json"], { config })).stdout) as { metadata: { uid: string; resourceVersion: string }; data: { mode: string } };
      expect(after.metadata).toMatchObject({ uid: before.metadata.uid, resourceVersion: before.metadata.resourceVersion });
      expect(after.data.mode).toBe("saas");
      expect((await kubectl(["get", "nodes", "-o", "name"], { config })).stdout).toBe(nodesBefore);
    } finally {
      await second.s.close();
      second.c.close();
    }
  });
});

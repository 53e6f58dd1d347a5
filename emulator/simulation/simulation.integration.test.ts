/**
 * The OpenHands simulation in the real local Azure process code (emulator/server.ts): an AKS
 * cluster created through the real SDK, an OpenHands-like Deployment + Service + Ingress + Secret
 * pointing at a real password-protected PostgreSQL (port 37445, an empty `openhands` database) and
 * the machine's Redis. The app runs OpenHands' migrations when it starts; pods become Ready through /ready, the ingress router (37448) answers by Host; a broken secret makes
 * the new pod of a rollout fail readiness; simulated users create sandbox pods and conversation rows.
 * Ports: ARM 37443, Entra 37444.
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../entra/server";
import { startLocalAzure } from "../server";
import { loadOrCreateStackIdentity } from "../stack-identity";
import { startPasswordPostgres, type TestPostgres } from "./test-postgres";

const ARM_PORT = 37443;
const ENTRA_PORT = 37444;
const INGRESS_PORT = 37448;
const DB = "openhands";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "sim-it-"));
let pgServer: TestPostgres;
let entra: RunningEntra;
let azure: Awaited<ReturnType<typeof startLocalAzure>>;
let kube: { server: string; token: string };
let clients: ReturnType<typeof armClients>;
let clusterId = "";

async function k(method: string, p: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${kube.server}${p}`, { method, headers: { authorization: `Bearer ${kube.token}`, ...(body ? { "content-type": contentType } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

async function openHandsTables(): Promise<string[]> {
  const db = new pg.Client({ host: "127.0.0.1", port: pgServer.port, user: "postgres", password: pgServer.password, database: DB });
  await db.connect();
  try {
    return (await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r) => r.tablename);
  } finally {
    await db.end();
  }
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    v = await read();
  }
  return v;
}

/** fetch() may not set Host (a forbidden header), so plain node:http, as a Node client of the router would. */
function ingress(host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: INGRESS_PORT, path: p, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

type PodView = { metadata: { name: string; labels?: Record<string, string> }; status?: { phase?: string; conditions?: Array<{ type: string; status: string }> } };
const isReady = (p: PodView) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
async function pods(ns: string, selector = ""): Promise<PodView[]> {
  return ((await k("GET", `/api/v1/namespaces/${ns}/pods${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ""}`)).json.items as PodView[] | undefined) ?? [];
}

function secret(password: string) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "openhands-db", namespace: "openhands" },
    stringData: { DB_HOST: "127.0.0.1", DB_PORT: String(pgServer.port), DB_USER: "postgres", DB_PASS: password, DB_NAME: DB, DB_SSL_MODE: "disable" },
  };
}

function deployment(name: string, withProbe: boolean) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "openhands", labels: { app: "openhands" } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "openhands", instance: name } },
      template: {
        metadata: { labels: { app: "openhands", instance: name } },
        spec: {
          containers: [
            {
              name: "openhands",
              image: "ghcr.io/openhands/enterprise-server:1.54.0",
              ports: [{ containerPort: 3000 }],
              envFrom: [{ secretRef: { name: name === "openhands" ? "openhands-db" : "openhands-db-wrong" } }],
              env: [
                { name: "REDIS_HOST", value: "127.0.0.1" },
                { name: "REDIS_PORT", value: "6379" },
              ],
              ...(withProbe ? { readinessProbe: { httpGet: { path: "/ready", port: 3000 }, periodSeconds: 10 } } : {}),
            },
          ],
        },
      },
    },
  };
}

const service = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "openhands" }, spec: { selector: { app: "openhands", instance: name }, ports: [{ port: 80, targetPort: 3000 }] } });
const ingressFor = (name: string, host: string) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name, namespace: "openhands" },
  spec: { ingressClassName: "nginx", rules: [{ host, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name, port: { number: 80 } } } }] } }] },
});

beforeAll(async () => {
  pgServer = await startPasswordPostgres(37445);
  const admin = new pg.Client({ host: "127.0.0.1", port: pgServer.port, user: "postgres", password: pgServer.password, database: "postgres" });
  await admin.connect();
  // Empty, as a database created through ARM is on Azure: the simulated app's migrations fill it.
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();

  entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
  azure = await startLocalAzure({
    dataDir,
    port: ARM_PORT,
    entraPort: ENTRA_PORT,
    timeScale: 0,
    simulation: { ingressPort: INGRESS_PORT, tickMs: 200, workload: { usersPerHour: 10, stuckRate: 0.2, orphanRate: 0.2, seed: 1 } },
  });
  const identity = loadOrCreateStackIdentity(dataDir);
  const credential = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  clients = armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: azure.endpoint });
  await clients.resources.resourceGroups.createOrUpdate("rg-sim", { location: "eastus" });
  await clients.resources.providers.register("Microsoft.ContainerService");
  await clients.containerService.managedClusters.createOrUpdate(
    "rg-sim",
    "aks-sim",
    {
      location: "eastus",
      agentPoolProfiles: [
        { name: "system", count: 2, vmSize: "Standard_D4ds_v5", mode: "System" },
        { name: "sandbox", count: 2, vmSize: "Standard_D8ds_v5", mode: "User", nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] },
      ],
    },
    { updateIntervalInMs: 5 },
  );
  clusterId = (await clients.containerService.managedClusters.get("rg-sim", "aks-sim")).id!;
  const creds = await clients.containerService.managedClusters.listClusterUserCredentials("rg-sim", "aks-sim");
  const kubeconfig = new TextDecoder().decode(creds.kubeconfigs![0]!.value!);
  kube = { server: /server: "([^"]+)"/.exec(kubeconfig)![1]!, token: /token: "([^"]+)"/.exec(kubeconfig)![1]! };
});

afterAll(async () => {
  await azure?.close();
  await entra?.close();
  await pgServer?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("OpenHands on a local AKS cluster", () => {
  it("becomes Ready through /ready, answers through the ingress host, and a broken secret fails the rollout's new pod", async () => {
    expect(await openHandsTables()).toEqual([]);
    expect((await k("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "openhands" } })).status).toBe(201);
    expect((await k("POST", "/api/v1/namespaces/openhands/secrets", secret(pgServer.password))).status).toBe(201);
    expect((await k("POST", "/api/v1/namespaces/openhands/secrets", { ...secret("wrong-password"), metadata: { name: "openhands-db-wrong", namespace: "openhands" } })).status).toBe(201);
    for (const [name, probe, host] of [["openhands", true, "openhands-sim.localhost"], ["openhands-bad", false, "openhands-bad.localhost"]] as const) {
      expect((await k("POST", "/apis/apps/v1/namespaces/openhands/deployments", deployment(name, probe))).status).toBe(201);
      expect((await k("POST", "/api/v1/namespaces/openhands/services", service(name))).status).toBe(201);
      expect((await k("POST", "/apis/networking.k8s.io/v1/namespaces/openhands/ingresses", ingressFor(name, host))).status).toBe(201);
    }

    const ready = await eventually(() => pods("openhands", "instance=openhands"), (l) => l.length === 1 && isReady(l[0]!));
    expect(ready.map(isReady)).toEqual([true]);
    // The app ran OpenHands' migrations before its first readiness verdict (the chart's migrate-db).
    expect(await openHandsTables()).toEqual(expect.arrayContaining(["alembic_version", "conversation_metadata", "v1_remote_sandbox", "app_conversation_start_task", "conversation_cost_events", "user", "org"]));
    expect(await ingress("openhands-sim.localhost:37448", "/ready")).toEqual({ status: 200, body: '"OK"' });
    expect(await ingress("openhands-sim.localhost", "/alive")).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect(await ingress("openhands-sim.localhost", "/health")).toEqual({ status: 200, body: '"OK"' });
    expect((await ingress("unknown.localhost", "/health")).status).toBe(404);

    // A pod without a readiness probe is Ready anyway; its /ready tells the truth about the wrong password.
    await eventually(() => pods("openhands", "instance=openhands-bad"), (l) => l.length === 1 && isReady(l[0]!));
    const bad = await ingress("openhands-bad.localhost", "/ready");
    expect(bad.status).toBe(503);
    expect(JSON.parse(bad.body)).toEqual({ detail: 'Database is not accessible: password authentication failed for user "postgres"' });

    // Break the secret and roll out: the new pod never becomes Ready, the old one keeps serving.
    expect((await k("PUT", "/api/v1/namespaces/openhands/secrets/openhands-db", secret("wrong-password"))).status).toBe(200);
    const restart = { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() } } } } };
    expect((await k("PATCH", "/apis/apps/v1/namespaces/openhands/deployments/openhands", restart, "application/strategic-merge-patch+json")).status).toBe(200);
    const rolled = await eventually(() => pods("openhands", "instance=openhands"), (l) => l.length === 2 && l.some((p) => p.status?.phase === "Running" && !isReady(p)));
    const fresh = rolled.find((p) => !isReady(p))!;
    await new Promise((r) => setTimeout(r, 2500));
    const after = await pods("openhands", "instance=openhands");
    expect(after.find((p) => p.metadata.name === fresh.metadata.name)?.status?.phase).toBe("Running");
    expect(isReady(after.find((p) => p.metadata.name === fresh.metadata.name)!)).toBe(false);
    expect(await ingress("openhands-sim.localhost", "/ready")).toEqual({ status: 200, body: '"OK"' });
    const log = await k("GET", `/api/v1/namespaces/openhands/pods/${fresh.metadata.name}/log`);
    expect(String(log.json.text)).toContain('Database check failed: password authentication failed for user "postgres"');
    const events = await k("GET", `/api/v1/namespaces/openhands/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${fresh.metadata.name}`)}`);
    expect(JSON.stringify(events.json)).toContain("Readiness probe failed: HTTP probe failed with statuscode: 503");
  });

  it("simulated users create sandbox pods and conversation rows (with a 7-day back-fill)", async () => {
    const sandboxes = await eventually(() => pods("openhands-sandboxes"), (l) => l.length >= 3);
    expect(sandboxes.length).toBeGreaterThanOrEqual(3);
    for (const p of sandboxes) {
      expect(p.metadata.labels?.app).toBe("openhands-runtime");
      expect(p.metadata.name).toBe(`openhands-runtime-${p.metadata.labels?.session ?? ""}`);
    }
    const db = new pg.Client({ host: "127.0.0.1", port: pgServer.port, user: "postgres", password: pgServer.password, database: DB });
    await db.connect();
    try {
      const live = await eventually(
        () => db.query<{ n: string }>("SELECT count(*) AS n FROM conversation_metadata WHERE created_at > now() - interval '5 minutes' AND total_tokens > 0"),
        (r) => Number(r.rows[0]!.n) >= 2,
      );
      expect(Number(live.rows[0]!.n)).toBeGreaterThanOrEqual(2);
      const history = await db.query<{ n: string; oldest: Date }>("SELECT count(*) AS n, min(created_at) AS oldest FROM conversation_metadata WHERE created_at < now() - interval '1 hour'");
      expect(Number(history.rows[0]!.n)).toBeGreaterThan(100);
      expect(Date.now() - history.rows[0]!.oldest.getTime()).toBeGreaterThan(6 * 86_400_000);
      const row = await db.query("SELECT user_id, llm_model, sandbox_id, conversation_id, accumulated_cost FROM conversation_metadata ORDER BY created_at DESC LIMIT 1");
      expect(row.rows[0]).toMatchObject({ sandbox_id: row.rows[0].conversation_id });
      expect(String(row.rows[0].llm_model)).toMatch(/^litellm_proxy\//);
    } finally {
      await db.end();
    }
    // Stuck sandboxes stay Pending (FailedScheduling), as diagnostics should find.
    const stuck = await eventually(() => pods("openhands-sandboxes"), (l) => l.some((p) => p.status?.phase === "Pending" && p.status.conditions?.some((c) => c.type === "PodScheduled" && c.status === "False")));
    expect(stuck.some((p) => p.status?.phase === "Pending")).toBe(true);
  });

  it("answers AKS metrics for the cluster's real nodes through Azure Monitor", async () => {
    const nodes = ((await k("GET", "/api/v1/nodes")).json.items as Array<{ metadata: { name: string } }>).map((n) => n.metadata.name).sort();
    const r = await clients.monitor.metrics.list(clusterId, { timespan: "PT1H", interval: "PT1M", metricnames: "node_cpu_usage_percentage", aggregation: "Average", filter: "node eq '*'" });
    const series = r.value[0]!.timeseries ?? [];
    expect(series.map((t) => t.metadatavalues?.find((m) => m.name?.value === "node")?.value).sort()).toEqual(nodes);
    const pods = await clients.monitor.metrics.list(clusterId, { timespan: "PT1H", interval: "PT1M", metricnames: "kube_pod_status_ready", aggregation: "Average", filter: "namespace eq 'openhands-sandboxes' and pod eq '*'", top: 1000 });
    expect((pods.value[0]!.timeseries ?? []).length).toBeGreaterThan(0);
  });
});

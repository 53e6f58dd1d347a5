/**
 * The console's Kustomize manifests (deploy/kubernetes): each overlay rendered by the real
 * `kubectl kustomize` and checked object by object (kinds, names, workload identity, restricted
 * security context, probes, spread, selectors, and a configuration lib/config.ts accepts); then the
 * local overlay applied with `kubectl apply --server-side -k` to an AKS cluster created on the local
 * Azure through the real SDK, and its rollout watched with `kubectl rollout status`. The simulated
 * console pods are Ready only when their configuration parses and their store (a fresh database on
 * the machine's PostgreSQL) answers, so a broken store URL stalls the next rollout.
 * Ports: ARM 48733, Entra 48734.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ClientSecretCredential } from "@azure/identity";
import yaml from "js-yaml";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { startLocalAzure } from "@/emulator/server";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { armClients } from "@/lib/azure/clients";
import { configSchema, loadConfig } from "@/lib/config";

const run = promisify(execFile);
const ROOT = path.resolve("deploy/kubernetes");
const NS = "openhands-console";
const ARM_PORT = 48733;
const ENTRA_PORT = 48734;

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: unknown };
// The rendered YAML is walked freely below; the assertions say what each path must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function render(dir: string): Promise<Obj[]> {
  const { stdout } = await run("kubectl", ["kustomize", dir]);
  return yaml.loadAll(stdout) as Obj[];
}

const one = (objs: Obj[], kind: string): Any => {
  const found = objs.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0];
};

/** Keys configSchema requires (no default, not optional). */
const requiredKeys = Object.entries(configSchema.shape)
  .filter(([, s]) => !s.safeParse(undefined).success)
  .map(([k]) => k);

/** What the azure overlay's README tells the admin to put in the Secret made outside Kustomize. */
const AZURE_SECRET = { DATABASE_URL: "postgres://console:pw@db-openhands-prod-abc123.postgres.database.azure.com:5432/console", SECRETS_KEY: Buffer.alloc(32, 7).toString("base64") };

describe.each(["local", "azure"])("overlay %s rendered by kubectl kustomize", (overlay) => {
  let objs: Obj[];
  beforeAll(async () => {
    objs = await render(path.join(ROOT, "overlays", overlay));
  });

  it("has the documented objects, all in the console's namespace with the common labels", () => {
    const kinds = objs.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`).sort();
    const expected = ["ConfigMap/openhands-console-config", "Deployment/openhands-console", "Ingress/openhands-console", "Namespace/openhands-console", "PodDisruptionBudget/openhands-console", "Service/openhands-console", "ServiceAccount/openhands-console"];
    expect(kinds).toEqual((overlay === "local" ? [...expected, "Secret/openhands-console-secrets"] : expected).sort());
    for (const o of objs) {
      if (o.kind !== "Namespace") expect(o.metadata.namespace, `${o.kind} namespace`).toBe(NS);
      expect(o.metadata.labels?.["app.kubernetes.io/name"]).toBe("openhands-console");
    }
  });

  it("runs 3 replicas with workload identity, a restricted security context, probes on /api/health, resources and spread", () => {
    const d = one(objs, "Deployment");
    const pod = d.spec.template;
    const c = pod.spec.containers[0];
    expect(d.spec.replicas).toBe(3);
    expect(pod.metadata.labels["azure.workload.identity/use"]).toBe("true");
    expect(pod.spec.serviceAccountName).toBe("openhands-console");
    // The Deployment selects exactly its pods.
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels as Record<string, string>)) expect(pod.metadata.labels[k]).toBe(v);

    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    // A read-only root file system: the only writable places are emptyDirs for /tmp and Next's cache.
    const mounts = Object.fromEntries((c.volumeMounts as Array<{ name: string; mountPath: string }>).map((m) => [m.mountPath, m.name]));
    expect(Object.keys(mounts).sort()).toEqual(["/app/.next/cache", "/tmp"]);
    for (const name of Object.values(mounts)) expect(pod.spec.volumes.find((v: { name: string }) => v.name === name).emptyDir).toBeDefined();

    const port = c.ports.find((p: { name: string }) => p.name === "http");
    expect(port.containerPort).toBe(3000);
    for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: "/api/health", port: "http" });
    expect(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds).toBeGreaterThan(c.readinessProbe.failureThreshold * c.readinessProbe.periodSeconds);
    expect(c.resources.requests.cpu).toBeDefined();
    expect(c.resources.requests.memory).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();

    const spread = pod.spec.topologySpreadConstraints as Array<{ topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }>;
    expect(spread.map((s) => s.topologyKey).sort()).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
    for (const s of spread) for (const [k, v] of Object.entries(s.labelSelector.matchLabels)) expect(pod.metadata.labels[k]).toBe(v);
    expect(c.image).toMatch(/(^|\/)openhands-console:[\w.-]+$/);
  });

  it("budgets disruptions, serves through a Service and an application-routing Ingress on the console's host", () => {
    const podLabels = one(objs, "Deployment").spec.template.metadata.labels as Record<string, string>;
    const pdb = one(objs, "PodDisruptionBudget");
    expect(pdb.spec.maxUnavailable).toBe(1);
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels as Record<string, string>)) expect(podLabels[k]).toBe(v);
    const svc = one(objs, "Service");
    for (const [k, v] of Object.entries(svc.spec.selector as Record<string, string>)) expect(podLabels[k]).toBe(v);
    expect(svc.spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http" }]);
    const ing = one(objs, "Ingress");
    expect(ing.spec.ingressClassName).toBe("webapprouting.kubernetes.azure.com");
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: "openhands-console", port: { name: "http" } });
    const cm = one(objs, "ConfigMap");
    const host = new URL(cm.data.CONSOLE_URL as string).host;
    expect(ing.spec.rules[0].host).toBe(host);
    expect(ing.spec.tls[0].hosts).toEqual([host]);
  });

  it("configures the identity and every variable lib/config.ts requires from the ConfigMap and the Secret", () => {
    const d = one(objs, "Deployment");
    const c = d.spec.template.spec.containers[0];
    const cm = one(objs, "ConfigMap");
    const sa = one(objs, "ServiceAccount");
    expect(c.envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }, { secretRef: { name: "openhands-console-secrets" } }]);
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.annotations["azure.workload.identity/client-id"]).toBe(cm.data.AZURE_CLIENT_ID);
    expect(sa.metadata.annotations["azure.workload.identity/tenant-id"]).toBe(cm.data.AZURE_TENANT_ID);
    expect(cm.data.AZURE_CLIENT_ID).not.toBe("00000000-0000-0000-0000-000000000000");
    // Secrets never sit in the ConfigMap, and no client secret exists (workload identity).
    for (const k of ["DATABASE_URL", "SECRETS_KEY", "AZURE_CLIENT_SECRET"]) expect(cm.data[k], k).toBeUndefined();

    const secretData: Record<string, string> =
      overlay === "local" ? Object.fromEntries(Object.entries(one(objs, "Secret").data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")])) : AZURE_SECRET;
    expect(Object.keys(secretData).sort()).toEqual(["DATABASE_URL", "SECRETS_KEY"]);
    const env = { ...cm.data, ...secretData, ...Object.fromEntries((c.env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value])) };
    for (const k of requiredKeys) expect(env[k], `required ${k}`).toBeTruthy();
    const cfg = loadConfig(env);
    expect(new URL(cfg.DATABASE_URL).pathname).toBe("/console");
    expect(cfg.DATABASE_SSL).toBe(overlay === "azure");
  });
});

describe("local overlay on a local AKS cluster", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "console-kustomize-"));
  const database = `console_kustomize_${process.pid}`;
  const kubeconfig = path.join(dataDir, "kubeconfig");
  let entra: RunningEntra | undefined;
  let azure: Awaited<ReturnType<typeof startLocalAzure>> | undefined;
  const kubectl = (...args: string[]) => run("kubectl", ["--kubeconfig", kubeconfig, ...args], { timeout: 90_000 });

  /** An overlay on top of `local` that points the store at this test's database (as an admin's copy would). */
  function overlayWithStore(name: string, databaseUrl: string): string {
    const dir = path.join(dataDir, name);
    mkdirSync(dir, { recursive: true });
    const k = {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      // Kustomize takes a base outside the overlay's folder only as a relative path.
      resources: [path.relative(dir, path.join(ROOT, "overlays", "local"))],
      secretGenerator: [{ name: "openhands-console-secrets", behavior: "merge", options: { disableNameSuffixHash: true }, literals: [`DATABASE_URL=${databaseUrl}`] }],
    };
    writeFileSync(path.join(dir, "kustomization.yaml"), yaml.dump(k));
    return dir;
  }

  beforeAll(async () => {
    const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();

    entra = await startEntra({ dataDir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
    azure = await startLocalAzure({ dataDir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: 0, simulation: { users: false } });
    const id = loadOrCreateStackIdentity(dataDir);
    const credential = new ClientSecretCredential(id.tenantId, id.automationApp.clientId, id.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
    const arm = armClients({ subscriptionId: id.subscriptionId, credential, endpoint: azure.endpoint });
    await arm.resources.resourceGroups.createOrUpdate("rg-console", { location: "eastus" });
    await arm.resources.providers.register("Microsoft.ContainerService");
    await arm.containerService.managedClusters.createOrUpdate(
      "rg-console",
      "aks-console",
      { location: "eastus", agentPoolProfiles: [{ name: "system", count: 3, vmSize: "Standard_D4ds_v5", mode: "System" }] },
      { updateIntervalInMs: 5 },
    );
    const creds = await arm.containerService.managedClusters.listClusterUserCredentials("rg-console", "aks-console");
    writeFileSync(kubeconfig, creds.kubeconfigs![0]!.value!, { mode: 0o600 });
  });

  afterAll(async () => {
    await azure?.close();
    await entra?.close();
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "test" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("applies server-side, rolls out 3 Ready replicas on the store, and a broken store URL stalls the next rollout", async () => {
    const good = overlayWithStore("good", `postgres://postgres@127.0.0.1:5432/${database}`);
    const applied = await kubectl("apply", "--server-side", "-k", good);
    for (const o of ["namespace/openhands-console", "serviceaccount/openhands-console", "deployment.apps/openhands-console", "poddisruptionbudget.policy/openhands-console", "service/openhands-console", "ingress.networking.k8s.io/openhands-console", "secret/openhands-console-secrets"]) {
      expect(applied.stdout).toContain(`${o} serverside-applied`);
    }
    // At time scale 0 the 600 s progress deadline passes at once, so on a loaded machine `rollout status`
    // can report a rollout whose pods are still starting as stalled (seen in a full run): wait for the
    // Deployment's own status first, then ask kubectl.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const d = JSON.parse((await kubectl("-n", NS, "get", "deployment", "openhands-console", "-o", "json")).stdout) as Any;
      if (d.status?.updatedReplicas === 3 && d.status?.availableReplicas === 3 && d.status?.readyReplicas === 3) break;
      if (Date.now() > deadline) throw new Error(`the console's rollout did not finish: ${JSON.stringify(d.status)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const rollout = await kubectl("-n", NS, "rollout", "status", "deployment/openhands-console", "--timeout=60s");
    expect(rollout.stdout).toContain('deployment "openhands-console" successfully rolled out');

    const pods = JSON.parse((await kubectl("-n", NS, "get", "pods", "-l", "app.kubernetes.io/component=console", "-o", "json")).stdout) as { items: Any[] };
    expect(pods.items).toHaveLength(3);
    for (const p of pods.items) expect(p.status.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("True");
    const logs = await kubectl("-n", NS, "logs", pods.items[0].metadata.name);
    expect(logs.stdout).toContain("Ready: GET /api/health 200");
    const sa = JSON.parse((await kubectl("-n", NS, "get", "serviceaccount", "openhands-console", "-o", "json")).stdout) as Any;
    expect(sa.metadata.annotations["azure.workload.identity/client-id"]).toMatch(/^[0-9a-f-]{36}$/);

    // Re-applying the same overlay changes nothing: no new ReplicaSet, same generation.
    const before = JSON.parse((await kubectl("-n", NS, "get", "deployment", "openhands-console", "-o", "json")).stdout) as Any;
    await kubectl("apply", "--server-side", "-k", good);
    const after = JSON.parse((await kubectl("-n", NS, "get", "deployment", "openhands-console", "-o", "json")).stdout) as Any;
    expect(after.metadata.generation).toBe(before.metadata.generation);

    // A store URL naming a database that does not exist: the new pod never gets Ready, the rollout
    // does not complete, and the three old replicas keep serving (maxUnavailable 0). At time scale 0
    // the 600 s progress deadline passes at once, so kubectl may report that instead of its time-out.
    await kubectl("apply", "--server-side", "-k", overlayWithStore("broken", `postgres://postgres@127.0.0.1:5432/${database}_missing`));
    await kubectl("-n", NS, "rollout", "restart", "deployment/openhands-console");
    const stalled = await kubectl("-n", NS, "rollout", "status", "deployment/openhands-console", "--timeout=6s").then(
      () => undefined,
      (err: { stdout?: string; stderr?: string }) => err,
    );
    expect(stalled, "the rollout with a broken store must not complete").toBeDefined();
    expect(`${stalled?.stdout ?? ""}${stalled?.stderr ?? ""}`).toMatch(/Waiting for deployment "openhands-console" rollout to finish|timed out|exceeded its progress deadline/);
    const now = JSON.parse((await kubectl("-n", NS, "get", "pods", "-l", "app.kubernetes.io/component=console", "-o", "json")).stdout) as { items: Any[] };
    const ready = now.items.filter((p) => p.status.conditions?.some((c: { type: string; status: string }) => c.type === "Ready" && c.status === "True"));
    expect(ready).toHaveLength(3);
    const fresh = now.items.find((p) => !pods.items.some((o) => o.metadata.name === p.metadata.name));
    expect(fresh, "the rollout's new pod").toBeDefined();
    expect((await kubectl("-n", NS, "logs", fresh.metadata.name)).stdout).toContain(`health: store unreachable: database "${database}_missing" does not exist`);
  });
});

/**
 * Setup end to end, deploy included: the operations worker runs the REAL `buildPlan` plan against
 * the local Azure with its data planes (real PostgreSQL and Redis engines) and the OpenHands
 * simulation (AKS Kubernetes APIs whose app pods are Ready only when /ready reaches the database
 * and Redis, an ingress router by Host). Ends with OpenHands Ready and answering its health
 * endpoints through the router; a re-run changes nothing; a deleted ConfigMap and a tampered
 * Secret are restored; a wrong database password fails "Wait for Ready" with the reason and
 * remedy; a worker killed mid-wait is resumed by another; no secret value reaches the store.
 * Ports: ARM 48401, Entra 48402, ingress 48403; loopback range 127.41.x.y.
 */
import { randomBytes } from "node:crypto";
import { AppsV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { ARM_SCOPE, type ArmClients } from "@/lib/azure/clients";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { probeOpenHands } from "@/lib/openhands/health";
import { createEnvironment, type Environment } from "@/lib/store/environments";
import { getOperation, retryOperation, type OperationWithSteps } from "@/lib/store/operations";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { derivedSecret, isGeneratedSecret } from "./generated-secrets";
import { startSetupOperation } from "./start-setup";
import { startOperationsWorker, type OperationsWorker, type WorkerOptions } from "./worker";

const ARM_PORT = 48401;
const ENTRA_PORT = 48402;
const INGRESS_PORT = 48403;
const INGRESS = `http://127.0.0.1:${INGRESS_PORT}`;
const HOST = "openhands.deploy-it.test";
const RG = "rg-openhands-deployit";

const TYPED: Record<string, string> = {
  keycloakClientSecret: "kc-Client-Secret-7f3a91",
  keycloakAdminPassword: "kc-Admin-Pass-c0ffee42",
  entraClientSecret: "entra-Client-Secret-5b7e19",
  llmApiKey: "sk-llm-Test-Key-9d2c4e8a",
};
const SECRETS_KEY = randomBytes(32);
const WRONG_DB_PASSWORD = "Wrong-Db-Password-4242";

let stack: DataPlaneStack | undefined;
let store: TestStore;
let clients: ArmClients;
let call: (method: string, p: string, body?: unknown) => Promise<number>;
let environment: Environment;
let plan: ReturnType<typeof buildPlan>;
let redisKey = "";
const workers: OperationsWorker[] = [];
/** How the secret source behaves for the next operations. */
const source = { typed: true, wrongDbPassword: false };

function worker(o: Partial<WorkerOptions> = {}): OperationsWorker & { lines: string[] } {
  const lines: string[] = [];
  const w = startOperationsWorker({
    db: store.pool,
    leaseMs: 2000,
    idleMs: 50,
    pollIntervalMs: 100,
    retry: { baseMs: 200, maxMs: 2000, maxAttempts: 10 },
    clientsFor: () => clients,
    deploy: { ingressAddress: INGRESS, readyTimeoutMs: 20_000 },
    log: (l) => lines.push(l),
    async secrets(_operationId, name) {
      if (name === "postgresAdminPassword" && source.wrongDbPassword) return WRONG_DB_PASSWORD;
      if (isGeneratedSecret(name)) return derivedSecret(SECRETS_KEY, environment.id, name);
      const value = TYPED[name];
      if (!source.typed || value === undefined) throw new Error(`Setup secret ${name} of operation is not available`);
      return value;
    },
    ...o,
  });
  workers.push(w);
  return Object.assign(w, { lines });
}

const FINISHED = ["succeeded", "failed", "canceled"];

async function waitFor(operationId: string, statuses: string[], timeoutMs = 120_000, until?: (op: OperationWithSteps) => boolean): Promise<OperationWithSteps> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const op = await getOperation(store.pool, operationId);
    if (op && (until ? until(op) : statuses.includes(op.status))) return op;
    // Finished otherwise: what is awaited can no longer happen, say so now rather than at the timeout.
    if (op && FINISHED.includes(op.status) && !statuses.includes(op.status)) throw new Error(`operation is ${op.status}, expected ${statuses.join("/")}: ${JSON.stringify(op.steps.map((s) => [s.key, s.status, s.error]))}`);
    if (Date.now() > end) throw new Error(`operation is ${op?.status}, expected ${statuses.join("/")}: ${JSON.stringify(op?.steps.map((s) => [s.key, s.status, s.error]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function kube(): Promise<{ core: CoreV1Api; apps: AppsV1Api }> {
  const aks = plan.resources.find((r) => r.type === "Microsoft.ContainerService/managedClusters")!;
  const creds = await clients.containerService.managedClusters.listClusterUserCredentials(aks.resourceGroup, aks.name);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs![0]!.value!).toString("utf8"));
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) };
}

/** Every table of the console store as text (what a database dump would show). */
async function storeDump(): Promise<string> {
  const tables = await store.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
  let text = "";
  for (const t of tables.rows) {
    const rows = await store.pool.query<{ t: string | null }>(`SELECT string_agg(x::text, E'\\n') AS t FROM "${t.table_name}" x`);
    text += `\n${t.table_name}: ${rows.rows[0]?.t ?? ""}`;
  }
  return text;
}

const b64 = (v: string) => Buffer.from(v).toString("base64");

beforeAll(async () => {
  const local = await startDataPlaneStack({
    armPort: ARM_PORT,
    entraPort: ENTRA_PORT,
    loopbackOctet: 41, // engines on 127.41.x.y: no clash with other suites
    dataDirPrefix: "deploy-it-",
    timeScale: 0.01,
    tickMs: 20,
    // The simulation's lines go to the console, as when the local Azure runs without a log.
    simulation: { ingressPort: INGRESS_PORT, tickMs: 500, workload: { usersPerHour: 0 }, log: (line) => console.log(line) },
  });
  stack = local;
  clients = local.arm;
  call = async (method, p, body) => {
    const token = (await local.credential.getToken(ARM_SCOPE)).token;
    const res = await fetch(`${local.endpoint}${p}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    await res.text();
    return res.status;
  };
  expect(await call("PUT", "/_emulator/providers/Microsoft.Compute/settings", { regionalVcpuLimit: 10_000, familyVcpuLimit: 10_000 })).toBe(200);
  store = await startTestStore("postgres", { pglitePort: 0 });
  plan = buildPlan(
    makeSetupInput({ environment: { name: "deployit", subscriptionId: local.subscriptionId, region: "eastus" }, openhands: { host: HOST, tls: { mode: "none" } } }),
  );
  expect(plan.environment.resourceGroup).toBe(RG);
  environment = await createEnvironment(store.pool, {
    name: "deployit", subscriptionId: local.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup, createdBy: "test-admin",
  });
}, 120_000);

// A failed test must not leave its worker running into the next one.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await store?.close();
  await stack?.close();
});

describe("setup deploys OpenHands onto the local AKS (real plan, data planes, simulation)", () => {
  it("provisions Azure, deploys OpenHands, waits for Ready and passes the health check through the ingress router", async () => {
    const op = await startSetupOperation(store.pool, environment, plan, "admin-oid");
    expect(op.steps.map((s) => s.key)).toEqual(plan.steps.map((s) => s.key));
    const w = worker();
    const done = await waitFor(op.id, ["succeeded", "failed"], 240_000);
    expect(done.error).toBeNull();
    // The checks change nothing: "Wait for Ready" may find the rollout already done, the health check always does.
    expect(done.steps.filter((s) => s.status !== "succeeded").map((s) => s.key)).toEqual(expect.arrayContaining(["openhands.health"]));
    expect(done.steps.filter((s) => s.status !== "succeeded" && s.status !== "skipped")).toEqual([]);
    expect(done.steps.filter((s) => s.status === "skipped").map((s) => s.key).every((k) => k === "openhands.ready" || k === "openhands.health")).toBe(true);
    const byKey = Object.fromEntries(done.steps.map((s) => [s.key, s.output as { summary: string; resources: { type: string; name: string; change: string }[] }]));
    expect(byKey["openhands.secrets"]!.resources.map((r) => [r.type, r.name, r.change]).sort()).toEqual(
      Object.keys(plan.openhands.secrets).map((n) => ["Kubernetes/Secret", `openhands/${n}`, "created"]).sort(),
    );
    expect(byKey["openhands.app"]!.resources.map((r) => r.type)).toEqual(["Kubernetes/Deployment", "Kubernetes/Service", "Kubernetes/Ingress"]);
    expect(byKey["openhands.health"]!.summary).toMatch(/verified, nothing to change — http:\/\/openhands\.deploy-it\.test answers \/alive, \/health and \/ready/);
    // The Ingress's public address (the AKS add-on's load balancer in the local AKS), for the admin's DNS record.
    expect((done.steps.find((s) => s.key === "openhands.health")!.output as { resources: { facts: Record<string, unknown> }[] }).resources[0]!.facts.ingressAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await w.stop();

    // What the cluster holds: DB/Redis hosts from ARM, secrets from the source and listKeys.
    const k = await kube();
    const pg = await clients.postgres.servers.get(RG, plan.resources.find((r) => r.key === "postgres")!.name);
    const cacheName = plan.resources.find((r) => r.type === "Microsoft.Cache/redis")!.name;
    const cache = await clients.redis.redis.get(RG, cacheName);
    redisKey = (await clients.redis.redis.listKeys(RG, cacheName)).primaryKey!;
    const cm = await k.core.readNamespacedConfigMap({ name: "openhands-config", namespace: "openhands" });
    expect(cm.data).toMatchObject({ DB_HOST: pg.fullyQualifiedDomainName, REDIS_HOST: cache.hostName, REDIS_PORT: "6379" });
    expect(pg.fullyQualifiedDomainName).toMatch(/^127\.41\.10\./);
    expect((await k.core.readNamespacedSecret({ name: "redis", namespace: "openhands" })).data).toEqual({ "redis-password": b64(redisKey) });
    expect((await k.core.readNamespacedSecret({ name: "lite-llm-api-key", namespace: "openhands" })).data).toEqual({ "lite-llm-api-key": b64(TYPED.llmApiKey!) });
    const dep = await k.apps.readNamespacedDeployment({ name: "openhands", namespace: "openhands" });
    expect(dep.status?.readyReplicas).toBe(2);
    expect((await k.core.listNamespacedPod({ namespace: "openhands", labelSelector: "app=openhands" })).items.map((p) => p.spec?.nodeName)).toEqual([
      expect.stringMatching(/^aks-platform-/),
      expect.stringMatching(/^aks-platform-/),
    ]);
    expect((await k.core.readNamespace({ name: "openhands-sandboxes" })).metadata?.labels).toMatchObject({ "openhands.dev/role": "sandboxes" });
    const probe = await probeOpenHands(HOST, { address: INGRESS, scheme: "http" });
    expect([probe.alive.ok, probe.health.ok, probe.ready.ok]).toEqual([true, true, true]);

    // No secret value anywhere in the store: plans, steps' output/errors/pollers, audit.
    const dump = await storeDump();
    expect(dump).toContain("openhands.health");
    for (const value of [...Object.values(TYPED), redisKey, derivedSecret(SECRETS_KEY, environment.id, "postgresAdminPassword"), derivedSecret(SECRETS_KEY, environment.id, "jwtSecret")]) {
      expect(dump).not.toContain(value);
      expect(dump).not.toContain(b64(value));
    }
    expect(w.lines.join("\n")).not.toContain(redisKey);
  }, 300_000);

  it("a re-run (typed secrets not re-entered) changes nothing and says so", async () => {
    source.typed = false;
    const again = await startSetupOperation(store.pool, environment, plan, "admin-oid");
    const w = worker();
    const rerun = await waitFor(again.id, ["succeeded", "failed"], 120_000);
    expect(rerun.error).toBeNull();
    expect(rerun.steps.filter((s) => s.status !== "skipped").map((s) => [s.key, s.status, s.output])).toEqual([]);
    for (const s of rerun.steps) expect((s.output as { summary: string }).summary).toMatch(/unchanged|nothing to change/);
    expect(w.lines.some((l) => /kept the cluster's lite-llm-api-key/.test(l))).toBe(true);
    await w.stop();
    source.typed = true;
  }, 180_000);

  it("a deleted ConfigMap and a tampered Secret are restored by the next run; the rest stays unchanged", async () => {
    const k = await kube();
    await k.core.deleteNamespacedConfigMap({ name: "openhands-config", namespace: "openhands" });
    await k.core.patchNamespacedSecret({ name: "redis", namespace: "openhands", body: [{ op: "replace", path: "/data/redis-password", value: b64("tampered") }] });
    const op = await startSetupOperation(store.pool, environment, plan, "admin-oid");
    const w = worker();
    const done = await waitFor(op.id, ["succeeded", "failed"], 120_000);
    expect(done.error).toBeNull();
    const changed = done.steps.filter((s) => s.status !== "skipped").map((s) => [s.key, (s.output as { change: string }).change]);
    expect(changed).toEqual([
      ["openhands.secrets", "updated"],
      ["openhands.configuration", "created"],
    ]);
    const secrets = done.steps.find((s) => s.key === "openhands.secrets")!.output as { resources: { name: string; change: string; drift?: string[] }[] };
    expect(secrets.resources.find((r) => r.name === "openhands/redis")).toMatchObject({ change: "updated", drift: ["data.redis-password"] });
    expect((await k.core.readNamespacedSecret({ name: "redis", namespace: "openhands" })).data).toEqual({ "redis-password": b64(redisKey) });
    expect((await k.core.readNamespacedConfigMap({ name: "openhands-config", namespace: "openhands" })).data?.REDIS_PORT).toBe("6379");
    await w.stop();
  }, 180_000);

  it("a wrong database password: Wait for Ready fails with the app's reason and the remedy; old pods keep serving", async () => {
    source.wrongDbPassword = true;
    const op = await startSetupOperation(store.pool, environment, plan, "admin-oid");
    // A shorter wait than the other runs': the pods never become Ready here, the test waits it out twice.
    const w = worker({ deploy: { ingressAddress: INGRESS, readyTimeoutMs: 10_000 } });
    const failed = await waitFor(op.id, ["failed", "succeeded"], 120_000);
    expect(failed.status).toBe("failed");
    expect(failed.error?.stepKey).toBe("openhands.ready");
    const step = failed.steps.find((s) => s.key === "openhands.ready")!;
    expect(step.error?.code).toBe("OpenHandsDatabaseUnreachable");
    expect(step.error?.message).toMatch(/did not become Ready within 10 s/);
    expect(step.error?.message).toMatch(/Readiness probe failed/);
    expect(step.error?.message).toMatch(/password authentication failed/);
    expect(step.error?.message).not.toContain(WRONG_DB_PASSWORD);
    expect(step.error?.remedy).toMatch(/postgres-password/);
    // maxUnavailable 0: the previous pods still answer.
    expect((await probeOpenHands(HOST, { address: INGRESS, scheme: "http" })).verdict).toBe("ok");
    // Retry of the same operation fails the same way (the secret is still wrong)…
    await retryOperation(store.pool, op.id);
    expect((await waitFor(op.id, ["failed", "succeeded"], 60_000)).status).toBe("failed");
    await w.stop();
  }, 180_000);

  it("running setup again with the right password rolls out; a worker killed mid-wait (database restarting) is resumed by another", async () => {
    source.wrongDbPassword = false;
    const pgName = plan.resources.find((r) => r.key === "postgres")!.name;
    // The database is down while the new pods start: the rollout waits for it, long enough to kill the worker.
    await clients.postgres.servers.beginStopAndWait(RG, pgName, { updateIntervalInMs: 100 });
    // OpenHands caches its /ready answer for 3 s: wait until it says the database is gone, so the new pods
    // cannot start Ready on an answer from before the stop.
    for (const end = Date.now() + 20_000; (await probeOpenHands(HOST, { address: INGRESS, scheme: "http" })).verdict === "ok"; ) {
      if (Date.now() > end) throw new Error("OpenHands still answers Ready 20 s after its database stopped");
      await new Promise((r) => setTimeout(r, 200));
    }
    // A configuration change as well, so the pods really roll (the right secrets alone bring back the old ReplicaSet).
    const changed = { ...plan, openhands: { ...plan.openhands, env: { ...plan.openhands.env, LOG_LEVEL: "debug" } } };
    const op = await startSetupOperation(store.pool, environment, changed, "admin-oid");
    const first = worker({ owner: "worker-a" });
    await waitFor(op.id, ["running"], 120_000, (o) => o.steps.some((s) => s.key === "openhands.ready" && s.status === "running"));
    await first.stop(); // like kill -9 for the step: it stays running under worker-a's lease
    const killed = await getOperation(store.pool, op.id);
    expect(killed?.steps.find((s) => s.key === "openhands.ready")).toMatchObject({ status: "running", leaseOwner: "worker-a" });
    const second = worker({ owner: "worker-b" });
    // The database comes back only once worker-b holds the step: started earlier, the rollout could finish
    // before worker-b's first look and the step would (rightly) say "already Ready" instead of waiting.
    await waitFor(op.id, ["running"], 60_000, (o) => o.steps.some((s) => s.key === "openhands.ready" && s.leaseOwner === "worker-b"));
    await clients.postgres.servers.beginStartAndWait(RG, pgName, { updateIntervalInMs: 100 });
    const done = await waitFor(op.id, ["failed", "succeeded"], 120_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(second.lines.some((l) => /step openhands\.ready: waiting for Deployment openhands\/openhands/.test(l))).toBe(true);
    expect(done.steps.find((s) => s.key === "openhands.ready")).toMatchObject({ status: "succeeded", output: { summary: expect.stringMatching(/Ready after \d+ s/) } });
    expect(done.steps.find((s) => s.key === "openhands.app")?.output).toMatchObject({ change: "updated" });
    expect(done.steps.find((s) => s.key === "openhands.configuration")?.output).toMatchObject({ change: "updated" });
    expect((await (await kube()).core.readNamespacedConfigMap({ name: "openhands-config", namespace: "openhands" })).data?.LOG_LEVEL).toBe("debug");
    const probe = await probeOpenHands(HOST, { address: INGRESS, scheme: "http" });
    expect(probe.verdict).toBe("ok");
    await second.stop();
  }, 240_000);
});

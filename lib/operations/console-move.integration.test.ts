/**
 * "Move the console into this environment" through the operations worker against the local
 * Azure with its data planes (real arm-msi / arm-authorization / arm-postgresql-flexible clients,
 * a real PostgreSQL engine behind the flexible server, TLS; the store on the real PostgreSQL) and
 * the local AKS's Kubernetes API, where a console pod is Ready only when its configuration parses
 * and its store answers (emulator/simulation/console-app.ts). After a setup whose cluster has an
 * OIDC issuer, the move creates the console's managed identity, its federated credential, the
 * least-privilege role assignments and the `console` database, installs the console (3 replicas,
 * ServiceAccount annotated with the identity's client id read from ARM, Secret with DATABASE_URL)
 * and waits for its rollout and its /api/health through the ingress. A re-run changes nothing; no secret value reaches the store or the
 * logs; an unschedulable rollout fails with the pods named and a Retry after uncordoning succeeds;
 * one operation at a time. The Settings action: Reader/Operator refused, the admin's start audited.
 * Ports 46453 (ARM) / 46454 (Entra) / 46455 (ingress router); engines on 127.53.x.y.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, type V1ConfigMap, type V1Secret } from "@kubernetes/client-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMoveAction } from "@/app/(console)/settings/console-move-action";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { startDataPlaneStack, type DataPlaneStack } from "@/emulator/testing/data-plane-stack";
import { executeAction } from "@/lib/auth/action";
import { storeAuditWriter } from "@/lib/auth/audit";
import { createTokenVerifier } from "@/lib/auth/token";
import { ARM_SCOPE } from "@/lib/azure/clients";
import { CONSOLE_SECRETS_KEY_SECRET } from "@/lib/azure/console-move/deploy/install";
import { consoleInstallSettings, type ConsoleInstallSettings } from "@/lib/azure/console-move/install-settings";
import { ConsoleMovePlanError } from "@/lib/azure/console-move/plan";
import { CONSOLE_ROLE_TABLE } from "@/lib/azure/console-move/role-table";
import type { DesiredPlan } from "@/lib/azure/provisioning/steps";
import { loadConfig } from "@/lib/config";
import { hostRoutedGet } from "@/lib/openhands/health";
import { createEnvironment, type Environment } from "@/lib/store/environments";
import { OperationInProgressError } from "@/lib/store/errors";
import { getOperation, retryOperation, type OperationWithSteps } from "@/lib/store/operations";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { derivedSecret, isGeneratedSecret } from "./generated-secrets";
import { startConsoleMoveOperation } from "./start-console-move";
import { startSetupOperation } from "./start-setup";
import { samplePlan } from "./testing/sample-plan";
import { startOperationsWorker, type OperationsWorker } from "./worker";

const NS = "openhands-console";
const SECRETS_KEY = randomBytes(32);
const HOST = "console.moveit.test";

let stack: DataPlaneStack;
let store: TestStore;
let environment: Environment;
let rg: string;
let install: ConsoleInstallSettings;
const workers: OperationsWorker[] = [];
const workerLines: string[] = [];

/** Setup's Azure part that the move needs (network, PostgreSQL, AKS), autoscaling off so a cordoned pool stays full. */
function setupPlan(env: string, suffix: string): DesiredPlan {
  const plan = samplePlan({ subscriptionId: stack.subscriptionId, env, suffix });
  const keep = new Set(["resource-group", "nsgs", "vnet", "private-dns", "postgres", "aks"]);
  plan.steps = plan.steps.filter((s) => keep.has(s.key));
  const used = new Set(plan.steps.flatMap((s) => s.resourceKeys));
  plan.resources = plan.resources.filter((r) => used.has(r.key));
  const aks = plan.resources.find((r) => r.type === "Microsoft.ContainerService/managedClusters")!;
  const body = aks.armBody as { agentPoolProfiles: Record<string, unknown>[] };
  // Setup's real plan enables the OIDC issuer and workload identity (plan-compute.ts); this one does too.
  Object.assign(body, { oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } });
  body.agentPoolProfiles = body.agentPoolProfiles.map(({ minCount: _min, maxCount: _max, ...p }) => ({ ...p, enableAutoScaling: false }));
  return plan;
}

async function newEnvironment(env: string, suffix: string): Promise<{ environment: Environment; plan: DesiredPlan }> {
  const plan = setupPlan(env, suffix);
  const created = await createEnvironment(store.pool, { name: env, subscriptionId: stack.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup ?? "", createdBy: "test-admin" });
  return { environment: created, plan };
}

async function waitFor(operationId: string, statuses: string[], timeoutMs = 120_000): Promise<OperationWithSteps> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const op = await getOperation(store.pool, operationId);
    if (op && statuses.includes(op.status)) return op;
    if (Date.now() > until) throw new Error(`operation ${operationId} is ${op?.status}, expected ${statuses.join("/")}: ${JSON.stringify(op?.steps.map((s) => [s.key, s.status, s.error]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function armCall(method: string, p: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const token = (await stack.credential.getToken(ARM_SCOPE)).token;
  const res = await fetch(`${stack.endpoint}${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Counts PUTs whose path contains `path` from now on (a 1 ms stall fault that counts down). */
async function countPuts(path: string): Promise<() => Promise<number>> {
  const added = await armCall("POST", "/_emulator/faults", { match: { method: "PUT", path }, count: 10_000, action: { type: "stall", ms: 1 } });
  const id = (added.body as { rules: { id: string }[] }).rules[0]!.id;
  return async () => {
    const rules = ((await armCall("GET", "/_emulator/faults")).body as { rules: { id: string; remaining: number }[] }).rules;
    return 10_000 - (rules.find((r) => r.id === id)?.remaining ?? 10_000);
  };
}

async function kube(): Promise<{ core: CoreV1Api; apps: AppsV1Api; objects: KubernetesObjectApi }> {
  const creds = await stack.arm.containerService.managedClusters.listClusterUserCredentials(rg, "aks-openhands-moveit");
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs![0]!.value!).toString("utf8"));
  return { core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api), objects: KubernetesObjectApi.makeApiClient(kc) };
}

async function postgresServerName(): Promise<string> {
  for await (const s of stack.arm.postgres.servers.listByResourceGroup(rg)) return s.name!;
  throw new Error("no server");
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

const installWith = (image: string): ConsoleInstallSettings => ({ ...install, image });

beforeAll(async () => {
  stack = await startDataPlaneStack({ armPort: 46453, entraPort: 46454, loopbackOctet: 53, dataDirPrefix: "console-move-", timeScale: 0.005, tickMs: 20, simulation: { users: false, ingressPort: 46455 } });
  const quota = await armCall("PUT", "/_emulator/providers/Microsoft.Compute/settings", { regionalVcpuLimit: 10_000, familyVcpuLimit: 10_000 });
  if (quota.status !== 200) throw new Error(`could not raise the local vCPU quota: ${quota.status}`);
  store = await startTestStore("postgres", { pglitePort: 0 });
  const id = loadOrCreateStackIdentity(stack.dataDir);
  // The console that starts the move: signed in through the local Entra, talking to the local ARM.
  install = consoleInstallSettings(
    loadConfig({
      CONSOLE_URL: `https://${HOST}`,
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      SECRETS_KEY: SECRETS_KEY.toString("base64"),
      AUTH_TENANT_ID: id.tenantId,
      AUTH_AUTHORITY: stack.entra.authority,
      AUTH_SPA_CLIENT_ID: "openhands-console-spa",
      AUTH_API_AUDIENCE: id.apiAudience,
      AUTH_API_SCOPE: `${id.apiAudience}/Console.Access`,
      ARM_ENDPOINT: stack.endpoint,
      AZURE_AUTHORITY_HOST: stack.entra.origin,
      AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
      AZURE_SUBSCRIPTION_ID: stack.subscriptionId,
      CONSOLE_IMAGE: "openhands-console:0.1.0",
    }),
  );
  workers.push(
    startOperationsWorker({
      db: store.pool, leaseMs: 2000, idleMs: 50, pollIntervalMs: 100, retry: { baseMs: 200, maxMs: 2000, maxAttempts: 10 },
      clientsFor: () => stack.arm, log: (l) => workerLines.push(l), deploy: { readyTimeoutMs: 15_000, ingressAddress: stack.ingressUrl! },
      async secrets(operationId, name) {
        if (name === CONSOLE_SECRETS_KEY_SECRET) return SECRETS_KEY.toString("base64");
        if (!isGeneratedSecret(name)) throw new Error(`secret ${name} is not available`);
        const op = await getOperation(store.pool, operationId);
        return derivedSecret(SECRETS_KEY, op!.environmentId, name);
      },
    }),
  );
  const made = await newEnvironment("moveit", "mv1ab");
  environment = made.environment;
  rg = environment.resourceGroup;
  const setup = await startSetupOperation(store.pool, environment, made.plan, "admin-oid");
  await waitFor(setup.id, ["succeeded"], 180_000);
}, 240_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await store?.close();
  await stack?.close();
});

describe("console move operation", () => {
  it("creates the identity, its trust, the roles and the database, then installs the console and waits for 3 Ready replicas", async () => {
    const { operation } = await startConsoleMoveOperation(store.pool, stack.arm, environment, { id: "admin-oid", name: "Ada" }, install);
    expect(operation.kind).toBe("console-move");
    expect(operation.steps.map((s) => s.key).sort()).toEqual(["console.database", "console.federation", "console.identity", "console.install", "console.roles", "console.rollout"]);
    const done = await waitFor(operation.id, ["succeeded", "failed"], 90_000);
    // The wait is a check: "skipped" (nothing to wait for) when the pods were Ready before it looked.
    expect(done.steps.map((s) => [s.key, s.status === "skipped" && s.key === "console.rollout" ? "succeeded" : s.status, s.error?.message ?? null])).toEqual(done.steps.map((s) => [s.key, "succeeded", null]));

    const clients = stack.arm;
    const identity = await clients.msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const cluster = await clients.containerService.managedClusters.get(rg, "aks-openhands-moveit");
    const fic = await clients.msi.federatedIdentityCredentials.get(rg, "id-openhands-console-moveit", "openhands-console");
    expect(fic).toMatchObject({ issuer: cluster.oidcIssuerProfile?.issuerURL, subject: "system:serviceaccount:openhands-console:openhands-console", audiences: ["api://AzureADTokenExchange"] });

    const granted: string[] = [];
    for (const scope of [`/subscriptions/${stack.subscriptionId}`, `/subscriptions/${stack.subscriptionId}/resourceGroups/${rg}`]) {
      for await (const a of clients.authorization.roleAssignments.listForScope(scope, { filter: `atScope() and principalId eq '${identity.principalId!}'` })) {
        if (a.scope === scope) granted.push(`${a.roleDefinitionId!.split("/").pop()!}@${a.scope}`);
      }
    }
    expect(granted.sort()).toEqual(CONSOLE_ROLE_TABLE.map((g) => `${g.roleDefinitionGuid}@${g.scope === "subscription" ? `/subscriptions/${stack.subscriptionId}` : `/subscriptions/${stack.subscriptionId}/resourceGroups/${rg}`}`).sort());
    const serverName = await postgresServerName();
    expect((await clients.postgres.databases.get(rg, serverName, "console")).name).toBe("console");

    // The console on the cluster: 3 of 3 rolled out, workload identity bound to the identity ARM returns.
    const k = await kube();
    const dep = await k.apps.readNamespacedDeployment({ name: "openhands-console", namespace: NS });
    expect(dep.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(dep.spec?.template.spec?.containers[0]?.image).toBe("openhands-console:0.1.0");
    const sa = await k.core.readNamespacedServiceAccount({ name: "openhands-console", namespace: NS });
    expect(sa.metadata?.annotations?.["azure.workload.identity/client-id"]).toBe(identity.clientId);
    expect(sa.metadata?.annotations?.["azure.workload.identity/tenant-id"]).toBe(identity.tenantId);
    const cmName = dep.spec?.template.spec?.containers[0]?.envFrom?.[0]?.configMapRef?.name ?? "";
    const cm: V1ConfigMap = await k.core.readNamespacedConfigMap({ name: cmName, namespace: NS });
    expect(cm.data).toMatchObject({ AZURE_CLIENT_ID: identity.clientId, AZURE_TENANT_ID: identity.tenantId, DATABASE_SSL: "true", CONSOLE_URL: `https://${HOST}`, ARM_ENDPOINT: stack.endpoint });
    const ingress = (await k.objects.read({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "openhands-console", namespace: NS } })) as { spec: { ingressClassName: string; rules: { host: string }[] } };
    expect(ingress.spec).toMatchObject({ ingressClassName: "webapprouting.kubernetes.azure.com", rules: [{ host: HOST }] });
    const pods = await k.core.listNamespacedPod({ namespace: NS, labelSelector: "app.kubernetes.io/component=console" });
    expect(pods.items.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))).toHaveLength(3);
    expect(pods.items.every((p) => p.spec?.serviceAccountName === "openhands-console" && p.metadata?.labels?.["azure.workload.identity/use"] === "true")).toBe(true);

    // The Secret's store URL reaches database `console` on the environment's server over verified TLS.
    const secret: V1Secret = await k.core.readNamespacedSecret({ name: "openhands-console-secrets", namespace: NS });
    const databaseUrl = Buffer.from(secret.data!.DATABASE_URL!, "base64").toString();
    const server = await clients.postgres.servers.get(rg, serverName);
    const url = new URL(databaseUrl);
    expect([url.hostname, url.pathname, decodeURIComponent(url.username)]).toEqual([server.fullyQualifiedDomainName, "/console", server.administratorLogin]);
    const db = new pg.Client({ connectionString: databaseUrl, ssl: { rejectUnauthorized: true, servername: server.fullyQualifiedDomainName! } });
    await db.connect();
    try {
      expect((await db.query<{ d: string; tls: boolean }>("SELECT current_database() AS d, ssl AS tls FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0]).toEqual({ d: "console", tls: true });
    } finally {
      await db.end();
    }
    expect(Buffer.from(secret.data!.SECRETS_KEY!, "base64").toString()).toBe(SECRETS_KEY.toString("base64"));

    // No secret value (nor its base64) in the store (step outputs, errors, audit) or the worker's log lines.
    const password = decodeURIComponent(url.password);
    const leaks = [password, databaseUrl, secret.data!.DATABASE_URL!, SECRETS_KEY.toString("base64"), secret.data!.SECRETS_KEY!];
    const dump = await storeDump();
    const lines = workerLines.join("\n");
    for (const v of leaks) {
      expect(dump.includes(v), "a secret value is in the store").toBe(false);
      expect(lines.includes(v), "a secret value is in the worker's log").toBe(false);
    }
    // /api/health answered through the ingress router for the console's host, by the step and for us.
    const rollout = done.steps.find((s) => s.key === "console.rollout")!.output as { resources: { facts?: Record<string, unknown> }[] };
    expect(rollout.resources[0]?.facts?.health).toBe(`${HOST}/api/health 200 through ${stack.ingressUrl!}`);
    const health = await hostRoutedGet(new URL("/api/health", stack.ingressUrl!), HOST, 5000);
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: "ok", store: "ok" }]);
    const installStep = done.steps.find((s) => s.key === "console.install")!;
    expect((installStep.output as { resources: { type: string }[] }).resources.map((r) => r.type).sort()).toEqual(
      ["ConfigMap", "Deployment", "Ingress", "Namespace", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount"].map((t) => `Kubernetes/${t}`),
    );
  });

  it("a re-run finds everything in place: every step unchanged (Kubernetes objects included), no new assignment, no new rollout", async () => {
    const puts = await countPuts("Microsoft.Authorization/roleAssignments");
    const k = await kube();
    const before = await k.apps.readNamespacedDeployment({ name: "openhands-console", namespace: NS });
    const { operation } = await startConsoleMoveOperation(store.pool, stack.arm, environment, "admin-oid", install);
    const done = await waitFor(operation.id, ["succeeded", "failed"], 60_000);
    expect(done.steps.map((s) => [s.key, s.status])).toEqual(done.steps.map((s) => [s.key, "skipped"]));
    const installed = done.steps.find((s) => s.key === "console.install")!.output as { summary: string; resources: { change: string }[] };
    expect(installed.resources).toHaveLength(8);
    expect(installed.resources.every((r) => r.change === "unchanged")).toBe(true);
    expect(installed.summary).toContain("unchanged: all 8 Kubernetes objects already match the plan");
    expect(await puts()).toBe(0);
    const after = await k.apps.readNamespacedDeployment({ name: "openhands-console", namespace: NS });
    expect(after.metadata?.generation).toBe(before.metadata?.generation);
  });

  it("an identity deleted and re-created by hand: the trust is restored, the roles move to the new principal, the pods roll to its client id", async () => {
    const msi = stack.arm.msi;
    const old = await msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    await msi.userAssignedIdentities.delete(rg, "id-openhands-console-moveit");
    const { operation } = await startConsoleMoveOperation(store.pool, stack.arm, environment, "admin-oid", install);
    const done = await waitFor(operation.id, ["succeeded", "failed"], 90_000);
    expect(done.steps.map((s) => [s.key, s.status, s.error?.message ?? null]).filter(([, st]) => st === "failed")).toEqual([]);
    const fresh = await msi.userAssignedIdentities.get(rg, "id-openhands-console-moveit");
    expect(fresh.principalId).not.toBe(old.principalId);
    const holders: string[] = [];
    for await (const a of stack.arm.authorization.roleAssignments.listForResourceGroup(rg)) if (a.scope?.toLowerCase() === `/subscriptions/${stack.subscriptionId}/resourcegroups/${rg}`.toLowerCase()) holders.push(a.principalId!);
    expect(holders).toContain(fresh.principalId);
    expect(holders).not.toContain(old.principalId);
    expect((await msi.federatedIdentityCredentials.get(rg, "id-openhands-console-moveit", "openhands-console")).subject).toBe("system:serviceaccount:openhands-console:openhands-console");
    const k = await kube();
    expect((await k.core.readNamespacedServiceAccount({ name: "openhands-console", namespace: NS })).metadata?.annotations?.["azure.workload.identity/client-id"]).toBe(fresh.clientId);
    const dep = await k.apps.readNamespacedDeployment({ name: "openhands-console", namespace: NS });
    const cm = await k.core.readNamespacedConfigMap({ name: dep.spec?.template.spec?.containers[0]?.envFrom?.[0]?.configMapRef?.name ?? "", namespace: NS });
    expect(cm.data?.AZURE_CLIENT_ID).toBe(fresh.clientId);
    // The changed ConfigMap got a new name, so the pods rolled: the 3 Ready pods are the new template's.
    expect(dep.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3 });
    const pods = await k.core.listNamespacedPod({ namespace: NS, labelSelector: "app.kubernetes.io/component=console" });
    const ready = pods.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
    expect(ready.map((p) => p.spec?.containers[0]?.envFrom?.[0]?.configMapRef?.name)).toEqual([cm.metadata?.name, cm.metadata?.name, cm.metadata?.name]);
  });

  it("an unschedulable rollout fails waitRollout naming the pods and the scheduler's reason; after uncordoning, Retry finishes it", async () => {
    const k = await kube();
    const nodes = (await k.core.listNode()).items.map((n) => n.metadata!.name!);
    const cordon = (unschedulable: boolean) =>
      Promise.all(nodes.map((name) => k.objects.patch({ apiVersion: "v1", kind: "Node", metadata: { name }, spec: { unschedulable } }, undefined, undefined, "console-move-test", undefined, PatchStrategy.MergePatch)));
    await cordon(true);
    const { operation } = await startConsoleMoveOperation(store.pool, stack.arm, environment, "admin-oid", installWith("openhands-console:0.2.0"));
    const failed = await waitFor(operation.id, ["failed", "succeeded"], 60_000);
    const wait = failed.steps.find((s) => s.key === "console.rollout")!;
    expect(failed.steps.find((s) => s.key === "console.install")?.status).toBe("succeeded");
    expect(wait.status).toBe("failed");
    expect(wait.error?.code).toBe("ConsolePodUnschedulable");
    expect(wait.error?.message).toMatch(/The console did not roll out within 15 s/);
    expect(wait.error?.message).toMatch(/pods? openhands-console-[a-z0-9]+-[a-z0-9]+(, openhands-console-[a-z0-9]+-[a-z0-9]+)* cannot be scheduled: .*node\(s\) were unschedulable/);
    expect(wait.error?.remedy).toMatch(/uncordon/);
    // The old replicas keep serving (maxUnavailable 0).
    const during = await k.core.listNamespacedPod({ namespace: NS, labelSelector: "app.kubernetes.io/component=console" });
    expect(during.items.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))).toHaveLength(3);

    await cordon(false);
    await retryOperation(store.pool, operation.id);
    const done = await waitFor(operation.id, ["succeeded", "failed"], 60_000);
    expect(done.steps.map((s) => [s.key, s.status, s.error?.message ?? null]).filter(([, st]) => st === "failed")).toEqual([]);
    const dep = await k.apps.readNamespacedDeployment({ name: "openhands-console", namespace: NS });
    expect(dep.spec?.template.spec?.containers[0]?.image).toBe("openhands-console:0.2.0");
    expect(dep.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3 });
  });

  it("refuses a second operation while one runs, and an environment without a cluster", async () => {
    const first = await startConsoleMoveOperation(store.pool, stack.arm, environment, "admin-oid", install);
    await expect(startConsoleMoveOperation(store.pool, stack.arm, environment, "admin-oid", install)).rejects.toBeInstanceOf(OperationInProgressError);
    await waitFor(first.operation.id, ["succeeded", "failed"], 90_000);
    const empty = await newEnvironment("emptyenv", "mv2cd");
    await stack.arm.resources.resourceGroups.createOrUpdate(empty.environment.resourceGroup, { location: "eastus" });
    await expect(startConsoleMoveOperation(store.pool, stack.arm, empty.environment, "admin-oid", install)).rejects.toBeInstanceOf(ConsoleMovePlanError);
  });
});

describe("the Settings action (console.move)", () => {
  async function as(user: "admin" | "operator" | "reader", environmentId: string) {
    const identity = loadOrCreateStackIdentity(stack.dataDir);
    const verify = createTokenVerifier({ authority: stack.entra.authority, audience: identity.apiAudience, tenantId: identity.tenantId, scope: `${identity.apiAudience}/Console.Access` });
    const token = await signTestToken(stack.dataDir, userAccessTokenClaims(stack.dataDir, stack.entra.issuer, user));
    const def = consoleMoveAction({ db: () => store.pool, arm: () => stack.arm, install: () => install });
    return executeAction(def, { token, requestId: `req-${randomUUID()}`, audit: storeAuditWriter(store.pool), verify }, { environmentId });
  }
  const moves = async () => (await store.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM operations WHERE kind = 'console-move'")).rows[0]!.n;

  it("refuses Reader and Operator without starting anything; the admin starts it, audited with what it creates", async () => {
    const before = await moves();
    for (const user of ["reader", "operator"] as const) {
      const r = await as(user, environment.id);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("forbidden");
    }
    expect(await moves()).toBe(before);
    const r = await as("admin", environment.id);
    if (!r.ok) throw new Error(r.error.message);
    await waitFor(r.data.operationId, ["succeeded", "failed"], 90_000);
    expect(await moves()).toBe(before + 1);
    const audit = await store.pool.query<{ outcome: string; target: string; changes: string | null }>("SELECT outcome, target, changes::text AS changes FROM audit_events WHERE action = 'console.move' ORDER BY id");
    expect(audit.rows.map((a) => a.outcome)).toEqual(["denied", "denied", "success"]);
    expect(audit.rows[2]?.target).toBe(`operation/${r.data.operationId}`);
    expect(JSON.stringify(audit.rows[2])).toContain("id-openhands-console-moveit");
    expect(JSON.stringify(audit.rows[2])).toContain(`Install the console on aks-openhands-moveit`);
  });

  it("says plainly when the environment is not ready (no cluster) and changes nothing", async () => {
    const other = await newEnvironment("notready", "mv3ef");
    const r = await as("admin", other.environment.id);
    expect(r).toMatchObject({ ok: false, error: { code: "environment_not_ready" } });
    if (!r.ok) expect(r.error.message).toContain("run setup first");
  });
});

/**
 * Setup wall time against the plan's critical path, deploy included: the real `buildPlan` plan
 * (Azure steps + deploying OpenHands onto AKS: namespaces, secrets, configuration, RBAC, the app,
 * wait for Ready, health check) run by the operations worker against the local Azure with its data
 * planes (real PostgreSQL / Redis engines) and the OpenHands simulation. Prints each step's
 * duration, the critical path, and wall / critical path.
 *   npx tsx bench/setup-deploy.ts [--time-scale 0.02]     (ports 48410 ARM, 48411 Entra, 48412 ingress)
 */
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchArg } from "./bench-stack";
import { ensureLocalCa } from "../emulator/tls/local-ca";

const TIME_SCALE = benchArg("time-scale", 0.02);
const [ARM_PORT, ENTRA_PORT, INGRESS_PORT] = [48410, 48411, 48412];
process.env.LOCAL_AZURE_LOOPBACK_OCTET ??= "41";

const dir = mkdtempSync(path.join(tmpdir(), "setup-deploy-bench-"));
const localCa = ensureLocalCa(dir);
if (process.env.NODE_EXTRA_CA_CERTS !== localCa.caFile) {
  // Node reads NODE_EXTRA_CA_CERTS at start only: run again trusting the bench's CA (the SDKs and the app's TLS to PostgreSQL verify it).
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: localCa.caFile, LOCAL_STACK_CA_DIR: path.dirname(localCa.caFile) };
  const r = spawnSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: "inherit", env });
  rmSync(dir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const { ClientSecretCredential } = await import("@azure/identity");
const { armClients, ARM_SCOPE } = await import("../lib/azure/clients");
const { startEntra } = await import("../emulator/entra/server");
const { createDataPlanes } = await import("../emulator/data-planes");
const { startLocalAzure } = await import("../emulator/server");
const { loadOrCreateStackIdentity } = await import("../emulator/stack-identity");
const { buildPlan } = await import("../lib/azure/provisioning/plan");
const { criticalPath } = await import("../lib/azure/provisioning/critical-path");
const { makeSetupInput } = await import("../lib/azure/provisioning/testing/setup-fixtures");
const { createEnvironment } = await import("../lib/store/environments");
const { getOperation } = await import("../lib/store/operations");
const { startTestStore } = await import("../lib/store/test-backends");
const { derivedSecret, isGeneratedSecret } = await import("../lib/operations/generated-secrets");
const { startSetupOperation, executableSteps } = await import("../lib/operations/start-setup");
const { startOperationsWorker } = await import("../lib/operations/worker");

const identity = loadOrCreateStackIdentity(dir);
const entra = await startEntra({ dataDir: dir, port: ENTRA_PORT, consoleUrl: "http://localhost:3000" });
const planes = createDataPlanes({ dataDir: dir, log: () => undefined });
const azure = await startLocalAzure({
  dataDir: dir, port: ARM_PORT, entraPort: ENTRA_PORT, timeScale: TIME_SCALE, tickMs: 20, hooks: planes.hooks,
  simulation: { ingressPort: INGRESS_PORT, tickMs: 500, workload: { usersPerHour: 0 } },
});
const credential = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
const clients = armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: azure.endpoint });
const token = (await credential.getToken(ARM_SCOPE)).token;
await fetch(`${azure.endpoint}/_emulator/providers/Microsoft.Compute/settings`, {
  method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ regionalVcpuLimit: 10_000, familyVcpuLimit: 10_000 }),
});
const store = await startTestStore("postgres", { pglitePort: 0 });
const key = randomBytes(32);
try {
  const plan = buildPlan(makeSetupInput({ environment: { name: "bench", subscriptionId: identity.subscriptionId, region: "eastus" }, openhands: { host: "openhands.bench.test", tls: { mode: "none" } } }));
  const environment = await createEnvironment(store.pool, { name: "bench", subscriptionId: identity.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup, createdBy: "bench" });
  const op = await startSetupOperation(store.pool, environment, plan, "bench");
  const worker = startOperationsWorker({
    db: store.pool, idleMs: 50, pollIntervalMs: 100, clientsFor: () => clients, log: () => undefined,
    deploy: { ingressAddress: `http://127.0.0.1:${INGRESS_PORT}` },
    secrets: async (_op, name) => (isGeneratedSecret(name) ? derivedSecret(key, environment.id, name) : `bench-${name}-value`),
  });
  let done = await getOperation(store.pool, op.id);
  const until = Date.now() + 600_000;
  while (done && !["succeeded", "failed"].includes(done.status) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    done = await getOperation(store.pool, op.id);
  }
  await worker.stop();
  if (!done || done.status !== "succeeded") throw new Error(`setup ${done?.status}: ${JSON.stringify(done?.error)}`);

  const durations: Record<string, number> = {};
  for (const s of done.steps) if (s.startedAt && s.finishedAt) durations[s.key] = s.finishedAt.getTime() - s.startedAt.getTime();
  const first = Math.min(...done.steps.map((s) => s.startedAt?.getTime() ?? Infinity));
  const last = Math.max(...done.steps.map((s) => s.finishedAt?.getTime() ?? 0));
  const wall = last - first;
  const cp = criticalPath({ steps: executableSteps(plan) }, durations);
  const deploy = done.steps.filter((s) => s.key.startsWith("openhands.")).reduce((a, s) => a + (durations[s.key] ?? 0), 0);
  console.log(`setup + deploy benchmark — local Azure time scale ${TIME_SCALE}, ${done.steps.length} steps (${done.steps.filter((s) => s.key.startsWith("openhands.")).length} deploy), ${plan.resources.length} Azure resources`);
  for (const s of done.steps) console.log(`  ${s.key.padEnd(24)} ${String(durations[s.key] ?? 0).padStart(7)} ms  ${s.status}`);
  console.log(`critical path: ${cp.path.join(" → ")}`);
  console.log(`critical path ${cp.total} ms | wall time ${wall} ms | deploy steps together ${deploy} ms`);
  console.log(`ratio wall / critical path = ${(wall / cp.total).toFixed(3)} (1.0 = ideal parallelism)`);
} finally {
  await store.close();
  await azure.close();
  await planes.close();
  await entra.close();
  rmSync(dir, { recursive: true, force: true });
}

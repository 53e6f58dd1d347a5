/**
 * Benchmark of the setup executor: provisioning wall time of a whole plan (buildPlan from a
 * team-sized wizard input) against the plan's critical path — its longest dependency chain,
 * with each step's measured duration — at a fixed time scale of the local Azure. A ratio near
 * 1.0 means independent steps really ran in parallel and the worker adds little between steps.
 * Real SDKs, the real store on a fresh PostgreSQL database. Prints numbers, asserts nothing.
 *   npx tsx bench/setup-critical-path.ts [--time-scale 0.02]
 * Ports 47451 (ARM) and 47452 (local Entra); override with BENCH_ARM_PORT / BENCH_ENTRA_PORT.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalCa } from "../emulator/tls/local-ca";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
};
const TIME_SCALE = arg("time-scale", 0.02);
const ARM_PORT = Number(process.env.BENCH_ARM_PORT ?? 47451);
const ENTRA_PORT = Number(process.env.BENCH_ENTRA_PORT ?? 47452);

// The SDKs verify TLS: re-run this script with the local CA trusted (Node reads NODE_EXTRA_CA_CERTS at start only).
const caDir = mkdtempSync(path.join(tmpdir(), "setup-bench-ca-"));
const localCa = ensureLocalCa(caDir);
if (process.env.NODE_EXTRA_CA_CERTS !== localCa.caFile) {
  const { spawnSync } = await import("node:child_process");
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: localCa.caFile, LOCAL_STACK_CA_DIR: path.dirname(localCa.caFile) };
  const r = spawnSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: "inherit", env });
  rmSync(caDir, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const { buildPlan } = await import("../lib/azure/provisioning/plan");
const { criticalPath } = await import("../lib/azure/provisioning/critical-path");
const { makeSetupInput } = await import("../lib/azure/provisioning/testing/setup-fixtures");
const { createEnvironment } = await import("../lib/store/environments");
const { startSetupOperation, executableSteps } = await import("../lib/operations/start-setup");
const { startExecutorHarness } = await import("../lib/operations/testing/executor-harness");

const h = await startExecutorHarness({ armPort: ARM_PORT, entraPort: ENTRA_PORT, timeScale: TIME_SCALE });
try {
  // The Azure steps only: this harness's local Azure has no simulated Kubernetes API for the deploy steps.
  const { openhands: _deploy, ...plan } = buildPlan(makeSetupInput({ environment: { name: "bench", subscriptionId: h.stack.subscriptionId, region: "eastus" } }));
  const environment = await createEnvironment(h.store.pool, {
    name: "bench", subscriptionId: h.stack.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup, createdBy: "bench",
  });
  const op = await startSetupOperation(h.store.pool, environment, plan, "bench");
  const worker = h.worker({ pollIntervalMs: 100, idleMs: 50 });
  const done = await h.waitFor(op.id, ["succeeded", "failed"], 600_000);
  await worker.stop();
  if (done.status !== "succeeded") throw new Error(`setup ${done.status}: ${JSON.stringify(done.error)}`);

  const durations: Record<string, number> = {};
  for (const s of done.steps) if (s.startedAt && s.finishedAt) durations[s.key] = s.finishedAt.getTime() - s.startedAt.getTime();
  const first = Math.min(...done.steps.map((s) => s.startedAt?.getTime() ?? Infinity));
  const last = Math.max(...done.steps.map((s) => s.finishedAt?.getTime() ?? 0));
  const wall = last - first;
  const cp = criticalPath({ steps: executableSteps(plan) }, durations);
  const sequential = Object.values(durations).reduce((a, b) => a + b, 0);

  console.log(`setup executor benchmark — local Azure time scale ${TIME_SCALE}, ${done.steps.length} Azure steps, ${plan.resources.length} resources`);
  for (const s of done.steps) console.log(`  ${s.key.padEnd(22)} ${String(durations[s.key] ?? 0).padStart(7)} ms`);
  console.log(`critical path: ${cp.path.join(" → ")}`);
  console.log(`critical path ${cp.total} ms | wall time ${wall} ms | all steps one after another ${sequential} ms`);
  console.log(`ratio wall / critical path = ${(wall / cp.total).toFixed(3)} (1.0 = ideal parallelism)`);
} finally {
  await h.close();
}

/**
 * Test support for the executor's integration tests: the local Entra + local Azure (real SDK
 * clients), a fresh store database on the real PostgreSQL, environments with their own names,
 * workers wired to the local Azure, and a PUT counter on the ARM front door. Test-only.
 */
import { startConformanceStack, type ConformanceStack } from "@/emulator/arm/testing/conformance-stack";
import { createEnvironment, type Environment } from "@/lib/store/environments";
import { getOperation, type OperationWithSteps } from "@/lib/store/operations";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { startOperationsWorker, type OperationsWorker, type WorkerOptions } from "../worker";
import { samplePlan } from "./sample-plan";

export interface ExecutorHarness {
  stack: ConformanceStack;
  store: TestStore;
  environment(env: string, suffix: string): Promise<{ environment: Environment; plan: ReturnType<typeof samplePlan> }>;
  worker(opts?: Partial<WorkerOptions>): OperationsWorker & { lines: string[] };
  waitFor(operationId: string, statuses: string[], timeoutMs?: number): Promise<OperationWithSteps>;
  /** Counts PUTs whose path contains `path` from now on (a 1 ms stall fault that counts down). */
  countPuts(path: string): () => number;
  setTimeScale(scale: number): void;
  close(): Promise<void>;
}

export async function startExecutorHarness(opts: { armPort: number; entraPort: number; timeScale: number }): Promise<ExecutorHarness> {
  const stack = await startConformanceStack({ armPort: opts.armPort, entraPort: opts.entraPort, timeScale: opts.timeScale });
  // Several environments' clusters in one subscription: raise the vCPU quota the local Azure enforces.
  const quota = await stack.call("PUT", "/_emulator/providers/Microsoft.Compute/settings", { regionalVcpuLimit: 10_000, familyVcpuLimit: 10_000 });
  if (quota.status !== 200) throw new Error(`could not raise the local vCPU quota: ${quota.status} ${quota.text}`);
  const store = await startTestStore("postgres", { pglitePort: 0 });
  const workers: OperationsWorker[] = [];
  return {
    stack,
    store,
    async environment(env, suffix) {
      const plan = samplePlan({ subscriptionId: stack.subscriptionId, env, suffix });
      const environment = await createEnvironment(store.pool, {
        name: env, subscriptionId: stack.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup ?? "", createdBy: "test-admin",
      });
      return { environment, plan };
    },
    worker(o = {}) {
      const lines: string[] = [];
      const w = startOperationsWorker({
        db: store.pool, leaseMs: 2000, idleMs: 50, pollIntervalMs: 50, retry: { baseMs: 200, maxMs: 2000, maxAttempts: 10 },
        clientsFor: () => stack.clients(), log: (l) => lines.push(l), ...o,
      });
      workers.push(w);
      return Object.assign(w, { lines });
    },
    async waitFor(operationId, statuses, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const op = await getOperation(store.pool, operationId);
        if (op && statuses.includes(op.status)) return op;
        if (Date.now() > until) throw new Error(`operation ${operationId} is ${op?.status}, expected ${statuses.join("/")}: ${JSON.stringify(op?.steps.map((s) => [s.key, s.status, s.error]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    countPuts(path) {
      const rule = stack.arm.faults.add({ match: { method: "PUT", path }, count: 10_000, action: { type: "stall", ms: 1 } });
      return () => 10_000 - (stack.arm.faults.list().find((r) => r.id === rule.id)?.remaining ?? 10_000);
    },
    setTimeScale(scale) {
      stack.arm.env.settings.timeScale = scale;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await store.close();
      await stack.close();
    },
  };
}

/** [start, end] of each step, for overlap checks. */
export function windows(op: OperationWithSteps): Record<string, [number, number]> {
  return Object.fromEntries(op.steps.filter((s) => s.startedAt && s.finishedAt).map((s) => [s.key, [s.startedAt!.getTime(), s.finishedAt!.getTime()]]));
}

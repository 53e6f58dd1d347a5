/**
 * The real worker loop against real PostgreSQL: a step whose previous workers died with it
 * (lease expired, already taken over `maxReclaims` times) is failed with the remedy instead of
 * being claimed and run again — no ARM call is made for it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEnvironment } from "@/lib/store/environments";
import { createOperation, getOperation } from "@/lib/store/operations";
import { startTestStore, type TestStore } from "@/lib/store/test-backends";
import { startOperationsWorker } from "./worker";

let store: TestStore;
beforeAll(async () => {
  store = await startTestStore("postgres", { pglitePort: 15499 });
});
afterAll(async () => store?.close());

it("fails a step that keeps killing its worker instead of running it again", async () => {
  const env = await createEnvironment(store.pool, { name: "crashy", subscriptionId: "6f1c2d3e-4a5b-4c6d-8e7f-901234567890", region: "westeurope", resourceGroup: "rg-crashy", createdBy: "test" });
  const op = await createOperation(store.pool, { environmentId: env.id, kind: "setup", requestedBy: "test", steps: [{ key: "aks", title: "AKS" }] });
  // What three dead workers leave: the step running, its lease expired, taken over 3 times.
  await store.pool.query("UPDATE operations SET status = 'running', started_at = now() WHERE id = $1", [op.id]);
  await store.pool.query(
    "UPDATE operation_steps SET status = 'running', started_at = now(), reclaims = 3, lease_owner = 'dead-worker-3', lease_expires_at = now() - interval '1 second' WHERE operation_id = $1",
    [op.id],
  );
  const lines: string[] = [];
  const claimedBy: string[] = [];
  const worker = startOperationsWorker({
    db: store.pool,
    owner: "survivor",
    idleMs: 50,
    log: (l) => lines.push(l),
    clientsFor: () => {
      claimedBy.push("survivor");
      throw new Error("the step must not run again");
    },
  });
  try {
    const until = Date.now() + 10_000;
    while ((await getOperation(store.pool, op.id))?.status !== "failed" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await worker.stop();
  }
  const failed = await getOperation(store.pool, op.id);
  expect(failed?.steps[0]).toMatchObject({ status: "failed", error: { code: "step_kills_worker", message: expect.stringContaining("4 times in a row, last held by dead-worker-3"), remedy: expect.stringContaining("Retry") } });
  expect(claimedBy).toEqual([]);
  expect(lines).toContain("step aks: failed, its workers kept dying while running it");
});

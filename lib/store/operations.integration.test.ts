import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvironment, getEnvironment } from "./environments";
import { LeaseLostError, NotFoundError, OperationInProgressError, OperationStateError, StoreValidationError } from "./errors";
import { claimRunnableSteps, completeStep, failStep, failStepsThatKeepKillingWorkers, renewLease, savePollerState } from "./operation-steps";
import { activeOperation, cancelOperation, createOperation, getOperation, listOperations, retryOperation, type StepSpec } from "./operations";
import { BACKENDS, startTestStore, type TestStore } from "./test-backends";

const SUB = "0b1f6471-1bf0-4dda-aec3-111122223333";
const LEASE = 60_000;
// rg → vnet, storage; vnet → aks; aks + storage → deploy
const SETUP: StepSpec[] = [
  { key: "rg", title: "Resource group" },
  { key: "vnet", title: "Network", dependsOn: ["rg"] },
  { key: "storage", title: "Storage account", dependsOn: ["rg"] },
  { key: "aks", title: "AKS cluster", dependsOn: ["vnet"] },
  { key: "deploy", title: "Deploy OpenHands", dependsOn: ["aks", "storage"] },
];

describe.each(BACKENDS)("operations on %s", (kind) => {
  let store: TestStore;
  let envSeq = 0;
  const newEnv = async () =>
    createEnvironment(store.pool, { name: `env${++envSeq}`, subscriptionId: SUB, region: "westeurope", resourceGroup: `rg-openhands-env${envSeq}`, createdBy: "ada" });
  const setup = async (environmentId: string, steps = SETUP) => createOperation(store.pool, { environmentId, kind: "setup", requestedBy: "ada", steps });
  /** Claims everything currently runnable for `owner`, as step keys. */
  const claimKeys = async (owner: string, opId: string) =>
    (await claimRunnableSteps(store.pool, owner, LEASE, 100)).filter((s) => s.operationId === opId).map((s) => s.key).sort();

  beforeAll(async () => {
    store = await startTestStore(kind, { pglitePort: 15435 });
  });
  afterAll(async () => store?.close());

  it("creates an operation with its steps, readable and listed", async () => {
    const env = await newEnv();
    const op = await setup(env.id);
    expect(op).toMatchObject({ environmentId: env.id, kind: "setup", status: "pending", startedAt: null, finishedAt: null, error: null });
    expect(op.steps.map((s) => [s.key, s.status, s.attempt, s.dependsOn])).toEqual([
      ["rg", "pending", 1, []],
      ["vnet", "pending", 1, ["rg"]],
      ["storage", "pending", 1, ["rg"]],
      ["aks", "pending", 1, ["vnet"]],
      ["deploy", "pending", 1, ["aks", "storage"]],
    ]);
    expect(await getOperation(store.pool, op.id)).toEqual(op);
    expect((await listOperations(store.pool, env.id)).map((o) => o.id)).toEqual([op.id]);
    expect((await activeOperation(store.pool, env.id))?.id).toBe(op.id);
    await cancelOperation(store.pool, op.id);
  });

  it("refuses a second unfinished operation on the same environment, also when both race", async () => {
    const env = await newEnv();
    const first = await setup(env.id);
    await expect(setup(env.id)).rejects.toBeInstanceOf(OperationInProgressError);
    await cancelOperation(store.pool, first.id);

    const other = store.newPool();
    const race = await Promise.allSettled([setup(env.id), createOperation(other, { environmentId: env.id, kind: "upgrade", requestedBy: "otto", steps: SETUP })]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = race.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(OperationInProgressError);
    // The loser left no half-created operation or orphan steps behind.
    expect(await listOperations(store.pool, env.id)).toHaveLength(2);
    const orphans = await store.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM operation_steps s WHERE NOT EXISTS (SELECT 1 FROM operations o WHERE o.id = s.operation_id)",
    );
    expect(orphans.rows[0]?.n).toBe(0);
  });

  it("refuses bad step graphs and unknown environments with clear errors", async () => {
    const env = await newEnv();
    await expect(setup(env.id, [{ key: "a", title: "A", dependsOn: ["b"] }, { key: "b", title: "B", dependsOn: ["a"] }])).rejects.toThrow(
      "steps depend on each other in a cycle: a → b → a",
    );
    await expect(setup(env.id, [])).rejects.toBeInstanceOf(StoreValidationError);
    await expect(setup("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    expect(await listOperations(store.pool, env.id)).toEqual([]);
  });

  it("claims only steps whose dependencies succeeded (or were skipped), and finishes the operation", async () => {
    const env = await newEnv();
    const op = await setup(env.id);
    expect(await claimKeys("w1", op.id)).toEqual(["rg"]);
    expect((await getOperation(store.pool, op.id))?.status).toBe("running");
    expect(await claimKeys("w1", op.id)).toEqual([]); // rg is leased, nothing else is runnable
    const step = (key: string) => getOperation(store.pool, op.id).then((o) => o?.steps.find((s) => s.key === key));
    const id = async (key: string) => (await step(key))?.id ?? "";

    expect(await completeStep(store.pool, await id("rg"), "w1", { resourceId: "/subscriptions/x/resourceGroups/rg" })).toBe("running");
    expect(await claimKeys("w2", op.id)).toEqual(["storage", "vnet"]);
    expect(await completeStep(store.pool, await id("storage"), "w2", { skipped: true })).toBe("running");
    expect(await claimKeys("w2", op.id)).toEqual([]); // deploy still waits for aks
    await completeStep(store.pool, await id("vnet"), "w2", { output: { subnetId: "snet" } });
    expect(await claimKeys("w1", op.id)).toEqual(["aks"]);
    await completeStep(store.pool, await id("aks"), "w1");
    expect(await claimKeys("w1", op.id)).toEqual(["deploy"]);
    expect(await completeStep(store.pool, await id("deploy"), "w1")).toBe("succeeded");

    const done = await getOperation(store.pool, op.id);
    expect(done?.status).toBe("succeeded");
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(done?.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "skipped", "succeeded", "succeeded"]);
    expect(done?.steps[1]).toMatchObject({ output: { subnetId: "snet" }, leaseOwner: null, leaseExpiresAt: null });
    expect(await activeOperation(store.pool, env.id)).toBeNull();
  });

  it("two workers claiming at once never get the same step", async () => {
    const ops = [];
    for (let i = 0; i < 4; i++) {
      const env = await newEnv();
      ops.push(await setup(env.id, Array.from({ length: 6 }, (_, j) => ({ key: `s${j}`, title: `Step ${j}` }))));
    }
    const poolB = store.newPool();
    const poolC = store.newPool();
    const claimed: { owner: string; id: string }[] = [];
    for (let round = 0; round < 6; round++) {
      const [a, b, c] = await Promise.all([
        claimRunnableSteps(store.pool, "worker-a", LEASE, 2),
        claimRunnableSteps(poolB, "worker-b", LEASE, 2),
        claimRunnableSteps(poolC, "worker-c", LEASE, 2),
      ]);
      claimed.push(...a.map((s) => ({ owner: "worker-a", id: s.id })), ...b.map((s) => ({ owner: "worker-b", id: s.id })), ...c.map((s) => ({ owner: "worker-c", id: s.id })));
    }
    const ids = claimed.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(24); // every step of the four operations, each exactly once
    const owners = await store.pool.query<{ id: string; lease_owner: string }>(
      "SELECT id, lease_owner FROM operation_steps WHERE operation_id = ANY ($1::uuid[])",
      [ops.map((o) => o.id)],
    );
    for (const row of owners.rows) expect(claimed.find((c) => c.id === row.id)?.owner).toBe(row.lease_owner);
    for (const op of ops) await cancelOperation(store.pool, op.id);
  });

  it("an expired lease is reclaimed by another worker; the old owner can no longer write", async () => {
    const env = await newEnv();
    const op = await setup(env.id, [{ key: "aks", title: "AKS" }]);
    const [mine] = await claimRunnableSteps(store.pool, "dying-worker", 1000, 1);
    if (!mine) throw new Error("nothing claimed");
    await savePollerState(store.pool, mine.id, "dying-worker", { state: { status: "running", operationLocation: "https://arm/op/1" } }, "/subscriptions/x/aks");
    const renewedTo = await renewLease(store.pool, mine.id, "dying-worker", 1000);
    expect(renewedTo.getTime()).toBeGreaterThan(Date.now() - 5000);
    expect(await claimRunnableSteps(store.pool, "rescuer", LEASE, 5)).toEqual([]);

    await new Promise((r) => setTimeout(r, 1300));
    const [rescued] = await claimRunnableSteps(store.pool, "rescuer", LEASE, 5);
    expect(rescued).toMatchObject({ id: mine.id, leaseOwner: "rescuer", attempt: 1, resourceId: "/subscriptions/x/aks" });
    // The poller state survives, so the rescuer resumes the ARM long-running operation.
    expect(rescued?.pollerState).toEqual({ state: { status: "running", operationLocation: "https://arm/op/1" } });

    await expect(renewLease(store.pool, mine.id, "dying-worker", 1000)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(completeStep(store.pool, mine.id, "dying-worker")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(savePollerState(store.pool, mine.id, "dying-worker", {})).rejects.toBeInstanceOf(LeaseLostError);
    expect(await completeStep(store.pool, mine.id, "rescuer")).toBe("succeeded");
    expect((await getOperation(store.pool, op.id))?.status).toBe("succeeded");
  });

  it("a step whose workers keep dying is failed with a remedy after maxReclaims takeovers, not claimed again; retry resets the count", async () => {
    const env = await newEnv();
    const op = await setup(env.id, [{ key: "aks", title: "AKS" }]);
    /** The holder dies: its lease runs out (moved back instead of waited for). */
    const dies = () => store.pool.query("UPDATE operation_steps SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE operation_id = $1", [op.id]);
    const reclaims = async () => (await store.pool.query<{ n: number }>("SELECT reclaims AS n FROM operation_steps WHERE operation_id = $1", [op.id])).rows[0]?.n;
    expect(await claimKeys("worker-0", op.id)).toEqual(["aks"]);
    for (let n = 1; n <= 2; n++) {
      await dies();
      expect(await failStepsThatKeepKillingWorkers(store.pool, 2)).toEqual([]);
      expect(await claimKeys(`worker-${n}`, op.id)).toEqual(["aks"]);
      expect(await reclaims()).toBe(n);
    }
    await dies();
    expect(await failStepsThatKeepKillingWorkers(store.pool, 2)).toEqual(["aks"]);
    expect(await claimKeys("worker-3", op.id)).toEqual([]);
    const failed = await getOperation(store.pool, op.id);
    expect(failed?.status).toBe("failed");
    expect(failed?.steps[0]).toMatchObject({ status: "failed", leaseOwner: null, error: { code: "step_kills_worker", message: expect.stringContaining("stopped (crashed or was killed) 3 times in a row, last held by worker-2"), remedy: expect.stringMatching(/out-of-memory .* then Retry the operation/) } });
    expect(failed?.error).toMatchObject({ code: "step_kills_worker", stepKey: "aks" });
    expect((await getEnvironment(store.pool, env.id))?.status).toBe("failed");

    await retryOperation(store.pool, op.id);
    expect(await reclaims()).toBe(0);
    expect(await claimKeys("worker-4", op.id)).toEqual(["aks"]);
    await cancelOperation(store.pool, op.id);
  });

  it("a failed step fails the operation; retry resumes from the failed step with attempt + 1", async () => {
    const env = await newEnv();
    const op = await setup(env.id);
    const byKey = async (key: string) => (await getOperation(store.pool, op.id))?.steps.find((s) => s.key === key);
    await claimKeys("w", op.id);
    await completeStep(store.pool, (await byKey("rg"))?.id ?? "", "w");
    await claimKeys("w", op.id); // vnet, storage
    await completeStep(store.pool, (await byKey("storage"))?.id ?? "", "w");
    const error = { code: "QuotaExceeded", message: "Not enough vCPU quota in westeurope", remedy: "Request a quota increase or pick another region" };
    expect(await failStep(store.pool, (await byKey("vnet"))?.id ?? "", "w", error)).toBe("failed");

    const failed = await getOperation(store.pool, op.id);
    expect(failed).toMatchObject({ status: "failed", error: { ...error, stepKey: "vnet" } });
    expect(failed?.steps.find((s) => s.key === "vnet")).toMatchObject({ status: "failed", error, leaseOwner: null });
    expect(await claimKeys("w", op.id)).toEqual([]); // nothing runs in a failed operation
    await expect(cancelOperation(store.pool, op.id)).rejects.toBeInstanceOf(OperationStateError);

    const retried = await retryOperation(store.pool, op.id);
    expect(retried).toMatchObject({ status: "pending", error: null, finishedAt: null });
    expect(retried.steps.map((s) => [s.key, s.status, s.attempt])).toEqual([
      ["rg", "succeeded", 1],
      ["vnet", "pending", 2],
      ["storage", "succeeded", 1],
      ["aks", "pending", 1],
      ["deploy", "pending", 1],
    ]);
    expect(retried.steps[1]?.error).toBeNull();
    await expect(retryOperation(store.pool, op.id)).rejects.toThrow("Only a failed operation can be retried");
    expect(await claimKeys("w", op.id)).toEqual(["vnet"]);
    await cancelOperation(store.pool, op.id);
  });

  it("retry is refused while another operation on the environment is unfinished", async () => {
    const env = await newEnv();
    const op = await setup(env.id, [{ key: "rg", title: "RG" }]);
    const [s] = await claimRunnableSteps(store.pool, "w", LEASE, 1);
    await failStep(store.pool, s?.id ?? "", "w", { code: "Boom", message: "boom" });
    const next = await setup(env.id);
    await expect(retryOperation(store.pool, op.id)).rejects.toBeInstanceOf(OperationInProgressError);
    expect((await getOperation(store.pool, op.id))?.status).toBe("failed");
    await cancelOperation(store.pool, next.id);
  });

  it("cancel stops pending and running steps; the worker holding one learns at its next write", async () => {
    const env = await newEnv();
    const op = await setup(env.id);
    const [rg] = await claimRunnableSteps(store.pool, "w", LEASE, 10);
    const canceled = await cancelOperation(store.pool, op.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.steps.every((s) => s.status === "canceled" && s.leaseOwner === null)).toBe(true);
    await expect(renewLease(store.pool, rg?.id ?? "", "w", LEASE)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(completeStep(store.pool, rg?.id ?? "", "w")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(cancelOperation(store.pool, op.id)).rejects.toThrow(/already canceled/);
    // The environment is free again.
    const again = await setup(env.id);
    await cancelOperation(store.pool, again.id);
  });

  it("the environment's status follows its setup operation: provisioning, failed, provisioning on retry, ready", async () => {
    const env = await newEnv();
    const status = async () => (await getEnvironment(store.pool, env.id))?.status;
    expect(await status()).toBe("draft");
    const op = await setup(env.id, [{ key: "a", title: "A" }, { key: "b", title: "B", dependsOn: ["a"] }]);
    expect(await status()).toBe("provisioning");
    const [a] = await claimRunnableSteps(store.pool, "w1", LEASE, 10).then((s) => s.filter((x) => x.operationId === op.id));
    await failStep(store.pool, a!.id, "w1", { code: "QuotaExceeded", message: "no quota" });
    expect(await status()).toBe("failed");
    await retryOperation(store.pool, op.id);
    expect(await status()).toBe("provisioning");
    for (const key of ["a", "b"]) {
      const [s] = (await claimRunnableSteps(store.pool, "w1", LEASE, 10)).filter((x) => x.operationId === op.id);
      expect(s?.key).toBe(key);
      await completeStep(store.pool, s!.id, "w1");
    }
    expect(await status()).toBe("ready");
    // Other kinds leave the status alone.
    const other = await createOperation(store.pool, { environmentId: env.id, kind: "upgrade", requestedBy: "ada", steps: [{ key: "x", title: "X" }] });
    await cancelOperation(store.pool, other.id);
    expect(await status()).toBe("ready");
  });
});

/**
 * The executor end to end: real SDK clients against the local Azure, the real store on a fresh
 * PostgreSQL database. Ports 46443 (ARM) / 46444 (Entra).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { createEnvironment } from "@/lib/store/environments";
import { OperationInProgressError } from "@/lib/store/errors";
import { cancelOperation, getOperation, retryOperation } from "@/lib/store/operations";
import { startSetupOperation } from "./start-setup";
import { startExecutorHarness, windows, type ExecutorHarness } from "./testing/executor-harness";

let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness({ armPort: 46443, entraPort: 46444, timeScale: 0.005 });
});

beforeEach(() => {
  h.stack.arm.faults.clear();
});

afterAll(async () => {
  await h?.close();
});

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

describe("setup operation executor (local Azure, real store)", () => {
  it("provisions a whole plan with independent steps in parallel; a second operation is refused; a re-run changes nothing", async () => {
    const { environment, plan } = await h.environment("prod", "p0a1b");
    const op = await startSetupOperation(h.store.pool, environment, plan, { id: "admin-oid" });
    expect(op.steps.map((s) => s.key)).not.toContain("openhands.namespaces"); // an Azure-only plan (no openhands settings): no deploy steps
    await expect(startSetupOperation(h.store.pool, environment, plan, "admin-oid")).rejects.toBeInstanceOf(OperationInProgressError);

    const worker = h.worker();
    const done = await h.waitFor(op.id, ["succeeded", "failed"], 90_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(done.steps.every((s) => s.status === "succeeded")).toBe(true);
    const w = windows(done);
    // AKS, Redis and PostgreSQL are independent once the network exists: their windows overlap.
    expect(overlaps(w.aks!, w.redis!)).toBe(true);
    expect(overlaps(w.aks!, w.postgres!)).toBe(true);
    expect(overlaps(w.redis!, w.storage!)).toBe(true);
    // …and dependencies are respected.
    expect(w.vnet![1]).toBeLessThanOrEqual(w.aks![0]);
    expect(w.postgres![1]).toBeLessThanOrEqual(w["postgres-databases"]![0]);

    const pg = await h.stack.clients().postgres.servers.get("rg-openhands-prod", "db-openhands-prod-p0a1b");
    expect(pg.network?.delegatedSubnetResourceId).toMatch(/snet-openhands-db$/);
    const dbs: string[] = [];
    for await (const d of h.stack.clients().postgres.databases.listByServer("rg-openhands-prod", "db-openhands-prod-p0a1b")) dbs.push(d.name ?? "");
    expect(dbs).toEqual(expect.arrayContaining(["openhands", "keycloak", "litellm", "runtime_api_db"]));
    const tls = await h.stack.clients().postgres.configurations.get("rg-openhands-prod", "db-openhands-prod-p0a1b", "require_secure_transport");
    expect(tls.value?.toLowerCase()).toBe("on");
    const aks = await h.stack.clients().containerService.managedClusters.get("rg-openhands-prod", "aks-openhands-prod");
    expect(aks.agentPoolProfiles?.find((p) => p.name === "sandbox")?.nodeTaints).toEqual(["openhands.dev/sandbox=true:NoSchedule"]);
    const redis = await h.stack.clients().redis.redis.get("rg-openhands-prod", "cache-openhands-prod-p0a1b");
    expect(redis.enableNonSslPort).toBe(true);
    // The generated admin password is not in the stored plan, outputs or poller states.
    const stored = await h.store.pool.query<{ t: string }>("SELECT (SELECT plan::text FROM operation_plans WHERE operation_id = $1) || string_agg(coalesce(output::text,'') || coalesce(poller_state::text,''), '') AS t FROM operation_steps WHERE operation_id = $1", [op.id]);
    expect(stored.rows[0]?.t).not.toMatch(/Oh-[A-Za-z0-9]{20,}/);
    expect(stored.rows[0]?.t).not.toMatch(/primaryKey|secondaryKey|accessKeys|administratorLoginPassword"\s*:\s*"/);

    // Running setup again on the existing environment: every step "unchanged", nothing PUT.
    const puts = h.countPuts("/subscriptions/");
    const again = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const rerun = await h.waitFor(again.id, ["succeeded", "failed"], 60_000);
    expect(rerun.status).toBe("succeeded");
    expect(rerun.steps.map((s) => [s.key, s.status])).toEqual(rerun.steps.map((s) => [s.key, "skipped"]));
    for (const s of rerun.steps) expect(s.output).toMatchObject({ change: "unchanged", summary: expect.stringContaining("unchanged") });
    expect(puts()).toBe(0);
    await worker.stop();
  }, 120_000);

  it("a worker killed mid-LRO: another worker resumes the saved poller after the lease expires; no duplicate PUT", async () => {
    const { environment, plan } = await h.environment("stage", "s0a1b");
    h.setTimeScale(0.02); // AKS ≈ 19 s: time to kill the worker while it polls
    const aksPuts = h.countPuts("/managedClusters/aks-openhands-stage");
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const first = h.worker({ owner: "worker-a" });
    // Wait until the AKS step has submitted its PUT and saved the poller.
    const until = Date.now() + 30_000;
    for (;;) {
      const cur = await h.waitFor(op.id, ["running", "pending"]);
      const aksStep = cur.steps.find((s) => s.key === "aks");
      if (aksStep?.pollerState && Object.keys(aksStep.pollerState as object).length > 0) break;
      if (Date.now() > until) throw new Error("AKS poller never saved");
      await new Promise((r) => setTimeout(r, 50));
    }
    await first.stop(); // like kill -9 for the step: nothing is failed, the lease stays
    const killed = await h.waitFor(op.id, ["running"]);
    expect(killed.steps.find((s) => s.key === "aks")).toMatchObject({ status: "running", leaseOwner: "worker-a" });
    h.setTimeScale(0.005);

    const second = h.worker({ owner: "worker-b" });
    const done = await h.waitFor(op.id, ["succeeded", "failed"], 90_000);
    expect(done.status).toBe("succeeded");
    expect(second.lines.some((l) => /step aks: aks: resuming the saved ARM operation/.test(l))).toBe(true);
    expect(aksPuts()).toBe(1);
    const clusters: string[] = [];
    for await (const c of h.stack.clients().containerService.managedClusters.listByResourceGroup("rg-openhands-stage")) clusters.push(c.name ?? "");
    expect(clusters).toEqual(["aks-openhands-stage"]);
    await second.stop();
  }, 120_000);

  it("QuotaExceeded on AKS fails the step with ARM's code and the quota remedy; Retry then succeeds", async () => {
    const { environment, plan } = await h.environment("quota", "q0a1b");
    h.setTimeScale(0);
    h.stack.arm.faults.add({
      match: { method: "PUT", path: "/managedClusters/aks-openhands-quota" },
      action: { type: "error", code: "QuotaExceeded", message: "Operation could not be completed as it results in exceeding approved standardDDSv5Family Cores quota. Location: eastus" },
    });
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const worker = h.worker();
    const failed = await h.waitFor(op.id, ["failed", "succeeded"]);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "QuotaExceeded", stepKey: "aks" });
    const aksStep = failed.steps.find((s) => s.key === "aks")!;
    expect(aksStep.error?.message).toContain("standardDDSv5Family");
    expect(aksStep.error?.remedy).toMatch(/request more vCPU quota for standardDDSv5Family in region eastus.*smaller VM size/i);
    await retryOperation(h.store.pool, op.id);
    const retried = await h.waitFor(op.id, ["failed", "succeeded"]);
    expect(retried.status).toBe("succeeded");
    await worker.stop();
  }, 120_000);

  it("a 429 storm is retried honouring Retry-After, 500s are retried, and both succeed", async () => {
    const { environment, plan } = await h.environment("storm", "t0a1b");
    h.setTimeScale(0);
    h.stack.arm.faults.add({ match: { method: "PUT", path: "/managedClusters/aks-openhands-storm" }, count: 5, action: { type: "throttle", retryAfterSeconds: 1 } });
    h.stack.arm.faults.add({ match: { method: "PUT", path: "/redis/cache-openhands-storm" }, count: 5, action: { type: "error", code: "InternalServerError", status: 500 } });
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const worker = h.worker();
    const done = await h.waitFor(op.id, ["failed", "succeeded"], 90_000);
    expect(done.error).toBeNull();
    const w = windows(done);
    // Five 429s each saying "Retry-After: 1": the AKS step cannot have finished in under 5 s.
    expect(w.aks![1] - w.aks![0]).toBeGreaterThanOrEqual(4900);
    expect(worker.lines.some((l) => /step aks: transient TooManyRequests/.test(l))).toBe(true);
    expect(worker.lines.some((l) => /step redis: transient InternalServerError/.test(l))).toBe(true);
    expect(h.stack.arm.faults.list().filter((r) => r.remaining > 0 && r.action.type !== "stall")).toEqual([]);
    await worker.stop();
  }, 120_000);

  it("an LRO failing midway fails the step with ARM's code; Retry succeeds", async () => {
    const { environment, plan } = await h.environment("midway", "m0a1b");
    h.setTimeScale(0.005);
    h.stack.arm.faults.add({ match: { method: "PUT", path: "/storageAccounts/stopenhandsmidwaym0a1b" }, action: { type: "failLro", code: "InternalOperationError", message: "The storage cluster failed while creating the account" } });
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const worker = h.worker();
    const failed = await h.waitFor(op.id, ["failed", "succeeded"], 60_000);
    expect(failed.status).toBe("failed");
    expect(failed.steps.find((s) => s.key === "storage")?.error).toMatchObject({ code: "InternalOperationError", message: expect.stringContaining("storage cluster failed") });
    // Independent steps that had started still finish; dependents of the failed step never start.
    expect(failed.steps.find((s) => s.key === "storage-containers")?.status).toBe("pending");
    await retryOperation(h.store.pool, op.id);
    expect((await h.waitFor(op.id, ["failed", "succeeded"], 60_000)).status).toBe("succeeded");
    await worker.stop();
  }, 120_000);

  it("a restart of the local Azure mid-operation: the operation completes", async () => {
    const { environment, plan } = await h.environment("restart", "r0a1b");
    h.setTimeScale(0.01);
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const worker = h.worker();
    const until = Date.now() + 30_000;
    while (!(await h.waitFor(op.id, ["running", "pending"])).steps.some((s) => s.key === "aks" && s.pollerState)) {
      if (Date.now() > until) throw new Error("AKS never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    await h.stack.restartArm(); // keeps its data folder: resources and in-flight operations persist
    const done = await h.waitFor(op.id, ["failed", "succeeded"], 90_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    await worker.stop();
  }, 120_000);

  it("runs the plan buildPlan makes from a wizard input (every Azure step; the deploy steps run in deploy.integration.test.ts)", async () => {
    h.setTimeScale(0);
    // This harness's local Azure has no simulated Kubernetes API: run the plan's Azure part only.
    const { openhands: _deploy, ...plan } = buildPlan(makeSetupInput({ environment: { name: "team", subscriptionId: h.stack.subscriptionId, region: "eastus" } }));
    const environment = await createEnvironment(h.store.pool, {
      name: "team", subscriptionId: h.stack.subscriptionId, region: "eastus", resourceGroup: plan.environment.resourceGroup, createdBy: "test-admin",
    });
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    expect(op.steps.map((s) => s.key)).toEqual(plan.steps.filter((s) => s.kind.startsWith("arm.")).map((s) => s.key));
    const worker = h.worker();
    const done = await h.waitFor(op.id, ["failed", "succeeded"], 90_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    for (const r of plan.resources.filter((x) => x.type === "Microsoft.ContainerService/managedClusters")) {
      expect((await h.stack.clients().containerService.managedClusters.get(r.resourceGroup, r.name)).provisioningState).toBe("Succeeded");
    }
    // A second run of the same plan: every step unchanged.
    const again = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const rerun = await h.waitFor(again.id, ["failed", "succeeded"], 60_000);
    expect(rerun.steps.filter((s) => s.status !== "skipped").map((s) => [s.key, s.output])).toEqual([]);
    await worker.stop();
  }, 120_000);

  it("Cancel: running steps stop at their next lease renewal, nothing else starts, the operation stays canceled", async () => {
    const { environment, plan } = await h.environment("cancel", "c0a1b");
    h.setTimeScale(0.02);
    const op = await startSetupOperation(h.store.pool, environment, plan, "admin-oid");
    const worker = h.worker();
    const until = Date.now() + 30_000;
    while (!(await h.waitFor(op.id, ["running", "pending"])).steps.some((s) => s.key === "aks" && s.status === "running")) {
      if (Date.now() > until) throw new Error("AKS never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    await cancelOperation(h.store.pool, op.id);
    await new Promise((r) => setTimeout(r, 1500)); // > one lease renewal (leaseMs / 3)
    expect(worker.running).toBe(0);
    const after = await getOperation(h.store.pool, op.id);
    expect(after?.status).toBe("canceled");
    expect(after?.steps.filter((s) => s.status === "running" || s.status === "failed")).toEqual([]);
    expect(after?.steps.find((s) => s.key === "aks")?.status).toBe("canceled");
    await worker.stop();
  }, 60_000);
});

import { describe, expect, it } from "vitest";
import { advance, DEPLOY, makeCluster, makeDeployment, makePdb, makePod, PDB, podsOf } from "./test-fixtures";
import { upgradeCluster, upgradePool, type UpgradeResult } from "./upgrade";
import { budgetStatus, checkEviction } from "./controllers/disruption";
import { nodeVersion } from "./controllers/nodes";
import type { SimulatedCluster } from "./cluster";
import type { ManualClock } from "./clock";
import type { PodDisruptionBudget } from "./model";

async function run(cluster: SimulatedCluster, clock: ManualClock, p: Promise<UpgradeResult>, maxMs = 3_600_000): Promise<UpgradeResult> {
  let result: UpgradeResult | undefined;
  void p.then((r) => (result = r));
  for (let t = 0; t < maxMs && !result; t += 5000) await advance(cluster, clock, 5000, 2500);
  if (!result) throw new Error("upgrade did not finish");
  return result;
}

describe("PodDisruptionBudget rules", () => {
  const pods = [1, 2, 3].map((i) => ({ ...makePod({ labels: { app: "web" } }), metadata: { ...makePod().metadata, name: `p${i}`, labels: { app: "web" } } }));
  const pdb = (spec: { minAvailable?: number | string; maxUnavailable?: number | string }) => makePdb("b", "web", spec);

  it("computes allowed disruptions from minAvailable / maxUnavailable (numbers and percentages)", () => {
    expect(budgetStatus(pdb({ minAvailable: 2 }), pods)).toEqual({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3 });
    expect(budgetStatus(pdb({ maxUnavailable: 0 }), pods).disruptionsAllowed).toBe(0);
    expect(budgetStatus(pdb({ maxUnavailable: "34%" }), pods).disruptionsAllowed).toBe(2);
    expect(budgetStatus(pdb({ minAvailable: "100%" }), pods).disruptionsAllowed).toBe(0);
  });

  it("refuses an eviction that would break the budget with 429, allows it otherwise", () => {
    expect(() => checkEviction(pods[0]!, [pdb({ maxUnavailable: 0 })], pods)).toThrow(/would violate the pod's disruption budget/);
    expect(checkEviction(pods[0]!, [pdb({ maxUnavailable: 1 })], pods)?.metadata.name).toBe("b");
    expect(checkEviction(pods[0]!, [], pods)).toBeUndefined();
  });
});

describe("AKS node-pool upgrade", () => {
  const system = { name: "system", count: 2, vmSize: "Standard_D4s_v3", mode: "System" as const };

  it("surges, cordons and drains node by node, and ends with every node on the new version", async () => {
    const { cluster, clock } = makeCluster([system]);
    cluster.store.create(DEPLOY, makeDeployment("web", { replicas: 3 }));
    cluster.store.create(PDB, makePdb("web", "web", { minAvailable: 2 }));
    await advance(cluster, clock, 5000);
    const before = cluster.nodes("system").map((n) => n.metadata.name);
    let maxNodes = 0;
    let sawCordon = false;
    const p = upgradePool(cluster, "system", "1.32.4", { maxSurge: 1 });
    const watcher = setInterval(() => {
      maxNodes = Math.max(maxNodes, cluster.nodes("system").length);
      sawCordon ||= cluster.nodes("system").some((n) => n.spec.unschedulable);
    }, 0);
    const result = await run(cluster, clock, p);
    clearInterval(watcher);
    expect(result.ok).toBe(true);
    const after = cluster.nodes("system");
    expect(after).toHaveLength(2);
    expect(after.every((n) => nodeVersion(n) === "1.32.4")).toBe(true);
    expect(after.some((n) => before.includes(n.metadata.name))).toBe(false);
    expect(maxNodes).toBe(3);
    expect(sawCordon).toBe(true);
    expect(cluster.pools()[0]?.orchestratorVersion).toBe("1.32.4");
    await advance(cluster, clock, 5000);
    expect(podsOf(cluster, "web").filter((p) => p.status?.phase === "Running")).toHaveLength(3);
  }, 30_000);

  it("fails with AKS's drain error when a PDB allows zero disruptions, and succeeds once the PDB is relaxed", async () => {
    const { cluster, clock } = makeCluster([{ ...system, count: 1 }]);
    cluster.store.create(DEPLOY, makeDeployment("sandbox", { replicas: 1 }));
    cluster.store.create(PDB, makePdb("sandbox-pdb", "sandbox", { maxUnavailable: 0 }));
    await advance(cluster, clock, 5000);
    const oldNode = cluster.nodes("system")[0]!.metadata.name;
    const failed = await run(cluster, clock, upgradePool(cluster, "system", "1.32.4", { drainTimeoutInMinutes: 5 }));
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe("UpgradeFailed");
    expect(failed.error.message).toMatch(new RegExp(`^Drain node ${oldNode} failed when evicting pod sandbox-\\w+-\\w+ failed with Too Many Requests error\\. This is often caused by a restrictive Pod Disruption Budget \\(PDB\\) policy\\.`));
    expect(failed.error.message).toContain("blocked by pdb sandbox-pdb with 0 unready pods");
    expect(failed.error.pdb).toBe("sandbox-pdb");
    expect(cluster.nodes("system").find((n) => n.metadata.name === oldNode)?.spec.unschedulable).toBe(true);
    expect(podsOf(cluster, "sandbox")[0]?.spec.nodeName).toBe(oldNode);

    cluster.store.mutate(PDB, "default", "sandbox-pdb", (d) => {
      (d as PodDisruptionBudget).spec.maxUnavailable = 1;
    });
    const retried = await run(cluster, clock, upgradePool(cluster, "system", "1.32.4"));
    expect(retried.ok).toBe(true);
    expect(cluster.nodes("system")).toHaveLength(1);
    expect(nodeVersion(cluster.nodes("system")[0]!)).toBe("1.32.4");
  }, 30_000);

  it("a cluster upgrade moves the control plane, then every pool in turn", async () => {
    const { cluster, clock } = makeCluster([{ ...system, count: 1 }, { name: "user", count: 1, vmSize: "Standard_D2s_v3" }]);
    await advance(cluster, clock, 3000);
    const result = await run(cluster, clock, upgradeCluster(cluster, "1.32.4"));
    expect(result.ok).toBe(true);
    expect(cluster.kubernetesVersion).toBe("1.32.4");
    expect(cluster.nodes().map(nodeVersion)).toEqual(["1.32.4", "1.32.4"]);
    expect(cluster.pools().map((p) => p.orchestratorVersion)).toEqual(["1.32.4", "1.32.4"]);
  }, 30_000);

  it("stops with an error instead of spinning when the cluster is closed mid-upgrade", async () => {
    const { cluster, clock } = makeCluster([{ ...system, count: 1 }]);
    const p = upgradePool(cluster, "system", "1.32.4");
    const outcome = p.then(() => "resolved", (e: Error) => e.message);
    await advance(cluster, clock, 2000);
    cluster.close();
    clock.set(clock.now() + 60_000);
    expect(await outcome).toMatch(/was closed/);
  });
});

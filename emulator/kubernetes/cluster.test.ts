import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { advance, DEPLOY, eventsFor, makeCluster, makeDeployment, podsOf } from "./test-fixtures";
import { createCluster } from "./cluster";
import { ManualClock } from "./clock";
import type { Deployment, Pod } from "./model";
import { podStatusText } from "./api/table";

const system = { name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" as const };

function waitingReason(p: Pod): string | undefined {
  return p.status?.containerStatuses?.[0]?.state.waiting?.reason;
}

describe("simulated cluster: pod lifecycle", () => {
  it("starts with nodes from the pools and the AKS system add-ons running", async () => {
    const { cluster, clock } = makeCluster([system, { name: "user", count: 2, vmSize: "Standard_D8s_v3", nodeLabels: { tier: "app" } }]);
    await advance(cluster, clock, 5000);
    const nodes = cluster.nodes();
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual([expect.stringMatching(/^aks-system-\d{8}-vmss000000$/), expect.stringMatching(/^aks-user-\d{8}-vmss000000$/), expect.stringMatching(/^aks-user-\d{8}-vmss000001$/)].sort());
    const user = cluster.nodes("user")[0]!;
    expect(user.status?.capacity).toMatchObject({ cpu: "8", memory: `${32 * 1024 * 1024}Ki` });
    expect(user.metadata.labels).toMatchObject({ agentpool: "user", tier: "app", "node.kubernetes.io/instance-type": "Standard_D8s_v3" });
    expect(user.status?.nodeInfo?.kubeletVersion).toBe("v1.31.2");
    const coredns = (cluster.store.list(DEPLOY, "kube-system") as Deployment[]).find((d) => d.metadata.name === "coredns");
    expect(coredns?.status?.readyReplicas).toBe(2);
  });

  it("walks pods Pending → ContainerCreating → Running → Ready with events, and completes the rollout", async () => {
    const { cluster, clock } = makeCluster([system]);
    cluster.store.create(DEPLOY, makeDeployment("web", { replicas: 3 }));
    cluster.reconcile();
    const [first] = podsOf(cluster, "web");
    expect(first?.spec.nodeName).toBeTruthy();
    expect(podStatusText(first!)).toBe("Pending");
    await advance(cluster, clock, 500);
    expect(podStatusText(podsOf(cluster, "web")[0]!)).toBe("ContainerCreating");
    await advance(cluster, clock, 1500);
    const running = podsOf(cluster, "web")[0]!;
    expect(running.status?.phase).toBe("Running");
    expect(running.status?.podIP).toMatch(/^10\.244\./);
    await advance(cluster, clock, 1000);
    const d = cluster.store.get(DEPLOY, "default", "web") as Deployment;
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    const events = eventsFor(cluster, first!.metadata.name).map((e) => e.split(":")[0]);
    expect(events).toEqual(expect.arrayContaining(["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
  });

  it("an image tag that does not exist ends in ErrImagePull then ImagePullBackOff, and the rollout stalls", async () => {
    const { cluster, clock } = makeCluster([system]);
    cluster.store.create(DEPLOY, makeDeployment("bad", { replicas: 1, image: "nginx:does-not-exist" }));
    await advance(cluster, clock, 2500);
    expect(waitingReason(podsOf(cluster, "bad")[0]!)).toBe("ErrImagePull");
    await advance(cluster, clock, 1000);
    const pod = podsOf(cluster, "bad")[0]!;
    expect(waitingReason(pod)).toBe("ImagePullBackOff");
    expect(pod.status?.phase).toBe("Pending");
    expect(eventsFor(cluster, pod.metadata.name).join("\n")).toMatch(/Failed to pull image "nginx:does-not-exist"/);
    await advance(cluster, clock, 610_000, 5000);
    const d = cluster.store.get(DEPLOY, "default", "bad") as Deployment;
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded" });
  }, 20_000);

  it("rolls a new template out within maxSurge/maxUnavailable and keeps the old ReplicaSet at zero", async () => {
    const { cluster, clock } = makeCluster([system]);
    cluster.store.create(DEPLOY, makeDeployment("web", { replicas: 4 }));
    await advance(cluster, clock, 4000);
    cluster.store.mutate(DEPLOY, "default", "web", (d) => {
      (d as Deployment).spec.template.spec.containers[0]!.image = "nginx:1.28";
    });
    let maxPods = 0;
    for (let i = 0; i < 40; i++) {
      await advance(cluster, clock, 250);
      maxPods = Math.max(maxPods, podsOf(cluster, "web").filter((p) => !p.metadata.deletionTimestamp).length);
    }
    expect(maxPods).toBeLessThanOrEqual(5); // 4 + 25% surge
    const pods = podsOf(cluster, "web");
    expect(pods.every((p) => p.spec.containers[0]!.image === "nginx:1.28")).toBe(true);
    expect(pods).toHaveLength(4);
    const d = cluster.store.get(DEPLOY, "default", "web") as Deployment;
    expect(d.metadata.generation).toBe(2);
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
  });
});

describe("simulated cluster: capacity and autoscaling", () => {
  it("leaves pods Pending with FailedScheduling when full, and the autoscaler adds nodes up to maxCount", async () => {
    const pool = { name: "sandbox", count: 1, vmSize: "Standard_D4s_v3", enableAutoScaling: true, minCount: 1, maxCount: 2, nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] };
    const counts: number[] = [];
    const clock = new ManualClock();
    const cluster = createCluster({ name: "aks-test", kubernetesVersion: "1.31.2", pools: [system, pool], clock, autoRun: false, onPoolCountChange: (_p, n) => counts.push(n) });
    const tolerations = [{ key: "openhands.dev/sandbox", operator: "Exists" as const, effect: "NoSchedule" as const }];
    cluster.store.create(DEPLOY, makeDeployment("sbx", { replicas: 6, cpu: "1", nodeSelector: { "openhands.dev/sandbox": "true" }, tolerations }));
    cluster.reconcile();
    const pending = podsOf(cluster, "sbx").filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(3); // 3 × 1 CPU fit in 3860m allocatable
    expect(eventsFor(cluster, pending[0]!.metadata.name).join("\n")).toMatch(/FailedScheduling: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) didn't match Pod's node affinity\/selector/);
    expect(eventsFor(cluster, pending[0]!.metadata.name).join("\n")).toMatch(/TriggeredScaleUp/);
    await advance(cluster, clock, 30_000, 1000);
    expect(cluster.nodes("sandbox")).toHaveLength(2);
    expect(counts).toEqual([2]);
    const stillPending = podsOf(cluster, "sbx").filter((p) => !p.spec.nodeName);
    expect(stillPending).toHaveLength(0);
  });

  it("setPools follows agent pool count changes and removed pools", async () => {
    const { cluster, clock } = makeCluster([system, { name: "user", count: 1, vmSize: "Standard_D2s_v3" }]);
    cluster.setPools([system, { name: "user", count: 3, vmSize: "Standard_D2s_v3", nodeTaints: ["dedicated=user:NoSchedule"] }]);
    expect(cluster.nodes("user")).toHaveLength(3);
    expect(cluster.nodes("user").every((n) => n.spec.taints?.some((t) => t.key === "dedicated"))).toBe(true);
    await advance(cluster, clock, 25_000, 1000);
    expect(cluster.nodes("user").every((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))).toBe(true);
    cluster.setPools([system]);
    expect(cluster.nodes("user")).toHaveLength(0);
    expect(() => cluster.setPools([{ ...system, nodeTaints: ["bad taint"] }])).toThrow(/invalid node taint/);
  });
});

describe("simulated cluster: persistence", () => {
  it("restores objects, pools and the resourceVersion from its snapshot file", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "kube-persist-")), "cluster.json");
    const clock = new ManualClock();
    const a = createCluster({ name: "aks-p", kubernetesVersion: "1.31.2", pools: [system], clock, autoRun: false, persistFile: file });
    a.store.create(DEPLOY, makeDeployment("web", { replicas: 2 }));
    await advance(a, clock, 4000);
    const rv = a.store.resourceVersion;
    a.close();
    const b = createCluster({ name: "aks-p", kubernetesVersion: "9.9.9", pools: [], clock, autoRun: false, persistFile: file });
    expect(b.store.resourceVersion).toBe(rv);
    expect(b.kubernetesVersion).toBe("1.31.2");
    expect(b.pools().map((p) => p.name)).toEqual(["system"]);
    expect(podsOf(b, "web").every((p) => p.status?.phase === "Running")).toBe(true);
    b.store.create(DEPLOY, makeDeployment("api", { replicas: 1 }));
    await advance(b, clock, 4000);
    expect(podsOf(b, "api")[0]?.status?.phase).toBe("Running");
    b.close();
  });
});

/** Fixture factories and a time stepper for unit tests of the simulation (no timers, ManualClock). */
import { applyDefaults } from "./admission";
import { createCluster, type AgentPoolSpec, type SimulatedCluster } from "./cluster";
import { ManualClock } from "./clock";
import type { Deployment, NodeObject, Pod, PodDisruptionBudget } from "./model";
import { typeOf } from "./resources";
import { buildNode } from "./controllers/nodes";

export function makeCluster(pools: AgentPoolSpec[], opts: { imageExists?: (i: string) => boolean } = {}): { cluster: SimulatedCluster; clock: ManualClock } {
  const clock = new ManualClock();
  const cluster = createCluster({ name: "aks-test", kubernetesVersion: "1.31.2", pools, clock, autoRun: false, ...opts });
  return { cluster, clock };
}

/** Advances simulated time in steps, running the controllers and letting async work (upgrades) progress. */
export async function advance(cluster: SimulatedCluster, clock: ManualClock, ms: number, step = 250): Promise<void> {
  const end = clock.now() + ms;
  while (clock.now() < end) {
    clock.set(Math.min(end, clock.now() + step));
    cluster.reconcile();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

export function makeDeployment(name: string, overrides: { replicas?: number; image?: string; cpu?: string; memory?: string; nodeSelector?: Record<string, string>; tolerations?: Pod["spec"]["tolerations"]; namespace?: string } = {}): Deployment {
  const d: Deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: overrides.namespace ?? "default", uid: "", resourceVersion: "", creationTimestamp: "" },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name, image: overrides.image ?? "nginx:1.27", resources: { requests: { cpu: overrides.cpu ?? "100m", memory: overrides.memory ?? "64Mi" } } }],
          ...(overrides.nodeSelector ? { nodeSelector: overrides.nodeSelector } : {}),
          ...(overrides.tolerations ? { tolerations: overrides.tolerations } : {}),
        },
      },
    },
  };
  applyDefaults(d);
  return d;
}

export function makePdb(name: string, app: string, spec: { minAvailable?: number | string; maxUnavailable?: number | string }): PodDisruptionBudget {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "" }, spec: { ...spec, selector: { matchLabels: { app } } } };
}

export function makeNode(pool: AgentPoolSpec, ready = true): NodeObject {
  const n = buildNode({ cluster: "c", location: "eastus", pool, index: 0, version: "1.31.2", ip: "10.0.0.4" });
  n.status!.conditions = ready ? [{ type: "Ready", status: "True" }] : [{ type: "Ready", status: "False" }];
  return n;
}

export function makePod(overrides: Partial<Pod["spec"]> & { cpu?: string; memory?: string; labels?: Record<string, string>; ready?: boolean } = {}): Pod {
  const { cpu, memory, labels, ready, ...spec } = overrides;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", uid: "u", resourceVersion: "1", creationTimestamp: "", labels: labels ?? {} },
    spec: { containers: [{ name: "c", image: "x:1", resources: { requests: { cpu: cpu ?? "100m", memory: memory ?? "64Mi" } } }], ...spec },
    status: { phase: "Running", conditions: [{ type: "Ready", status: ready === false ? "False" : "True" }] },
  };
}

export const DEPLOY = typeOf("Deployment");
export const POD = typeOf("Pod");
export const PDB = typeOf("PodDisruptionBudget");
export const EVENT = typeOf("Event");

export function podsOf(cluster: SimulatedCluster, app: string): Pod[] {
  return (cluster.store.list(POD, "default") as Pod[]).filter((p) => p.metadata.labels?.app === app);
}

export function eventsFor(cluster: SimulatedCluster, name: string): string[] {
  return cluster.store
    .list(EVENT)
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => `${String(e.reason)}: ${String(e.message)}`);
}

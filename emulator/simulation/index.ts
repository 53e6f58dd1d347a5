/**
 * The OpenHands simulation of the local Azure (see README.md): the simulated app in OpenHands
 * pods (health routes, readiness probes, logs), the ingress router, the workload of simulated
 * users, and AKS metrics. `attach` plugs into simulatedKubernetesApi({ attach }).
 */
import { z } from "zod";
import type { SimulatedCluster } from "../kubernetes";
import { AksMetrics } from "./aks-metrics";
import { ClusterWorkload } from "./cluster-workload";
import { ConsoleApp, consoleContainer } from "./console-app";
import { startIngressRouter, type RunningIngressRouter } from "./ingress-router";
import { OpenHandsApp } from "./openhands-app";
import { DEFAULT_WORKLOAD, type WorkloadSettings } from "./workload-plan";

export { OpenHandsApp } from "./openhands-app";
export { ConsoleApp } from "./console-app";
export { AksMetrics } from "./aks-metrics";
export { startIngressRouter, findRoute, routeForHost, type RunningIngressRouter } from "./ingress-router";
export { WorkloadPlanner, DEFAULT_WORKLOAD, type WorkloadSettings, type PlannedConversation } from "./workload-plan";

export interface OpenHandsSimulationOptions {
  /** Workload settings; `speed` defaults to the cluster's time scale (1 / the local Azure's). */
  workload?: Partial<WorkloadSettings>;
  /** false: no simulated users (app, ingress and metrics still work). */
  users?: boolean;
  log?: (line: string) => void;
  /** Workload tick (ms), default 1000. */
  tickMs?: number;
}

export interface OpenHandsSimulation {
  attach(sim: SimulatedCluster, info: { id: string; name: string }): () => void;
  readonly metrics: AksMetrics;
  readonly app: OpenHandsApp;
  clusters(): SimulatedCluster[];
  startIngress(port: number, host?: string): Promise<RunningIngressRouter>;
  close(): Promise<void>;
}

/** LOCAL_OPENHANDS_* settings of the local Azure process. */
export const simulationEnvSchema = z.object({
  LOCAL_OPENHANDS_USERS_PER_HOUR: z.coerce.number({ error: "must be a number ≥ 0" }).min(0, "must be ≥ 0").max(100_000, "must be ≤ 100000").default(DEFAULT_WORKLOAD.usersPerHour),
  LOCAL_OPENHANDS_SEED: z.coerce.number({ error: "must be an integer" }).int("must be an integer").default(DEFAULT_WORKLOAD.seed),
  LOCAL_OPENHANDS_STUCK_RATE: z.coerce.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(DEFAULT_WORKLOAD.stuckRate),
  LOCAL_OPENHANDS_ORPHAN_RATE: z.coerce.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(DEFAULT_WORKLOAD.orphanRate),
});

export function openHandsSimulation(opts: OpenHandsSimulationOptions = {}): OpenHandsSimulation {
  const app = new OpenHandsApp();
  // Pods of the console's own image (deploy/kubernetes) are decided by the console's checks.
  const consoleApp = new ConsoleApp();
  const metrics = new AksMetrics();
  const attached = new Map<string, { sim: SimulatedCluster; workload?: ClusterWorkload; detach: () => void }>();
  const log = opts.log ?? ((line: string) => console.log(line));
  const stopping: Promise<void>[] = [];
  const users = opts.users !== false && (opts.workload?.usersPerHour ?? DEFAULT_WORKLOAD.usersPerHour) > 0;

  return {
    app,
    metrics,
    attach(sim, info) {
      const key = info.id.toLowerCase();
      attached.get(key)?.detach();
      const openHandsProbe = app.probe(sim);
      const consoleProbe = consoleApp.probe(sim);
      sim.setReadinessProbe((pod) => consoleProbe(pod) ?? openHandsProbe(pod));
      sim.extraLog = (pod, container) => consoleApp.log(pod, container) ?? app.log(pod, container);
      const forget = sim.store.onChange((e) => {
        if (e.type !== "DELETED" || e.key !== "/pods") return;
        app.forget(e.object.metadata.uid);
        consoleApp.forget(e.object.metadata.uid);
      });
      const stopMetrics = metrics.watch(info.id, sim);
      const workload = users ? new ClusterWorkload(sim, app, { ...DEFAULT_WORKLOAD, speed: sim.timeScale, ...opts.workload }, log, opts.tickMs) : undefined;
      workload?.start();
      const detach = () => {
        if (attached.get(key)?.sim !== sim) return;
        attached.delete(key);
        forget();
        stopMetrics();
        stopping.push(workload?.stop() ?? Promise.resolve());
        sim.setReadinessProbe(undefined);
        sim.extraLog = undefined;
      };
      attached.set(key, { sim, ...(workload ? { workload } : {}), detach });
      return detach;
    },
    clusters: () => [...attached.values()].map((a) => a.sim).filter((s) => !s.isClosed),
    startIngress(port, host) {
      return startIngressRouter({
        port,
        ...(host ? { host } : {}),
        clusters: () => [...attached.values()].map((a) => a.sim).filter((s) => !s.isClosed),
        serve: async (cluster, pod, method, path) =>
          consoleContainer(pod) ? consoleApp.handle(cluster, pod, method, path) : app.environment(cluster, pod) ? app.handle(cluster, pod, method, path) : undefined,
      });
    },
    async close() {
      for (const a of [...attached.values()]) a.detach();
      await Promise.all(stopping);
    },
  };
}

/** Public surface of the emulated AKS Kubernetes API (see README.md in this folder). */
export { createCluster, SimulatedCluster, NODE_BOOT_MS, type ClusterOptions, type AgentPoolSpec } from "./cluster";
export { upgradePool, upgradeCluster, drainNode, DrainFailure, type UpgradeOptions, type UpgradeResult } from "./upgrade";
export { startKubeApiServer, type KubeApiServerOptions, type RunningKubeApiServer } from "./api/server";
export { kubeconfigFor, type KubeconfigOptions } from "./kubeconfig";
export { ManualClock, realClock, type Clock } from "./clock";
export { defaultImageExists } from "./controllers/kubelet";
export { vmCapacity } from "./controllers/nodes";
export { KubeApiError } from "./types";
export type { ReadinessProbe } from "./controllers/probes";
export type { LogLine } from "./workload-signals";

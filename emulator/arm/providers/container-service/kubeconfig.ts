/**
 * Cluster credentials (listClusterUserCredential / listClusterAdminCredential). Where kubectl
 * reaches a cluster comes from a pluggable hook: the Kubernetes API emulator plugs in there;
 * until then a per-cluster placeholder https://127.0.0.1:<port> is answered.
 */
import { createHash } from "node:crypto";
import type { ClusterInfo } from "./cluster-state";

export interface KubeAccess {
  server: string;
  /** PEM of the CA that signed the API server's certificate. */
  certificateAuthorityPem: string;
  token: string;
}

/** What the Kubernetes side may report back to ARM (e.g. the cluster autoscaler moved a pool). */
export interface ArmClusterFeedback {
  poolCountChanged(clusterId: string, pool: string, count: number): void;
}

export interface KubernetesApiHook {
  /** Called once at start with the way back into ARM. */
  connect?(arm: ArmClusterFeedback): void;
  /** Endpoint and credentials of a cluster's Kubernetes API for the given role. */
  access(cluster: ClusterInfo, role: "user" | "admin"): KubeAccess | Promise<KubeAccess>;
  /** A cluster finished creating or updating (versions, pools and counts may have changed). */
  onProvisioned?(cluster: ClusterInfo): void | Promise<void>;
  /**
   * Bring the Kubernetes side to `target` (versions and pools the ARM operation asks for). Called
   * on each settle while an AKS operation is due; idempotent. "running" keeps the ARM operation
   * in progress, an error fails it (e.g. UpgradeFailed when a PodDisruptionBudget blocks a drain).
   */
  reconcile?(target: ClusterInfo): "running" | "done" | { code: string; message: string };
  /** A cluster was deleted (directly or with its resource group). */
  onDeleted?(cluster: ClusterInfo): void | Promise<void>;
}

/** Stand-in until the Kubernetes API emulator exists: stable port per cluster in 31000–31999. */
export function placeholderKubernetesApi(caPem: string): KubernetesApiHook {
  return {
    access(cluster, role) {
      const n = Number.parseInt(createHash("sha256").update(cluster.id.toLowerCase()).digest("hex").slice(0, 6), 16);
      return { server: `https://127.0.0.1:${31000 + (n % 1000)}`, certificateAuthorityPem: caPem, token: cluster.tokens[role] };
    },
  };
}

function yamlString(v: string): string {
  return JSON.stringify(v);
}

export function kubeconfigYaml(cluster: ClusterInfo, role: "user" | "admin", access: KubeAccess): string {
  const context = role === "admin" ? `${cluster.name}-admin` : cluster.name;
  const user = `cluster${role === "admin" ? "Admin" : "User"}_${cluster.resourceGroup}_${cluster.name}`;
  const ca = Buffer.from(access.certificateAuthorityPem, "utf8").toString("base64");
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${ca}`,
    `    server: ${yamlString(access.server)}`,
    `  name: ${yamlString(cluster.name)}`,
    "contexts:",
    "- context:",
    `    cluster: ${yamlString(cluster.name)}`,
    `    user: ${yamlString(user)}`,
    `  name: ${yamlString(context)}`,
    `current-context: ${yamlString(context)}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    `- name: ${yamlString(user)}`,
    "  user:",
    `    token: ${yamlString(access.token)}`,
    "",
  ].join("\n");
}

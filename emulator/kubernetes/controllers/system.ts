/** The objects a fresh AKS cluster already has: the standard namespaces and CoreDNS / metrics-server in kube-system. */
import type { Deployment } from "../model";
import type { KubeObject } from "../types";

function meta(name: string, namespace?: string, labels?: Record<string, string>) {
  return { name, ...(namespace ? { namespace } : {}), uid: "", resourceVersion: "", creationTimestamp: "", ...(labels ? { labels } : {}) };
}

export function systemNamespaces(): KubeObject[] {
  return ["default", "kube-system", "kube-public", "kube-node-lease"].map((n) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: meta(n, undefined, { "kubernetes.io/metadata.name": n }),
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  }));
}

function addon(name: string, image: string, replicas: number, cpu: string, memory: string, port: number): Deployment {
  const labels = { "k8s-app": name, "kubernetes.azure.com/managedby": "aks" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(name, "kube-system", { ...labels, "addonmanager.kubernetes.io/mode": "Reconcile" }),
    spec: {
      replicas,
      selector: { matchLabels: { "k8s-app": name } },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-cluster-critical",
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
          containers: [{ name, image, ports: [{ containerPort: port, name: "http", protocol: "TCP" }], resources: { requests: { cpu, memory } } }],
        },
      },
    },
  };
}

export function systemAddons(): Deployment[] {
  return [
    addon("coredns", "mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.11.3-8", 2, "100m", "70Mi", 53),
    addon("metrics-server", "mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-7", 1, "50m", "80Mi", 4443),
  ];
}

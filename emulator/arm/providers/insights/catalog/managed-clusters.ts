/**
 * Microsoft.ContainerService/managedClusters platform metrics (AKS). Node metrics are split by
 * `node` and `nodepool`; the nodes are derived from the cluster's stored agent pools
 * (`properties.agentPoolProfiles[].name/count`) with AKS's VMSS naming, so `nodepool eq 'sandbox'`
 * answers for the pools the console created. AKS offers these metrics up to PT12H, not P1D.
 */
import type { TimeGrain } from "../timegrain";
import { constant, counter, gauge, hash32, instanceWeight, metric, percent } from "./define";
import type { DimensionInstance, MetricCatalog, MetricResource, MetricSpec } from "./types";
import { AVG_MIN_MAX } from "./types";

const AKS_GRAINS: readonly TimeGrain[] = ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H"];
const NODE = ["node", "nodepool"] as const;

function nodeMetric(name: string, displayName: string, description: string, unit: "Percent" | "Bytes" | "MilliCores", model: MetricSpec["model"]): MetricSpec {
  return metric(name, displayName, description, { unit, metricClass: "Saturation", primary: "Average", supported: AVG_MIN_MAX, grains: AKS_GRAINS, dimensions: NODE, model });
}

function clusterMetric(name: string, displayName: string, description: string, o: Partial<Parameters<typeof metric>[3]> & Pick<Parameters<typeof metric>[3], "unit" | "model">): MetricSpec {
  return metric(name, displayName, description, { metricClass: "Saturation", primary: "Average", supported: AVG_MIN_MAX, grains: AKS_GRAINS, ...o });
}

const metrics: MetricSpec[] = [
  nodeMetric("node_cpu_usage_percentage", "CPU Usage Percentage", "Aggregated average CPU utilization measured in percentage across the cluster", "Percent", percent(12, 68)),
  nodeMetric("node_cpu_usage_millicores", "CPU Usage Millicores", "Aggregated measurement of CPU utilization in millicores across the cluster", "MilliCores", gauge(240, 1360, 0.08)),
  nodeMetric("node_memory_working_set_percentage", "Memory Working Set Percentage", "Container working set memory used in percent", "Percent", percent(38, 71, 0.04)),
  nodeMetric("node_memory_working_set_bytes", "Memory Working Set Bytes", "Container working set memory used in bytes", "Bytes", gauge(2.6e9, 4.9e9, 0.04)),
  nodeMetric("node_memory_rss_percentage", "Memory RSS Percentage", "Container RSS memory used in percent", "Percent", percent(22, 48, 0.04)),
  nodeMetric("node_memory_rss_bytes", "Memory RSS Bytes", "Container RSS memory used in bytes", "Bytes", gauge(1.5e9, 3.3e9, 0.04)),
  nodeMetric("node_disk_usage_percentage", "Disk Used Percentage", "Disk space used in percent by device", "Percent", percent(17, 26, 0.01)),
  nodeMetric("node_disk_usage_bytes", "Disk Used Bytes", "Disk space used in bytes by device", "Bytes", gauge(2.2e10, 3.3e10, 0.01)),
  nodeMetric("node_network_in_bytes", "Network In Bytes", "Network received bytes", "Bytes", counter(4e6, 9e7)),
  nodeMetric("node_network_out_bytes", "Network Out Bytes", "Network transmitted bytes", "Bytes", counter(3e6, 6e7)),
  clusterMetric("kube_pod_status_ready", "Number of pods in Ready state", "Number of pods in Ready state", { unit: "Count", dimensions: ["namespace", "pod", "condition"], combine: "sum", model: constant(1, { integer: true }) }),
  clusterMetric("kube_pod_status_phase", "Number of pods by phase", "Number of pods by phase", { unit: "Count", dimensions: ["phase", "namespace", "pod"], combine: "sum", model: constant(1, { integer: true }) }),
  clusterMetric("kube_node_status_condition", "Statuses for various node conditions", "Statuses for various node conditions", { unit: "Count", dimensions: ["condition", "status", "node"], combine: "sum", model: constant(1, { integer: true }) }),
  clusterMetric("kube_node_status_allocatable_cpu_cores", "Total number of available cpu cores in a managed cluster", "Total number of available cpu cores in a managed cluster", { unit: "Count", dimensions: ["node"], combine: "sum", model: constant(1.9) }),
  clusterMetric("kube_node_status_allocatable_memory_bytes", "Total amount of available memory in a managed cluster", "Total amount of available memory in a managed cluster", { unit: "Bytes", dimensions: ["node"], combine: "sum", model: constant(5.4e9) }),
  clusterMetric("apiserver_cpu_usage_percentage", "API Server (PREVIEW) CPU Usage Percentage", "Maximum CPU percentage (based off current limit) used by API server pod across instances", { unit: "Percent", model: percent(4, 22) }),
  clusterMetric("apiserver_memory_usage_percentage", "API Server (PREVIEW) Memory Usage Percentage", "Maximum memory percentage (based off current limit) used by API server pod across instances", { unit: "Percent", model: percent(18, 35, 0.04) }),
  clusterMetric("apiserver_current_inflight_requests", "Inflight Requests", "Maximum number of currently active inflight requests on the API server per request kind", { unit: "Count", dimensions: ["requestKind"], combine: "sum", model: gauge(1, 14, 0.3, { integer: true }) }),
  clusterMetric("etcd_cpu_usage_percentage", "ETCD (PREVIEW) CPU Usage Percentage", "Maximum CPU percentage (based off current limit) used by ETCD pod across instances", { unit: "Percent", model: percent(2, 11) }),
  clusterMetric("etcd_memory_usage_percentage", "ETCD (PREVIEW) Memory Usage Percentage", "Maximum memory percentage (based off current limit) used by ETCD pod across instances", { unit: "Percent", model: percent(9, 16, 0.03) }),
  clusterMetric("etcd_database_usage_percentage", "ETCD (PREVIEW) Database Usage Percentage", "Maximum utilization of the ETCD database across instances", { unit: "Percent", model: percent(3, 5, 0.02) }),
  clusterMetric("cluster_autoscaler_cluster_safe_to_autoscale", "Cluster Health", "Determines whether or not cluster autoscaler will take action on the cluster", { unit: "Count", model: constant(1, { integer: true }) }),
  clusterMetric("cluster_autoscaler_scale_down_in_cooldown", "Scale Down Cooldown", "Determines if the scale down is in cooldown - No nodes will be removed during this timeframe", { unit: "Count", model: constant(0, { integer: true }) }),
  clusterMetric("cluster_autoscaler_unneeded_nodes_count", "Unneeded Nodes", "Cluster auotscaler marks those nodes as candidates for deletion and are eventually deleted", { unit: "Count", model: gauge(0, 2, 0.4, { integer: true }) }),
  clusterMetric("cluster_autoscaler_unschedulable_pods_count", "Unschedulable Pods", "Number of pods that are currently unschedulable in the cluster", { unit: "Count", model: gauge(0, 3, 0.5, { integer: true }) }),
];

interface Pool {
  name: string;
  count: number;
}

/** Agent pools from the stored cluster; a cluster without pools (or not yet stored) has one system pool. */
function pools(resource: MetricResource): Pool[] {
  const props = resource.body?.properties as { agentPoolProfiles?: unknown } | undefined;
  const list = Array.isArray(props?.agentPoolProfiles) ? props.agentPoolProfiles : [];
  const out: Pool[] = [];
  for (const p of list) {
    const rec = p as { name?: unknown; count?: unknown; minCount?: unknown };
    if (typeof rec.name !== "string") continue;
    const count = typeof rec.count === "number" ? rec.count : typeof rec.minCount === "number" ? rec.minCount : 1;
    out.push({ name: rec.name, count: Math.max(0, Math.min(50, Math.floor(count))) });
  }
  return out.length > 0 ? out : [{ name: "system", count: 2 }];
}

/** Node names as AKS gives them: aks-<pool>-<8 digits>-vmss<6 base-36 digits>. */
export function clusterNodes(resource: MetricResource): Array<{ node: string; nodepool: string }> {
  const nodes: Array<{ node: string; nodepool: string }> = [];
  for (const pool of pools(resource)) {
    const digits = String(hash32(`${resource.id.toLowerCase()}|${pool.name}`) % 100_000_000).padStart(8, "0");
    for (let i = 0; i < pool.count; i++) nodes.push({ node: `aks-${pool.name}-${digits}-vmss${i.toString(36).padStart(6, "0")}`, nodepool: pool.name });
  }
  return nodes;
}

function suffix(resource: MetricResource, key: string, length: number): string {
  return hash32(`${resource.id.toLowerCase()}|${key}`).toString(36).padStart(length, "0").slice(-length);
}

/** The pods a running OpenHands platform has (DESIGN §2), sandboxes scaled by the sandbox pool. */
function clusterPods(resource: MetricResource): Array<{ namespace: string; pod: string }> {
  const rs = (name: string) => `${name}-${suffix(resource, name, 9)}-${suffix(resource, `${name}/pod`, 5)}`;
  const pods = [
    { namespace: "kube-system", pod: rs("coredns") },
    { namespace: "kube-system", pod: rs("coredns-b") },
    { namespace: "kube-system", pod: rs("metrics-server") },
    { namespace: "kube-system", pod: rs("konnectivity-agent") },
    { namespace: "openhands", pod: rs("openhands") },
    { namespace: "openhands", pod: rs("openhands-b") },
    { namespace: "openhands", pod: "keycloak-0" },
    { namespace: "openhands", pod: rs("litellm") },
    { namespace: "openhands", pod: rs("runtime-api") },
  ];
  const sandboxNodes = clusterNodes(resource).filter((n) => n.nodepool.toLowerCase().includes("sandbox")).length;
  for (let i = 0; i < Math.max(1, sandboxNodes * 2); i++) pods.push({ namespace: "openhands-sandboxes", pod: `runtime-${suffix(resource, `sandbox-${i}`, 12)}` });
  return pods;
}

function instances(resource: MetricResource, spec: MetricSpec): DimensionInstance[] {
  const w = (key: string) => instanceWeight(resource.id, key);
  switch (spec.dimensions.join(",")) {
    case "node,nodepool":
      return clusterNodes(resource).map((n) => ({ dimensions: { node: n.node, nodepool: n.nodepool }, weight: w(n.node) }));
    case "node":
      return clusterNodes(resource).map((n) => ({ dimensions: { node: n.node }, weight: 1 }));
    case "namespace,pod,condition":
      return clusterPods(resource).map((p) => ({ dimensions: { namespace: p.namespace, pod: p.pod, condition: "true" }, weight: 1 }));
    case "phase,namespace,pod":
      return clusterPods(resource).map((p) => ({ dimensions: { phase: "Running", namespace: p.namespace, pod: p.pod }, weight: 1 }));
    case "condition,status,node":
      return clusterNodes(resource).map((n) => ({ dimensions: { condition: "Ready", status: "true", node: n.node }, weight: 1 }));
    case "requestKind":
      return [
        { dimensions: { requestKind: "readOnly" }, weight: 0.75 },
        { dimensions: { requestKind: "mutating" }, weight: 0.25 },
      ];
    default:
      return [{ dimensions: {}, weight: 1 }];
  }
}

export const managedClustersCatalog: MetricCatalog = {
  resourceType: "Microsoft.ContainerService/managedClusters",
  metrics,
  instances,
};

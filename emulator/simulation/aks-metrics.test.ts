import { describe, expect, it } from "vitest";
import { makeCluster, advance } from "../kubernetes/test-fixtures";
import { typeOf } from "../kubernetes/resources";
import type { NodeObject, Pod } from "../kubernetes/model";
import { applyDefaults } from "../kubernetes/admission";
import { AksMetrics, nodeSamples } from "./aks-metrics";
import type { SampleBuffer } from "../arm/providers/insights/metric-model";
import { managedClustersCatalog } from "../arm/providers/insights/catalog/managed-clusters";

const ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

function busyPod(name: string, cpu: string, memory: string): Pod {
  const p: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "" }, spec: { containers: [{ name: "c", image: "nginx:1.27", resources: { requests: { cpu, memory } } }] } };
  applyDefaults(p);
  return p;
}

describe("AKS metrics from the simulation", () => {
  it("derives node CPU and memory percentages from the requests of running pods", async () => {
    const { cluster, clock } = makeCluster([{ name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" }]);
    await advance(cluster, clock, 3000);
    const nodes = cluster.store.list(typeOf("Node")) as NodeObject[];
    const idle = nodeSamples(nodes, cluster.store.list(typeOf("Pod")) as Pod[], () => 0.5);
    cluster.store.create(typeOf("Pod"), busyPod("busy", "2", "6Gi"));
    await advance(cluster, clock, 5000);
    const busy = nodeSamples(nodes, cluster.store.list(typeOf("Pod")) as Pod[], () => 0.5);
    expect(busy[0]!.node).toBe(nodes[0]!.metadata.name);
    expect(busy[0]!.nodepool).toBe("system");
    expect(busy[0]!.cpuPercent - idle[0]!.cpuPercent).toBeGreaterThan(25);
    expect(busy[0]!.memoryPercent - idle[0]!.memoryPercent).toBeGreaterThan(25);
    expect(busy[0]!.cpuPercent).toBeLessThanOrEqual(100);
    cluster.close();
  });

  it("names the cluster's real nodes and pods as dimension instances and answers recorded minutes", async () => {
    const { cluster, clock } = makeCluster([{ name: "system", count: 2, vmSize: "Standard_D4s_v3", mode: "System" }]);
    await advance(cluster, clock, 3000);
    const metrics = new AksMetrics();
    const stop = metrics.watch(ID, cluster);
    const resource = { id: ID, type: "Microsoft.ContainerService/managedClusters", location: "eastus", body: undefined };
    const spec = managedClustersCatalog.metrics.find((m) => m.name === "node_cpu_usage_percentage")!;
    const instances = metrics.instances(resource, spec)!;
    expect(instances.map((i) => i.dimensions.node).sort()).toEqual(cluster.nodes().map((n) => n.metadata.name).sort());
    const ready = managedClustersCatalog.metrics.find((m) => m.name === "kube_pod_status_ready")!;
    expect(metrics.instances(resource, ready)!.some((i) => i.dimensions.namespace === "kube-system" && i.dimensions.pod!.startsWith("coredns-"))).toBe(true);
    expect(metrics.instances({ ...resource, id: `${ID}x` }, spec)).toBeUndefined();

    const minute = Math.floor(Date.now() / 60_000);
    const buffer: SampleBuffer = { from: minute, length: 1, total: new Float64Array(1), count: new Float64Array(1), minimum: new Float64Array(1), maximum: new Float64Array(1), has: new Uint8Array(1) };
    metrics.fill({ resource, metric: spec, instance: instances[0]! }, buffer, minute);
    expect(buffer.has[0]).toBe(1);
    expect(buffer.total[0]).toBeGreaterThan(0);
    stop();
    cluster.close();
  });
});

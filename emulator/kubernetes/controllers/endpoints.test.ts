import { describe, expect, it } from "vitest";
import { makeCluster, makePod, POD } from "../test-fixtures";
import { typeOf } from "../resources";
import type { Pod } from "../model";
import { reconcileEndpoints } from "./endpoints";

const SVC = typeOf("Service");
const EP = typeOf("Endpoints");
const SLICE = typeOf("EndpointSlice");

function pod(name: string, ip: string, portName: string, port: number, ready = true): Pod {
  const p = makePod({ labels: { app: "web" }, ready, nodeName: "node-1" });
  p.metadata = { ...p.metadata, name, uid: `uid-${name}` };
  p.spec.containers[0]!.ports = [{ name: portName, containerPort: port }];
  p.status!.podIP = ip;
  return p;
}

const service = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "" }, spec: { clusterIP: "10.0.0.20", selector: { app: "web" }, ports: [{ name: "web", port: 80, targetPort: "http" }] } };

describe("endpoints controller", () => {
  it("resolves a named targetPort per pod: pods naming it at different ports get separate subsets and slices", () => {
    const { cluster } = makeCluster([]);
    cluster.store.create(SVC, service);
    cluster.store.create(POD, pod("a", "10.244.0.2", "http", 8080));
    cluster.store.create(POD, pod("b", "10.244.0.3", "http", 9090, false));
    cluster.store.create(POD, pod("c", "10.244.0.4", "grpc", 7070)); // lacks the name: left out
    reconcileEndpoints(cluster.ctx);
    const ep = cluster.store.get(EP, "default", "web") as unknown as { subsets: unknown[] };
    expect(ep.subsets).toEqual([
      { addresses: [{ ip: "10.244.0.2", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "a", uid: "uid-a" } }], ports: [{ name: "web", port: 8080, protocol: "TCP" }] },
      { notReadyAddresses: [{ ip: "10.244.0.3", nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name: "b", uid: "uid-b" } }], ports: [{ name: "web", port: 9090, protocol: "TCP" }] },
    ]);
    const slices = cluster.store.list(SLICE, "default").filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === "web");
    expect(slices.map((s) => [(s.ports as { port: number }[])[0]!.port, (s.endpoints as { conditions: { ready: boolean } }[]).map((e) => e.conditions.ready)]).sort()).toEqual([[8080, [true]], [9090, [false]]]);
    // A quiet second pass writes nothing.
    const rv = cluster.store.resourceVersion;
    reconcileEndpoints(cluster.ctx);
    expect(cluster.store.resourceVersion).toBe(rv);
    cluster.close();
  });

  it("keeps 5,000 selected pods current in one pass, fast enough to run on every controller pass", () => {
    const { cluster } = makeCluster([]);
    cluster.store.create(SVC, service);
    for (let i = 0; i < 5000; i++) cluster.store.create(POD, pod(`p${i}`, `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`, "http", 8080));
    reconcileEndpoints(cluster.ctx);
    const start = performance.now();
    reconcileEndpoints(cluster.ctx);
    const ms = performance.now() - start;
    const ep = cluster.store.get(EP, "default", "web") as unknown as { subsets: { addresses: unknown[] }[] };
    expect(ep.subsets[0]!.addresses).toHaveLength(5000);
    expect(ms).toBeLessThan(1000); // ≈100–170 ms measured on the shared 2-core machine at load ≈8
    cluster.close();
  });
});

import { describe, expect, it } from "vitest";
import { createCluster } from "../kubernetes";
import { typeOf } from "../kubernetes/resources";
import { findRoute } from "./ingress-router";

const meta = (name: string) => ({ name, namespace: "openhands", uid: "", resourceVersion: "", creationTimestamp: "" });
const backend = (name: string) => ({ service: { name, port: { number: 80 } } });

function clusterWithIngresses() {
  const c = createCluster({ name: "aks-route", kubernetesVersion: "1.32.4", pools: [], autoRun: false });
  const ING = typeOf("Ingress");
  c.store.create(ING, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: meta("app"), spec: { rules: [{ host: "openhands-prod.localhost", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("openhands") }, { path: "/api/runtime", pathType: "Prefix", backend: backend("runtime-api") }] } }] } });
  c.store.create(ING, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: meta("wild"), spec: { rules: [{ host: "*.runtime.localhost", http: { paths: [{ path: "/", pathType: "Prefix", backend: backend("sandbox-router") }] } }] } });
  c.store.create(ING, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: meta("exact"), spec: { rules: [{ host: "exact.localhost", http: { paths: [{ path: "/health", pathType: "Exact", backend: backend("health") }] } }] } });
  return c;
}

describe("findRoute", () => {
  it("picks the rule by host and the longest matching path, wildcards for one label only", () => {
    const c = clusterWithIngresses();
    expect(findRoute([c], "openhands-prod.localhost", "/ready")?.service).toBe("openhands");
    expect(findRoute([c], "openhands-prod.localhost", "/api/runtime/list")?.service).toBe("runtime-api");
    expect(findRoute([c], "openhands-prod.localhost", "/api/runtimes")?.service).toBe("openhands");
    expect(findRoute([c], "abc.runtime.localhost", "/")?.service).toBe("sandbox-router");
    expect(findRoute([c], "a.b.runtime.localhost", "/")).toBeUndefined();
    expect(findRoute([c], "exact.localhost", "/health")?.service).toBe("health");
    expect(findRoute([c], "exact.localhost", "/health/x")).toBeUndefined();
    expect(findRoute([c], "other.localhost", "/")).toBeUndefined();
    c.close();
  });
});

import { describe, expect, it } from "vitest";
import { createCluster } from "../kubernetes";
import type { Container, Pod } from "../kubernetes/model";
import { typeOf } from "../kubernetes/resources";
import { ConsoleApp, consoleContainer } from "./console-app";

const meta = (name: string, namespace = "openhands-console") => ({ name, namespace, uid: "", resourceVersion: "", creationTimestamp: "" });
const pod = (containers: Container[]): Pod => ({ apiVersion: "v1", kind: "Pod", metadata: meta("p"), spec: { containers } }) as Pod;

describe("consoleContainer", () => {
  it("finds the console image under any registry, tag or digest, and nothing else", () => {
    for (const image of ["openhands-console", "openhands-console:local", "contosoacr.azurecr.io/openhands-console:0.1.0", "ghcr.io/x/openhands-console@sha256:abc"]) {
      expect(consoleContainer(pod([{ name: "console", image }]))?.name, image).toBe("console");
    }
    for (const image of ["ghcr.io/openhands/enterprise-server:1.54.0", "openhands-console-helper:1", "nginx"]) expect(consoleContainer(pod([{ name: "c", image }])), image).toBeUndefined();
  });
});

describe("ConsoleApp.ready", () => {
  it("says what a console pod would stop on: a missing Secret, then the configuration's bad keys", async () => {
    const cluster = createCluster({ name: "aks-env", kubernetesVersion: "1.32.4", pools: [], autoRun: false });
    const container: Container = { name: "console", image: "openhands-console:local", envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "openhands-console-secrets" } }] };
    cluster.store.create(typeOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { ...meta("openhands-console"), namespace: undefined } as never });
    cluster.store.create(typeOf("ConfigMap"), { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cfg"), data: { CONSOLE_URL: "https://console.example" } });
    const app = new ConsoleApp();
    expect(await app.ready(cluster, pod([container]), container)).toEqual({ ok: false, lines: ['Error: secret "openhands-console-secrets" not found'] });

    cluster.store.create(typeOf("Secret"), { apiVersion: "v1", kind: "Secret", metadata: meta("openhands-console-secrets"), data: { DATABASE_URL: Buffer.from("mysql://x").toString("base64") } });
    const r = await app.ready(cluster, pod([container]), container);
    expect(r.ok).toBe(false);
    expect(r.lines).toContain("  - DATABASE_URL: must be a postgres:// connection URL");
    expect(r.lines).toContain("  - AUTH_TENANT_ID: is required but not set");
    cluster.close();
  });
});

describe("ConsoleApp.handle (through the ingress router)", () => {
  it("answers /api/health with the readiness verdict (503 degraded while the pod cannot start), 404 elsewhere, nothing for other pods", async () => {
    const cluster = createCluster({ name: "aks-env", kubernetesVersion: "1.32.4", pools: [], autoRun: false });
    const container: Container = { name: "console", image: "openhands-console:local", envFrom: [{ secretRef: { name: "openhands-console-secrets" } }] };
    const app = new ConsoleApp();
    const health = await app.handle(cluster, pod([container]), "GET", "/api/health");
    expect([health?.status, JSON.parse(health?.body ?? "null")]).toEqual([503, { status: "degraded", store: "unreachable" }]);
    expect((await app.handle(cluster, pod([container]), "GET", "/settings"))?.status).toBe(404);
    expect(await app.handle(cluster, pod([{ name: "c", image: "nginx" }]), "GET", "/api/health")).toBeUndefined();
    cluster.close();
  });
});

/**
 * The OpenAPI documents against the real kubectl (v1.32 dispatcher): client-side `kubectl apply`
 * (three-way strategic merge patch built from the v3 schema) of a Service and a Deployment gives no
 * `unable to find api field` warning and merges lists by their keys; `kubectl explain` answers;
 * /openapi/v2 as JSON carries the same definitions. Port 38446.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalCa, localhostCert } from "../tls/local-ca";
import { createCluster, kubeconfigFor, startKubeApiServer, type RunningKubeApiServer, type SimulatedCluster } from "./index";

const TOKEN = "kube-openapi-it-9d1e";
const dir = mkdtempSync(path.join(tmpdir(), "kube-openapi-it-"));
const kubeconfigFile = path.join(dir, "kubeconfig");
const cert = localhostCert(ensureLocalCa(dir));
let cluster: SimulatedCluster;
let server: RunningKubeApiServer;

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile("/usr/bin/kubectl", ["--kubeconfig", kubeconfigFile, "--cache-dir", path.join(dir, "cache"), ...args], { timeout: 45_000, env: { ...process.env, HOME: dir } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec:
  selector: {app: api}
  ports:
${ports}`;

const deployment = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
        env:
${env}`;

beforeAll(async () => {
  cluster = createCluster({ name: "aks-openapi-it", kubernetesVersion: "1.32.4", timeScale: 10, pools: [{ name: "system", count: 1, vmSize: "Standard_D4s_v3", mode: "System" }] });
  server = await startKubeApiServer(cluster, { port: 38446, tls: cert, token: TOKEN });
  writeFileSync(kubeconfigFile, kubeconfigFor(cluster, { server: server.url, caPem: cert.ca, token: TOKEN, user: "clusterUser_rg-it_aks-openapi-it" }));
});

afterAll(async () => {
  await server?.close();
  cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("OpenAPI schemas (kubectl)", () => {
  it("client-side apply of a Service with ports: no warning, and a re-apply removing a port removes it", async () => {
    const first = await kubectl(["apply", "-f", "-"], service("  - {name: http, port: 80, targetPort: 8080}\n  - {name: metrics, port: 9090}\n"));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout.trim()).toBe("service/api created");
    // The second apply is a three-way strategic merge patch: built from the schema's merge key (port).
    const second = await kubectl(["apply", "-f", "-"], service("  - {name: http, port: 80, targetPort: 8081}\n"));
    expect(second.stderr).toBe("");
    expect(second.stdout.trim()).toBe("service/api configured");
    const ports = await kubectl(["get", "service", "api", "-o", "jsonpath={range .spec.ports[*]}{.name}:{.port}->{.targetPort} {end}"]);
    expect(ports.stdout.trim()).toBe("http:80->8081");
  });

  it("client-side apply of a Deployment merges env by name, without warnings", async () => {
    const first = await kubectl(["apply", "-f", "-"], deployment("        - {name: A, value: '1'}\n        - {name: B, value: '2'}\n"));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    const second = await kubectl(["apply", "-f", "-"], deployment("        - {name: B, value: '3'}\n"));
    expect(second.stderr).toBe("");
    expect(second.stdout.trim()).toBe("deployment.apps/api configured");
    const env = await kubectl(["get", "deployment", "api", "-o", "jsonpath={range .spec.template.spec.containers[0].env[*]}{.name}={.value} {end}"]);
    expect(env.stdout.trim()).toBe("B=3");
  });

  it("kubectl explain answers with the fields, types and descriptions", async () => {
    const ports = await kubectl(["explain", "service.spec.ports"]);
    expect(ports.code, ports.stderr).toBe(0);
    expect(ports.stdout).toMatch(/^KIND:\s+Service$/m);
    expect(ports.stdout).toMatch(/^FIELD:\s+ports <\[\]ServicePort>$/m);
    expect(ports.stdout).toContain("The list of ports that are exposed by this service.");
    expect(ports.stdout).toMatch(/^\s+port\s+<integer> -required-$/m);
    expect(ports.stdout).toMatch(/^\s+targetPort\s+<\w+>$/m);
    const deploy = await kubectl(["explain", "deployment.spec.strategy"]);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/^GROUP:\s+apps$/m);
    expect(deploy.stdout).toMatch(/rollingUpdate\s+<RollingUpdateDeployment>/);
    const slices = await kubectl(["explain", "endpointslices.endpoints.conditions"]);
    expect(slices.stdout).toMatch(/ready\s+<boolean>/);
  });

  it("serves /openapi/v2 as JSON with the definitions of the served kinds", async () => {
    const raw = await kubectl(["get", "--raw", "/openapi/v2"]);
    const doc = JSON.parse(raw.stdout) as { swagger: string; definitions: Record<string, { properties?: Record<string, { $ref?: string; items?: { $ref?: string } }>; "x-kubernetes-group-version-kind"?: unknown }> };
    expect(doc.swagger).toBe("2.0");
    expect(doc.definitions["io.k8s.api.core.v1.ServiceSpec"]!.properties!.ports!.items!.$ref).toBe("#/definitions/io.k8s.api.core.v1.ServicePort");
    expect(doc.definitions["io.k8s.api.discovery.v1.EndpointSlice"]!["x-kubernetes-group-version-kind"]).toEqual([{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice" }]);
  });
});

/**
 * The documented browser address `http://<ingress host>.localhost:<port>` reaches the Ingress whose
 * host is `<ingress host>`: a plain HTTP request with that Host header, and real Chromium (which
 * resolves *.localhost to loopback and sends the name with the port as Host). Port 37449.
 */
import http from "node:http";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "@playwright/test";
import { createCluster, type SimulatedCluster } from "../kubernetes";
import { typeOf } from "../kubernetes/resources";
import { startIngressRouter, type RunningIngressRouter } from "./ingress-router";

const PORT = 37449;
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: "openhands", uid: "", resourceVersion: "", creationTimestamp: "", ...(labels ? { labels } : {}) });
let cluster: SimulatedCluster;
let router: RunningIngressRouter;

function get(host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path: p, headers: { host } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  // No controllers: the test writes a Ready pod itself, so only the router's host matching is under test.
  cluster = createCluster({ name: "aks-router-it", kubernetesVersion: "1.32.4", pools: [], autoRun: false });
  cluster.store.create(typeOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { ...meta("openhands"), namespace: undefined } as never });
  cluster.store.create(typeOf("Service"), { apiVersion: "v1", kind: "Service", metadata: meta("openhands"), spec: { selector: { app: "openhands" }, ports: [{ port: 80, targetPort: 3000 }] } });
  cluster.store.create(typeOf("Pod"), {
    apiVersion: "v1",
    kind: "Pod",
    metadata: meta("openhands-0", { app: "openhands" }),
    spec: { containers: [{ name: "app", image: "openhands:1" }] },
    status: { phase: "Running", podIP: "10.244.0.9", conditions: [{ type: "Ready", status: "True" }] },
  });
  cluster.store.create(typeOf("Ingress"), {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: meta("openhands"),
    spec: { rules: [{ host: "openhands.contoso.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "openhands", port: { number: 80 } } } }] } }] },
  });
  router = await startIngressRouter({
    port: PORT,
    clusters: () => [cluster],
    serve: async (_c, pod, method, p) => ({ status: 200, contentType: "text/plain", body: `${method} ${p} from ${pod.metadata.name}` }),
  });
});

afterAll(async () => {
  await router?.close();
  cluster?.close();
});

describe("ingress router: the browser address <host>.localhost", () => {
  it("routes Host <ingress host>.localhost:<port> to the Ingress of <ingress host>; unknown hosts stay 404", async () => {
    expect(await get(`openhands.contoso.com.localhost:${PORT}`, "/alive")).toEqual({ status: 200, body: "GET /alive from openhands-0" });
    expect(await get("openhands.contoso.com", "/alive")).toEqual({ status: 200, body: "GET /alive from openhands-0" });
    expect((await get(`other.contoso.com.localhost:${PORT}`, "/alive")).status).toBe(404);
    expect((await get(`openhands.contoso.com.localhost.localhost:${PORT}`, "/alive")).status).toBe(404);
  });

  // Skipped only where Debian's chromium is missing, as the msal-browser test (CI installs it).
  it.skipIf(!CHROMIUM)("real Chromium opens http://<ingress host>.localhost:<port>/ and gets the app", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM! });
    try {
      const page = await browser.newPage();
      const res = await page.goto(`http://openhands.contoso.com.localhost:${PORT}/alive`);
      expect(res?.status()).toBe(200);
      expect(await page.textContent("body")).toBe("GET /alive from openhands-0");
    } finally {
      await browser.close();
    }
  });
});

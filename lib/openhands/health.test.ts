import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyDetail, probeOpenHands } from "./health";

// A tiny stand-in for an ingress: answers by Host header, like the local router or ingress-nginx.
let server: http.Server;
let address = "";
const hosts: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hosts.push(req.headers.host ?? "");
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.host === "oh.example.com") {
      if (req.url === "/alive") return json(200, { status: "ok" });
      if (req.url === "/health") return json(200, "OK");
      if (req.url === "/ready") return json(200, "OK");
    }
    if (req.headers.host === "broken.example.com") {
      if (req.url === "/alive") return json(200, { status: "ok" });
      if (req.url === "/health") return json(200, "OK");
      return json(503, { detail: 'Database is not accessible: password authentication failed for user "ohadmin"' });
    }
    res.writeHead(404, { "content-type": "text/html" }).end("<html><body><h1>404 Not Found</h1><hr>nginx</body></html>");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("probeOpenHands", () => {
  it("passes when /alive, /health and /ready answer as OpenHands does, sending the public host as Host", async () => {
    hosts.length = 0;
    const p = await probeOpenHands("oh.example.com", { address });
    expect(p.url).toBe("https://oh.example.com");
    expect([p.alive.ok, p.health.ok, p.ready.ok, p.verdict]).toEqual([true, true, true, "ok"]);
    expect(new Set(hosts)).toEqual(new Set(["oh.example.com"]));
  });

  it("reports the app's /ready detail when its database is not reachable", async () => {
    const p = await probeOpenHands("broken.example.com", { address, scheme: "http" });
    expect(p.url).toBe("http://broken.example.com");
    expect(p.ready).toMatchObject({ ok: false, status: 503, detail: 'HTTP 503: Database is not accessible: password authentication failed for user "ohadmin"' });
    expect(p.verdict).toBe("critical");
  });

  it("an unknown host gets the ingress page; an unreachable address is a network error, not a throw", async () => {
    const p = await probeOpenHands("nobody.example.com", { address });
    expect(p.alive).toMatchObject({ ok: false, status: 404, detail: "HTTP 404: 404 Not Found nginx" });
    const down = await probeOpenHands("oh.example.com", { address: "http://127.0.0.1:1", timeoutMs: 500 });
    expect(down.alive.ok).toBe(false);
    expect(down.alive.detail).toMatch(/ECONNREFUSED/);
    expect(down.verdict).toBe("critical");
  });
});

describe("bodyDetail", () => {
  it("takes FastAPI's detail or short plain text", () => {
    expect(bodyDetail('{"detail":"Redis cache is not accessible: timeout"}')).toBe("Redis cache is not accessible: timeout");
    expect(bodyDetail("x".repeat(300))).toHaveLength(200);
  });
});

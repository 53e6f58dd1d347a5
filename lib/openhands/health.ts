/**
 * Does OpenHands answer its health endpoints (knowledge/openhands.md §5)? `/alive` → {"status":"ok"},
 * `/health` → "OK", `/ready` → "OK" or 503 {"detail":"Database is not accessible: …"} (the
 * enterprise readiness route runs SELECT 1 and a Redis PING).
 *
 * `address` (config OPENHANDS_INGRESS_ADDRESS) is where to connect when the public host name does
 * not resolve to the ingress from here (the local stack's ingress router): the request goes to the
 * address with the public host name as the Host header. Node's fetch cannot set Host, so this uses
 * node:http / node:https. Without an address: `https://<host>` (or `scheme`) directly.
 */
import http from "node:http";
import https from "node:https";
import { worst, type Verdict } from "@/lib/openhands/verdict";

export interface EndpointResult {
  ok: boolean;
  status?: number;
  /** Why it is not ok: the app's own detail (`/ready`'s 503 body), the HTTP status, or the network error. */
  detail?: string;
  ms: number;
}

export interface OpenHandsProbe {
  /** The public URL of the app (what users open). */
  url: string;
  alive: EndpointResult;
  health: EndpointResult;
  ready: EndpointResult;
  verdict: Verdict;
}

export interface ProbeOptions {
  address?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Public scheme when no address is given (default https). */
  scheme?: "http" | "https";
}

const EXPECTED: Record<"alive" | "health" | "ready", (body: string) => boolean> = {
  alive: (b) => /"status"\s*:\s*"ok"/.test(b),
  health: (b) => b.trim() === '"OK"' || b.trim() === "OK",
  ready: (b) => b.trim() === '"OK"' || b.trim() === "OK",
};

/** What the app said, short: FastAPI's {"detail": …} when there is one, else the first 200 characters. */
export function bodyDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { detail?: unknown }).detail === "string") return (parsed as { detail: string }).detail;
  } catch {
    // not JSON: plain text or an ingress page
  }
  return body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

/** GET `target` sending `host` as the Host header (and TLS server name): reaches a host through an ingress address. */
export function hostRoutedGet(target: URL, host: string, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number; body: string }> {
  const lib = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      { method: "GET", headers: { host, accept: "application/json" }, timeout: timeoutMs, ...(signal ? { signal } : {}), ...(target.protocol === "https:" ? { servername: host.split(":")[0] } : {}) },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (body.length < 8192) body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

async function endpoint(base: URL, host: string, name: keyof typeof EXPECTED, timeoutMs: number, signal?: AbortSignal): Promise<EndpointResult> {
  const started = Date.now();
  try {
    const res = await hostRoutedGet(new URL(`/${name}`, base), host, timeoutMs, signal);
    const ms = Date.now() - started;
    if (res.status === 200 && EXPECTED[name](res.body)) return { ok: true, status: res.status, ms };
    const said = bodyDetail(res.body);
    return { ok: false, status: res.status, detail: said ? `HTTP ${res.status}: ${said}` : `HTTP ${res.status}`, ms };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const text = typeof e.message === "string" ? e.message : String(err);
    return { ok: false, detail: typeof e.code === "string" && !text.includes(e.code) ? `${e.code}: ${text}` : text, ms: Date.now() - started };
  }
}

export async function probeOpenHands(host: string, opts: ProbeOptions = {}): Promise<OpenHandsProbe> {
  const scheme = opts.scheme ?? "https";
  const url = `${scheme}://${host}`;
  const base = new URL(opts.address ?? url);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const [alive, health, ready] = await Promise.all([
    endpoint(base, host, "alive", timeoutMs, opts.signal),
    endpoint(base, host, "health", timeoutMs, opts.signal),
    endpoint(base, host, "ready", timeoutMs, opts.signal),
  ]);
  // Users cannot work unless all three pass (not ready = its database or Redis is unreachable).
  const verdict: Verdict = worst([alive, health, ready].map((r): Verdict => (r.ok ? "ok" : "critical")));
  return { url, alive, health, ready, verdict };
}

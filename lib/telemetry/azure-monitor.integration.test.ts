/**
 * The Azure Monitor exporter for real: a local HTTPS receiver (the exporter speaks TLS only; the
 * test CA is trusted through NODE_EXTRA_CA_CERTS) stands in for Application Insights' ingestion
 * endpoint (the connection string's IngestionEndpoint), the real SDK instruments this
 * process, an HTTP request is served, and the receiver gets the ingestion POST with its trace.
 * Port 48640 (receiver), 48641 (the served app).
 */
import { createRequire } from "node:module";
import type { IncomingMessage, Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLocalCa, localhostCert } from "@/emulator/tls/local-ca";
import { startTelemetry, stopTelemetry } from "./azure-monitor";

// Required (not imported) after telemetry starts: the HTTP instrumentation patches modules as they load.
const require = createRequire(import.meta.url);

interface Ingested { path: string; items: { name?: string; data?: { baseType?: string; baseData?: { url?: string; name?: string } } }[] }
const received: Ingested[] = [];
let receiver: ReturnType<typeof createHttpsServer> | undefined;
let app: Server | undefined;

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

afterAll(async () => {
  await new Promise((r) => app?.close(r));
  await new Promise((r) => receiver?.close(r));
});

describe("OpenTelemetry export to Azure Monitor", () => {
  it("a served request reaches the ingestion endpoint as a Request item", async () => {
    const tls = localhostCert(ensureLocalCa(".data-test"));
    receiver = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      void body(req).then((raw) => {
        const text = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
        const items = text.trim() ? (JSON.parse(text.trim().startsWith("[") ? text : `[${text.trim().split("\n").join(",")}]`) as Ingested["items"]) : [];
        received.push({ path: req.url ?? "", items });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      });
    });
    await new Promise<void>((r) => receiver?.listen(48640, "127.0.0.1", r));

    const mode = await startTelemetry("InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://localhost:48640/");
    expect(mode).toBe("azure-monitor");
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("opentelemetry.js.api.1")]).toBeDefined();

    // Loaded after the SDK started, as the console's server modules are.
    const served = require("node:http") as typeof import("node:http");
    app = served.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => app?.listen(48641, "127.0.0.1", r));
    const res = await new Promise<number>((resolve, reject) => {
      served.get("http://127.0.0.1:48641/api/health?probe=1", (r) => {
        r.resume();
        r.on("end", () => resolve(r.statusCode ?? 0));
      }).on("error", reject);
    });
    expect(res).toBe(200);

    await stopTelemetry(); // flushes the batch
    const trackPosts = received.filter((r) => r.path.includes("/track"));
    expect(trackPosts.length).toBeGreaterThan(0);
    const items = trackPosts.flatMap((p) => p.items);
    const request = items.find((i) => i.data?.baseType === "RequestData" && (i.data.baseData?.url ?? "").includes("/api/health"));
    expect(request, `ingested: ${JSON.stringify(items.map((i) => i.data?.baseType))}`).toBeDefined();
  });
});

/**
 * Loopback-only control API of the local Azure under /_emulator: health, time scale, faults,
 * and provider-specific settings (e.g. compute quotas) at /_emulator/providers/<namespace>/…
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { faultRuleSchema, type FaultInjector } from "./faults";
import { compileTemplate, matchTemplate, splitSegments } from "./paths";
import type { ArmEnvironment, ArmResponse } from "./types";

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const timeScaleSchema = z.object({ timeScale: z.number().min(0).max(100) }).strict();

function reply(res: ServerResponse, r: ArmResponse): void {
  const text = r.body === undefined ? "" : JSON.stringify(r.body);
  res.writeHead(r.status, { "Content-Type": "application/json; charset=utf-8", ...r.headers });
  res.end(text);
}

function bad(message: string, status = 400): ArmResponse {
  return { status, body: { error: { code: status === 404 ? "NotFound" : "InvalidRequest", message } } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text.length === 0 ? undefined : JSON.parse(text);
}

function zodMessage(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

/** When this process started: lets a client see that a requested restart really happened. */
const STARTED_AT = new Date().toISOString();

export function createControlApi(env: ArmEnvironment, faults: FaultInjector, onRestartRequested?: () => void) {
  const providerRoutes = env.providers.flatMap((p) =>
    (p.control ?? []).map((r) => ({ ...r, compiled: compileTemplate(`/_emulator/providers/${p.namespace}/${r.path}`) })),
  );

  async function route(method: string, path: string, body: unknown): Promise<ArmResponse> {
    const lower = path.toLowerCase();
    if (lower === "/_emulator/health" && method === "GET") {
      const inFlight = [...env.store.operations.values()].filter((o) => o.status === "InProgress").length;
      return {
        status: 200,
        body: { status: "ok", startedAt: STARTED_AT, origin: env.settings.origin, subscriptionId: env.settings.subscriptionId, tenantId: env.settings.tenantId, timeScale: env.settings.timeScale, resources: env.store.all().length, operationsInFlight: inFlight },
      };
    }
    if (lower === "/_emulator/restart" && method === "POST" && onRestartRequested) {
      setTimeout(onRestartRequested, 50); // answer first, then restart
      return { status: 202, body: { status: "restarting" } };
    }
    if (lower === "/_emulator/time-scale") {
      if (method === "GET") return { status: 200, body: { timeScale: env.settings.timeScale } };
      if (method === "PUT") {
        const parsed = timeScaleSchema.safeParse(body);
        if (!parsed.success) return bad(zodMessage(parsed.error));
        env.settings.timeScale = parsed.data.timeScale;
        return { status: 200, body: { timeScale: env.settings.timeScale } };
      }
    }
    if (lower === "/_emulator/faults") {
      if (method === "GET") return { status: 200, body: { rules: faults.list() } };
      if (method === "DELETE") {
        faults.clear();
        return { status: 204 };
      }
      if (method === "POST") {
        const list = Array.isArray(body) ? body : [body];
        // Validate all before adding any: bad input changes nothing.
        for (const r of list) {
          const parsed = faultRuleSchema.safeParse(r);
          if (!parsed.success) return bad(zodMessage(parsed.error));
        }
        return { status: 201, body: { rules: list.map((r) => faults.add(r)) } };
      }
    }
    const segments = splitSegments(path);
    for (const r of providerRoutes) {
      if (r.method !== method || !matchTemplate(r.compiled, segments)) continue;
      try {
        return await r.handle(body, env);
      } catch (err) {
        if (err instanceof z.ZodError) return bad(zodMessage(err));
        throw err;
      }
    }
    return bad(`No control endpoint ${method} ${path}.`, 404);
  }

  return async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) {
      reply(res, bad("The control API accepts requests from loopback only.", 403));
      return true;
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      reply(res, bad("The body is not valid JSON."));
      return true;
    }
    reply(res, await route((req.method ?? "GET").toUpperCase(), path, body));
    return true;
  };
}

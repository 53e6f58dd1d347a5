/**
 * Route handlers get the same checks as server actions: `defineRoute` runs the action
 * pipeline (authenticate → permission → zod → run → audit) on a Request and maps the result
 * to a JSON Response with the right status. The session comes from the cookie only: an
 * `Authorization: Bearer` token is not a credential here (an access token the browser's MSAL
 * holds would otherwise bypass the httpOnly session); scripts exchange a token at
 * POST /api/session for a session cookie.
 *
 * Order matters: the caller is authenticated and permitted, and a change comes from the console's
 * own origin, before a byte of the body is read (./request-body.ts).
 */
import { z } from "zod";
import { config } from "@/lib/config";
import { DATA_CSP, securityHeaders } from "@/lib/security/headers";
import { authorize, executeAction, newRequestId, writeDenied, type ActionDefinition, type ActionResult, type ExecutionContext } from "./action";
import { storeAuditWriter } from "./audit";
import { checkSameOrigin, isUnsafeMethod } from "./origin";
import { discard, readJsonBody, type BodyResult } from "./request-body";
import { cookieFromHeader, SESSION_COOKIE } from "./session";

export interface RouteDefinition<S extends z.ZodType, T> extends ActionDefinition<S, T> {
  /** Where the input comes from: query string (default for GET/HEAD) or the JSON body. */
  inputFrom?: "query" | "json";
}

export type RouteContext = Omit<ExecutionContext, "token" | "requestId"> & {
  /** The console's public URL (its origin is the only one allowed to send cookie-authenticated changes); defaults to `CONSOLE_URL`. */
  consoleUrl?: string;
};

const STATUS: Record<string, number> = {
  no_session: 401,
  session_expired: 401,
  invalid_token: 401,
  wrong_tenant: 401,
  no_role: 403,
  forbidden: 403,
  invalid_input: 400,
  cross_origin: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // The store's refusals of a change that collides with another (lib/store/errors.ts).
  version_conflict: 409,
  environment_name_taken: 409,
  operation_in_progress: 409,
  invalid_operation_state: 409,
  internal_error: 500,
};

/** The session cookie's value; any Authorization header is ignored (see the header comment). */
export function tokenFromRequest(req: Request): string | undefined {
  return cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE);
}

/**
 * A route handler with the action pipeline:
 *   export const POST = defineRoute({ name: "operation.retry", permission: "operation.retry", input, audit, run });
 */
export function defineRoute<S extends z.ZodType, T>(def: RouteDefinition<S, T>): (req: Request) => Promise<Response> {
  return (req: Request) => handleRoute(def, req, { audit: storeAuditWriter() });
}

/** Framework-free core: tests call it with a real Request. */
export async function handleRoute<S extends z.ZodType, T>(def: RouteDefinition<S, T>, req: Request, ctx: RouteContext): Promise<Response> {
  const requestId = newRequestId();
  const token = tokenFromRequest(req);
  const exec: ExecutionContext = { ...ctx, token, requestId };
  const auditAction = def.audit?.action ?? def.name;

  // 1. Who, and may they? Refused callers never get their body read.
  const authorized = await authorize(def.permission, exec, auditAction, def.name);
  if (!authorized.ok) return refuse(req, authorized, requestId);

  // 2. A change riding on the cookie (the only credential routes take) must come from the console's own origin.
  const origin = isUnsafeMethod(req.method) ? checkSameOrigin(req, ctx.consoleUrl ?? config().CONSOLE_URL, true) : { ok: true as const };
  if (!origin.ok) {
    const principal = authorized.data;
    await writeDenied(exec, { actorId: principal.oid, actorName: principal.name, action: auditAction, target: def.name, outcome: "denied", requestId, detail: `cross_origin: ${origin.message}` });
    return refuse(req, { ok: false, error: { code: "cross_origin", message: origin.message } }, requestId);
  }

  // 3. Only now the (bounded) body, then the usual pipeline. `executeAction` checks the permission
  // again, on the principal step 1 found: a session lookup is a store read (and maybe a last-seen
  // write), so it is not done twice per request.
  const raw = await readInput(req, def.inputFrom);
  if (!raw.ok) return withSecurityHeaders(Response.json({ error: { code: raw.code, message: raw.message } }, { status: raw.status, headers: baseHeaders(requestId) }));
  const principal = authorized.data;
  return toResponse(await executeAction(def, { ...exec, verify: async () => principal }, raw.data), requestId);
}

export function toResponse<T>(result: ActionResult<T>, requestId: string): Response {
  if (result.ok) return withSecurityHeaders(result.data instanceof Response ? result.data : Response.json(result.data ?? null, { status: 200, headers: baseHeaders(requestId) }));
  return withSecurityHeaders(Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 422, headers: baseHeaders(requestId) }));
}

function baseHeaders(requestId: string): Record<string, string> {
  return { "x-request-id": requestId, "cache-control": "no-store" };
}

/**
 * The proxy (proxy.ts) skips requests with a body, so a route handler's answer to a POST gets the
 * non-CSP security headers here (JSON is never rendered, but nosniff and framing rules still apply).
 */
function withSecurityHeaders(res: Response): Response {
  try {
    const headers = { ...securityHeaders(config().CONSOLE_URL), "content-security-policy": DATA_CSP };
    for (const [name, value] of Object.entries(headers)) if (!res.headers.has(name)) res.headers.set(name, value);
  } catch {
    // Immutable headers (a Response from fetch) or no configuration (framework-free tests): leave as is.
  }
  return res;
}

async function refuse(req: Request, result: ActionResult<never>, requestId: string): Promise<Response> {
  await discard(req);
  return toResponse(result, requestId);
}


async function readInput(req: Request, from: "query" | "json" | undefined): Promise<BodyResult> {
  const method = req.method.toUpperCase();
  if ((from ?? (method === "GET" || method === "HEAD" ? "query" : "json")) === "query") {
    await discard(req);
    return { ok: true, data: Object.fromEntries(new URL(req.url).searchParams) };
  }
  return readJsonBody(req);
}

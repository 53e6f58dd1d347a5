/**
 * Route handlers get the same checks as server actions: `defineRoute` runs the action
 * pipeline (authenticate → permission → zod → run → audit) on a Request and maps the result
 * to a JSON Response with the right status. The session comes from the cookie only: an
 * `Authorization: Bearer` token is not a credential here (an access token the browser's MSAL
 * holds would otherwise bypass the httpOnly session); scripts exchange a token at
 * POST /api/session for a session cookie.
 */
import { z } from "zod";
import { executeAction, newRequestId, type ActionDefinition, type ActionResult, type ExecutionContext } from "./action";
import { storeAuditWriter } from "./audit";
import { cookieFromHeader, SESSION_COOKIE } from "./session";

export interface RouteDefinition<S extends z.ZodType, T> extends ActionDefinition<S, T> {
  /** Where the input comes from: query string (default for GET/HEAD) or the JSON body. */
  inputFrom?: "query" | "json";
}

export type RouteContext = Omit<ExecutionContext, "token" | "requestId">;

const STATUS: Record<string, number> = {
  no_session: 401,
  session_expired: 401,
  invalid_token: 401,
  wrong_tenant: 401,
  no_role: 403,
  forbidden: 403,
  invalid_input: 400,
  not_found: 404,
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
  const raw = await readInput(req, def.inputFrom);
  const result: ActionResult<T> = raw.ok
    ? await executeAction(def, { ...ctx, token: tokenFromRequest(req), requestId }, raw.data)
    : { ok: false, error: { code: "invalid_input", message: raw.message } };
  return toResponse(result, requestId);
}

export function toResponse<T>(result: ActionResult<T>, requestId: string): Response {
  const headers = { "x-request-id": requestId, "cache-control": "no-store" };
  if (result.ok) return result.data instanceof Response ? result.data : Response.json(result.data ?? null, { status: 200, headers });
  return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 422, headers });
}

async function readInput(req: Request, from: "query" | "json" | undefined): Promise<{ ok: true; data: unknown } | { ok: false; message: string }> {
  const method = req.method.toUpperCase();
  if ((from ?? (method === "GET" || method === "HEAD" ? "query" : "json")) === "query") {
    return { ok: true, data: Object.fromEntries(new URL(req.url).searchParams) };
  }
  const text = await req.text();
  if (text.trim() === "") return { ok: true, data: {} };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: "The request body is not valid JSON." };
  }
}

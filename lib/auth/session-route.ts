/**
 * POST /api/session: the browser hands over its console API access token once (Authorization:
 * Bearer); the server verifies it and keeps it in the httpOnly session cookie. The browser
 * re-posts a renewed token before expiry. DELETE /api/session ends the session (audited).
 * Framework-free: the Next route file only binds the store's audit writer.
 */
import { type AuditWriter } from "./audit";
import { internalError, newRequestId } from "./action";
import { redactedEntry } from "./audit";
import { AuthError } from "./errors";
import { clearedSessionCookie, cookieFromHeader, serializeCookie, SESSION_COOKIE, sessionCookie } from "./session";
import { verifyAccessToken, type Principal } from "./token";

export interface SessionRouteContext {
  audit: AuditWriter;
  consoleUrl: string;
  verify?: (token: string) => Promise<Principal>;
}

const STATUS = { no_session: 401, session_expired: 401, invalid_token: 401, wrong_tenant: 401, no_role: 403, forbidden: 403 } as const;

export async function startSession(req: Request, ctx: SessionRouteContext): Promise<Response> {
  const requestId = newRequestId();
  const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
  const verify = ctx.verify ?? verifyAccessToken;
  const token = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  try {
    if (!token) throw new AuthError("no_session", "Send the console API access token as `Authorization: Bearer <token>`.");
    const principal = await verify(token);
    // A renewal re-posts every hour: record a sign-in only when this browser had no session of this user.
    const previous = await verify(cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE) ?? "").catch(() => undefined);
    if (previous?.oid !== principal.oid) {
      await audit(ctx, requestId, { actorId: principal.oid, actorName: principal.name, action: "auth.signIn", target: principal.username || principal.oid, outcome: "success", requestId, detail: `roles: ${principal.roles.join(", ") || "none"}` });
    }
    headers.append("set-cookie", serializeCookie(sessionCookie(token, principal, ctx.consoleUrl)));
    return Response.json(
      { name: principal.name, username: principal.username, roles: principal.roles, expiresAt: principal.expiresAt.toISOString() },
      { status: 200, headers },
    );
  } catch (err) {
    if (!(err instanceof AuthError)) {
      const res = internalError(requestId, "session: sign-in", err);
      return Response.json({ error: res.error }, { status: 500, headers });
    }
    if (err.actor) {
      await audit(ctx, requestId, { actorId: err.actor.id, actorName: err.actor.name, action: "auth.signIn", target: err.actor.name, outcome: "denied", requestId, detail: `${err.code}: ${err.message}` });
    }
    return Response.json({ error: { code: err.code, message: err.message } }, { status: STATUS[err.code], headers });
  }
}

export async function endSession(req: Request, ctx: SessionRouteContext): Promise<Response> {
  const requestId = newRequestId();
  const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
  const token = cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE);
  const principal = token ? await (ctx.verify ?? verifyAccessToken)(token).catch(() => undefined) : undefined;
  if (principal) {
    await audit(ctx, requestId, { actorId: principal.oid, actorName: principal.name, action: "auth.signOut", target: principal.username || principal.oid, outcome: "success", requestId });
  }
  headers.append("set-cookie", serializeCookie(clearedSessionCookie(ctx.consoleUrl)));
  return Response.json({ signedOut: true }, { status: 200, headers });
}

async function audit(ctx: SessionRouteContext, requestId: string, entry: Parameters<AuditWriter>[0]): Promise<void> {
  try {
    await ctx.audit(redactedEntry(entry));
  } catch (err) {
    internalError(requestId, `audit write failed for ${entry.action}`, err);
  }
}

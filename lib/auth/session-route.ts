/**
 * POST /api/session: the browser hands over its console API access token (Authorization:
 * Bearer); the server verifies it fully and starts a server-side session, whose opaque secret
 * goes back only as the httpOnly cookie. Posting again with that cookie and `?renew=1` (the
 * session keeper) renews the principal — roles may have changed — but never the absolute
 * lifetime, and never revives a session that has ended.
 * DELETE /api/session ends the session row at once (every replica refuses the cookie next); with
 * a cookie it must come from the console's own origin (lib/auth/origin.ts), as every cookie
 * route's change must. POST needs no such check: it is authenticated by the Bearer header, which
 * a cross-origin page cannot set without a CORS preflight the console never grants.
 * Framework-free: the Next route file only binds the store's audit writer.
 */
import type pg from "pg";
import { createConsoleSession, endConsoleSession, findConsoleSession, renewConsoleSession, type ConsoleSessionRow } from "@/lib/store/console-sessions";
import { getPool } from "@/lib/store/db";
import { type AuditWriter } from "./audit";
import { internalError, newRequestId } from "./action";
import { redactedEntry } from "./audit";
import { AuthError } from "./errors";
import { checkSameOrigin } from "./origin";
import { absoluteExpiry, cookieMaxAgeSeconds, judgeSession, type SessionLifetimes } from "./session-policy";
import { clearedSessionCookie, cookieFromHeader, hashSessionSecret, newSessionSecret, serializeCookie, SESSION_COOKIE, sessionCookie, sessionLifetimes } from "./session";
import { verifyAccessToken, type Principal } from "./token";

export interface SessionRouteContext {
  audit: AuditWriter;
  consoleUrl: string;
  verify?: (token: string) => Promise<Principal>;
  pool?: pg.Pool;
  lifetimes?: SessionLifetimes;
  now?: () => Date;
}

const STATUS = { no_session: 401, session_expired: 401, invalid_token: 401, wrong_tenant: 401, no_role: 403, forbidden: 403 } as const;

export async function startSession(req: Request, ctx: SessionRouteContext): Promise<Response> {
  const requestId = newRequestId();
  const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
  const verify = ctx.verify ?? verifyAccessToken;
  try {
    const token = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw new AuthError("no_session", "Send the console API access token as `Authorization: Bearer <token>`.");
    const principal = await verify(token);
    const pool = ctx.pool ?? getPool();
    const now = ctx.now?.() ?? new Date();
    const lifetimes = sessionLifetimes(ctx);
    const fields = { oid: principal.oid, tid: principal.tid, name: principal.name, username: principal.username, roles: principal.roles };

    // Renewal: this browser's live session of the same user keeps its secret and absolute expiry.
    const secret = cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE);
    const current = secret ? await liveSession(pool, secret, now, lifetimes) : undefined;
    const renewed = current && current.oid === principal.oid ? await renewConsoleSession(pool, current.id, fields, principal.expiresAt, now) : undefined;
    if (renewed && secret) {
      headers.append("set-cookie", serializeCookie(sessionCookie(secret, cookieMaxAgeSeconds(renewed.absoluteExpiresAt, now), ctx.consoleUrl)));
      return sessionResponse(principal, renewed, headers);
    }
    // The keeper's renewal (?renew=1) never starts a session: an idle or ended one stays over,
    // else an open tab holding a refresh token would outlive the idle timeout.
    if (new URL(req.url).searchParams.get("renew") === "1") {
      throw new AuthError("session_expired", "The session to renew has ended. Sign in again to continue.");
    }
    // Another user's session in this browser is replaced, not left open behind the new one.
    if (current) await endConsoleSession(pool, { id: current.id }, current.oid, "signed_out", now);

    const fresh = newSessionSecret();
    const row = await createConsoleSession(pool, {
      tokenHash: hashSessionSecret(fresh),
      principal: fields,
      tokenExpiresAt: principal.expiresAt,
      absoluteExpiresAt: absoluteExpiry(now, lifetimes),
      userAgent: req.headers.get("user-agent") ?? undefined,
      ipAddress: clientAddress(req),
      now,
    });
    await audit(ctx, requestId, { actorId: principal.oid, actorName: principal.name, action: "auth.signIn", target: principal.username || principal.oid, outcome: "success", requestId, detail: `roles: ${principal.roles.join(", ") || "none"}` });
    headers.append("set-cookie", serializeCookie(sessionCookie(fresh, cookieMaxAgeSeconds(row.absoluteExpiresAt, now), ctx.consoleUrl)));
    return sessionResponse(principal, row, headers);
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
  const secret = cookieFromHeader(req.headers.get("cookie"), SESSION_COOKIE);
  // A page on another port of the same host is same-site, so the SameSite=Strict cookie rides
  // along on its DELETE: without this check any such page could sign the admin out at will.
  const origin = checkSameOrigin(req, ctx.consoleUrl, secret !== undefined);
  if (!origin.ok) return Response.json({ error: { code: "forbidden", message: origin.message } }, { status: 403, headers });
  headers.append("set-cookie", serializeCookie(clearedSessionCookie(ctx.consoleUrl)));
  try {
    if (secret) {
      const hash = hashSessionSecret(secret);
      const pool = ctx.pool ?? getPool();
      const row = await findConsoleSession(pool, hash);
      const ended = row ? await endConsoleSession(pool, { tokenHash: hash }, row.oid, "signed_out", ctx.now?.() ?? new Date()) : undefined;
      if (ended) {
        await audit(ctx, requestId, { actorId: ended.oid, actorName: ended.name, action: "auth.signOut", target: ended.username || ended.oid, outcome: "success", requestId });
      }
    }
  } catch (err) {
    // The cookie is cleared either way; a store that could not end the row must be visible.
    const res = internalError(requestId, "session: sign-out", err);
    return Response.json({ error: res.error }, { status: 500, headers });
  }
  return Response.json({ signedOut: true }, { status: 200, headers });
}

async function liveSession(pool: pg.Pool, secret: string, now: Date, lifetimes: SessionLifetimes): Promise<ConsoleSessionRow | undefined> {
  const row = await findConsoleSession(pool, hashSessionSecret(secret));
  return row && judgeSession(row, now, lifetimes).state === "active" ? row : undefined;
}

function sessionResponse(principal: Principal, row: ConsoleSessionRow, headers: Headers): Response {
  return Response.json(
    { name: principal.name, username: principal.username, roles: principal.roles, expiresAt: principal.expiresAt.toISOString(), sessionEndsAt: row.absoluteExpiresAt.toISOString() },
    { status: 200, headers },
  );
}

/** For the admin list only (never for a decision): the first X-Forwarded-For hop the ingress set. */
function clientAddress(req: Request): string | undefined {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || undefined;
}

async function audit(ctx: SessionRouteContext, requestId: string, entry: Parameters<AuditWriter>[0]): Promise<void> {
  try {
    await ctx.audit(redactedEntry(entry));
  } catch (err) {
    internalError(requestId, `audit write failed for ${entry.action}`, err);
  }
}

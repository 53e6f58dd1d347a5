/**
 * The console session: an httpOnly, SameSite=Strict cookie holding an opaque 256-bit random
 * secret; the session itself is a row in the console store (lib/store/console-sessions.ts)
 * found by the secret's SHA-256. Every request reads the row (no cache), so sign-out or an
 * admin ending a session is refused by every replica on the next request, and the idle timeout
 * and absolute lifetime hold however many replicas serve the user.
 */
import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import { config } from "@/lib/config";
import { findConsoleSession, touchConsoleSession, type ConsoleSessionRow } from "@/lib/store/console-sessions";
import { getPool } from "@/lib/store/db";
import { AuthError } from "./errors";
import { consoleRoles } from "./permissions";
import { judgeSession, lifetimesFromConfig, type SessionLifetimes } from "./session-policy";
import type { Principal } from "./token";

export const SESSION_COOKIE = "ohc_session";

export interface SessionInfo {
  /** The admin list's handle (not a credential). */
  id: string;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export type Session =
  | { status: "signed-in"; principal: Principal; session: SessionInfo }
  | { status: "signed-out" }
  | { status: "expired"; reason: string }
  | { status: "invalid"; reason: string };

export interface SessionStoreOptions {
  /** Default: the console store's pool. Tests pass one per simulated replica. */
  pool?: pg.Pool;
  lifetimes?: SessionLifetimes;
  now?: () => Date;
}

/** 32 random bytes, base64url (43 characters): the only copy of the secret is the browser's cookie. */
export function newSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function isWellFormedSecret(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

export function sessionLifetimes(opts: SessionStoreOptions = {}): SessionLifetimes {
  return opts.lifetimes ?? lifetimesFromConfig(config());
}

/** Session from a cookie value (framework-free core; `getSession` in ./server adapts Next). */
export async function sessionFromCookie(value: string | undefined, opts: SessionStoreOptions = {}): Promise<Session> {
  if (!value) return { status: "signed-out" };
  if (!isWellFormedSecret(value)) return { status: "invalid", reason: "The session cookie is not one this console issued. Sign in again." };
  const pool = opts.pool ?? getPool();
  const row = await findConsoleSession(pool, hashSessionSecret(value));
  if (!row) return { status: "invalid", reason: "The console does not know this session (it may have been removed). Sign in again." };
  const now = opts.now?.() ?? new Date();
  const lifetimes = sessionLifetimes(opts);
  const verdict = judgeSession(row, now, lifetimes);
  switch (verdict.state) {
    case "ended":
      return { status: "expired", reason: row.endReason === "ended_by_admin" ? "An administrator ended your session." : "You signed out of this session." };
    case "expired":
      return { status: "expired", reason: `Sessions last at most ${Math.round(lifetimes.absoluteMs / 3_600_000)} hours after sign-in.` };
    case "idle":
      return { status: "expired", reason: `The session ended after ${Math.round(lifetimes.idleMs / 60_000)} minutes without activity.` };
    case "active":
      if (verdict.touch) await touchConsoleSession(pool, row.id, now);
      return {
        status: "signed-in",
        principal: principalOf(row),
        session: { id: row.id, createdAt: row.createdAt, idleExpiresAt: verdict.idleExpiresAt, absoluteExpiresAt: row.absoluteExpiresAt },
      };
  }
}

/**
 * The session principal or the AuthError that refuses it: what the action wrapper and route
 * handlers authenticate with (`authorize` in ./action).
 */
export function sessionVerifier(opts: SessionStoreOptions = {}): (cookieValue: string) => Promise<Principal> {
  return async (cookieValue) => {
    const session = await sessionFromCookie(cookieValue, opts);
    switch (session.status) {
      case "signed-in":
        return session.principal;
      case "signed-out":
        throw new AuthError("no_session");
      case "expired":
        throw new AuthError("session_expired", `Your session has ended: ${session.reason} Sign in again to continue.`);
      case "invalid":
        throw new AuthError("invalid_token", session.reason);
    }
  };
}

/** The configured verifier: the console store's sessions. */
export const principalFromSessionCookie = (cookieValue: string): Promise<Principal> => sessionVerifier()(cookieValue);

function principalOf(row: ConsoleSessionRow): Principal {
  // `expiresAt` stays the IdP token's expiry: the session keeper renews the principal before it.
  return { oid: row.oid, tid: row.tid, name: row.name, username: row.username, roles: consoleRoles(row.roles), expiresAt: row.tokenExpiresAt };
}

export interface CookieSpec {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "strict";
  path: "/";
  secure: boolean;
  maxAge: number;
}

/** The cookie that carries the session secret; it lives no longer than the session's absolute expiry. */
export function sessionCookie(secret: string, maxAgeSeconds: number, consoleUrl: string): CookieSpec {
  return { name: SESSION_COOKIE, value: secret, httpOnly: true, sameSite: "strict", path: "/", secure: consoleUrl.startsWith("https://"), maxAge: maxAgeSeconds };
}

export function clearedSessionCookie(consoleUrl: string): CookieSpec {
  return sessionCookie("", 0, consoleUrl);
}

/** Serialises a cookie for a Set-Cookie header (route handlers built on plain Response). */
export function serializeCookie(spec: CookieSpec): string {
  const parts = [`${spec.name}=${encodeURIComponent(spec.value)}`, `Path=${spec.path}`, `Max-Age=${spec.maxAge}`, "HttpOnly", "SameSite=Strict"];
  if (spec.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Reads one cookie from a Cookie header. */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

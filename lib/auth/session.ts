/**
 * The console session: an httpOnly, SameSite=Strict cookie holding the verified access token.
 * It is re-verified on every request (stateless: any replica can serve any request), so the
 * session ends exactly when the token does unless the browser renews it (POST /api/session).
 */
import { AuthError } from "./errors";
import { verifyAccessToken, type Principal } from "./token";

export const SESSION_COOKIE = "ohc_session";

export type Session =
  | { status: "signed-in"; principal: Principal }
  | { status: "signed-out" }
  | { status: "expired" }
  | { status: "invalid"; reason: string };

/** Session from a cookie value (framework-free core; `getSession` in ./server adapts Next). */
export async function sessionFromToken(token: string | undefined): Promise<Session> {
  if (!token) return { status: "signed-out" };
  try {
    return { status: "signed-in", principal: await verifyAccessToken(token) };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    if (err.code === "session_expired") return { status: "expired" };
    return { status: "invalid", reason: err.message };
  }
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

/** The cookie that carries a verified token until it expires. */
export function sessionCookie(token: string, principal: Pick<Principal, "expiresAt">, consoleUrl: string, now = new Date()): CookieSpec {
  const maxAge = Math.max(0, Math.floor((principal.expiresAt.getTime() - now.getTime()) / 1000));
  return { name: SESSION_COOKIE, value: token, httpOnly: true, sameSite: "strict", path: "/", secure: consoleUrl.startsWith("https://"), maxAge };
}

export function clearedSessionCookie(consoleUrl: string): CookieSpec {
  return { ...sessionCookie("", { expiresAt: new Date(0) }, consoleUrl), maxAge: 0 };
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

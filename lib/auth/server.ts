/**
 * Next.js adapters for server components: the request's session (read once per request) and
 * the principal a page may show data to. Pages check for themselves because layouts and pages
 * render independently in the App Router; server actions go through `defineAction` instead.
 */
import { cookies } from "next/headers";
import { cache } from "react";
import { hasPermission, type Permission } from "./permissions";
import { SESSION_COOKIE, sessionFromCookie, type Session } from "./session";
import type { Principal } from "./token";

export const getSession = cache(async (): Promise<Session> => {
  const jar = await cookies();
  return sessionFromCookie(jar.get(SESSION_COOKIE)?.value);
});

/** The signed-in principal when it holds `permission`, else null (the layout shows why). */
export async function pagePrincipal(permission: Permission = "console.read"): Promise<Principal | null> {
  const session = await getSession();
  if (session.status !== "signed-in") return null;
  return hasPermission(session.principal.roles, permission) ? session.principal : null;
}

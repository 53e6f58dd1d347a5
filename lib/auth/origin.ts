/**
 * Cross-origin write protection for route handlers. The session cookie is SameSite=Strict, but
 * "site" is scheme + registrable domain: a page on another port or subdomain of the same host is
 * same-site and its `fetch(..., { mode: "no-cors", credentials: "include" })` carries the cookie.
 * So a cookie-authenticated unsafe request must come from the console's own origin. Server actions
 * get the same check from Next itself (Origin vs Host); this is the route handlers' equivalent.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Only changes are checked; reads carry no side effects to forge. */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export type OriginVerdict = { ok: true } | { ok: false; message: string };

/**
 * Whether `req` may change something with the cookie it carries. Requests authenticated by an
 * `Authorization` header are not checked: a browser never attaches that header on its own, and
 * setting it cross-origin needs a CORS preflight the console never grants.
 */
export function checkSameOrigin(req: Request, consoleUrl: string, cookieAuthenticated: boolean): OriginVerdict {
  if (!cookieAuthenticated || SAFE_METHODS.has(req.method.toUpperCase())) return { ok: true };
  const expected = new URL(consoleUrl).origin;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === expected) return { ok: true };
    return { ok: false, message: `Refused a change sent from another origin (${origin.slice(0, 200)}); the console only accepts changes from ${expected}.` };
  }
  // Browsers omit Origin on some same-origin requests; Fetch Metadata still says where it came from.
  if (req.headers.get("sec-fetch-site") === "same-origin") return { ok: true };
  return { ok: false, message: `Refused a change without an Origin header; the console only accepts changes from ${expected} (a script sends an Origin header naming it, with its session cookie).` };
}

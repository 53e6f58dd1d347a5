/**
 * Every page, asset and not-found answer gets the security headers with a fresh CSP nonce (Next 16's
 * documented pattern: the nonce goes into the request's CSP header, Next reads it from there and
 * puts it on its own scripts; every page is dynamic because the root layout awaits `connection()`),
 * and a request id (the caller's `x-request-id` when it is a sane token, else a new UUID) passed on
 * to the route and returned, with one structured log line.
 *
 * Requests with a body are left out on purpose. A Node proxy that matches a POST makes Next tee the
 * body for it and wait for the whole upload before routing (next/dist/server/body-streams.js), so
 * an anonymous 60 MB POST would be read in full before the route handler could refuse it. Those
 * requests are route handler calls and server actions: route handlers set the same headers
 * themselves (lib/auth/route.ts), and the static ones also come from next.config.ts.
 */
import { NextResponse, type NextRequest } from "next/server";
import { config as consoleConfig } from "@/lib/config";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/security/headers";
import { tagRequest } from "@/lib/telemetry/request-log";

export function proxy(request: NextRequest): NextResponse {
  const cfg = consoleConfig();
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, consoleUrl: cfg.CONSOLE_URL, authority: cfg.AUTH_AUTHORITY, dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const requestId = tagRequest(request, requestHeaders);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  for (const [name, value] of Object.entries(securityHeaders(cfg.CONSOLE_URL))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/:path*",
      // No body: see above. Every HTTP/1.1 body is announced by one of these two headers.
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
  ],
};

/**
 * Every request gets a request id (the caller's `x-request-id` when it is a sane token, else a
 * new UUID), passed on to the route as a request header and returned in the response, and one
 * structured log line. Static assets are skipped so the log stays about the console's work.
 */
import { NextResponse, type NextRequest } from "next/server";
import { log } from "@/lib/telemetry/logger";
import { requestIdFrom } from "@/lib/telemetry/request-id";

export function proxy(request: NextRequest): NextResponse {
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  log.info("request", { requestId, method: request.method, path: request.nextUrl.pathname });
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};

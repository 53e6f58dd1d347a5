/**
 * The proxy's request-id step (proxy.ts): the caller's id or a new one, set on the headers the
 * route receives, and one structured log line per request (Next's own asset requests aside).
 */
import { log } from "./logger";
import { requestIdFrom } from "./request-id";

export function tagRequest(request: { method: string; headers: Headers; nextUrl: { pathname: string } }, routeHeaders: Headers): string {
  const requestId = requestIdFrom(request.headers.get("x-request-id"));
  routeHeaders.set("x-request-id", requestId);
  if (!request.nextUrl.pathname.startsWith("/_next/")) log.info("request", { requestId, method: request.method, path: request.nextUrl.pathname });
  return requestId;
}

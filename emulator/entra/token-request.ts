/**
 * Adapts token requests as Entra clients send them to what oidc-provider accepts. Pure: the
 * server applies the result to the request before handing it to the provider.
 *
 * - client_secret_basic: oidc-provider accepts one auth method per client, Entra accepts both;
 *   a Basic header becomes client_id/client_secret in the body.
 * - refresh_token: MSAL re-sends `offline_access`, which oidc-provider never keeps in a grant
 *   without prompt=consent, so it would fail with "refresh token missing requested scope".
 */
import { withoutOfflineAccess } from "./resources";

export interface RewrittenTokenRequest {
  body: URLSearchParams;
  /** True when the Authorization header was folded into the body and must be removed. */
  dropAuthorization: boolean;
}

export class MalformedClientAuthError extends Error {}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64. */
function decodeBasic(header: string): { id: string; secret: string } {
  const decoded = Buffer.from(header.slice("basic ".length).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new MalformedClientAuthError("client_secret_basic credentials must be <client_id>:<client_secret>");
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")) };
  } catch {
    throw new MalformedClientAuthError("client_secret_basic credentials are not form-urlencoded");
  }
}

export function rewriteTokenRequest(input: URLSearchParams, authorization: string | undefined): RewrittenTokenRequest {
  const body = new URLSearchParams(input);
  let dropAuthorization = false;
  if (authorization && /^basic /i.test(authorization)) {
    const { id, secret } = decodeBasic(authorization);
    const bodyId = body.get("client_id");
    if (bodyId !== null && bodyId !== id) throw new MalformedClientAuthError("client_id in the body differs from the one in the Authorization header");
    body.set("client_id", id);
    body.set("client_secret", secret);
    dropAuthorization = true;
  }
  const scope = body.get("scope");
  if (body.get("grant_type") === "refresh_token" && scope !== null) {
    const kept = withoutOfflineAccess(scope);
    if (kept) body.set("scope", kept);
    else body.delete("scope");
  }
  return { body, dropAuthorization };
}

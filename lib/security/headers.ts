/**
 * The console's HTTP security headers, computed from configuration at request time (one build
 * serves any tenant, so nothing here may be fixed at build time). `proxy.ts` puts them on every
 * page, asset and not-found answer; `lib/auth/route.ts` on route handlers' answers to requests
 * with a body (which the proxy skips, see proxy.ts).
 */

/** Features the console never uses; denying them means injected or framed content cannot either. */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "encrypted-media=()",
  "fullscreen=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "picture-in-picture=()",
  "publickey-credentials-get=()",
  "serial=()",
  "usb=()",
].join(", ");

/**
 * The headers that do not depend on configuration. next.config.ts also sets these on every route at
 * build time, which covers the answers the proxy skips (server actions, see proxy.ts).
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": PERMISSIONS_POLICY,
};

/** Headers for every response, whatever its kind. HSTS only when the console is served over HTTPS. */
export function securityHeaders(consoleUrl: string): Record<string, string> {
  const headers: Record<string, string> = { ...STATIC_SECURITY_HEADERS };
  if (isHttps(consoleUrl)) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

export interface CspInput {
  /** Fresh per request: the only way an inline or loaded script runs. */
  nonce: string;
  consoleUrl: string;
  /** `AUTH_AUTHORITY`: MSAL fetches its discovery document and token endpoint, and may renew in a hidden iframe. */
  authority: string;
  /** `next dev` needs eval for React's debugging aids; never set in production. */
  dev?: boolean;
}

/**
 * The page CSP, after Next 16's documented nonce pattern: scripts only with this request's nonce
 * (`'strict-dynamic'` lets Next's bootstrap load its chunks), styles from self or with the nonce.
 * `style-src-attr 'unsafe-inline'` keeps server-rendered `style=` attributes (bar widths in charts)
 * working: an attribute can style but never run script. The sign-in authority's origin is the one
 * other origin, for MSAL's fetches (connect-src) and silent renewal iframe (frame-src); the sign-in
 * redirect itself is a top-level navigation, which CSP does not restrict.
 */
export function contentSecurityPolicy({ nonce, consoleUrl, authority, dev = false }: CspInput): string {
  const authorityOrigin = new URL(authority).origin;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${authorityOrigin}`,
    `frame-src ${authorityOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (isHttps(consoleUrl)) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** For answers that are never rendered as a page (JSON): nothing may load, nobody may frame. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A fresh, unguessable nonce (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

function isHttps(url: string): boolean {
  return new URL(url).protocol === "https:";
}

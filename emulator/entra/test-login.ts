/**
 * A browserless sign-in against the local Entra for tests: the SPA's authorization-code + PKCE
 * flow over plain HTTP (manual redirects and cookies), picking a demo user on the sign-in page,
 * then the same token requests MSAL sends. Yields real tokens issued by the running provider.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

export const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
  client_info: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Cookies of one user agent; enough for the provider's own cookies (paths ignored). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  jwks_uri: string;
  issuer: string;
}

export async function fetchDiscovery(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery failed: ${res.status}`);
  return z
    .object({ authorization_endpoint: z.string(), token_endpoint: z.string(), end_session_endpoint: z.string(), jwks_uri: z.string(), issuer: z.string() })
    .parse(await res.json());
}

/** GET/POST without following redirects, carrying the jar's cookies. */
export async function browserRequest(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { cookie: jar.header() };
  let body: string | undefined;
  if (init.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(url, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
  jar.store(res);
  return res;
}

function location(res: Response, base: string): string {
  const loc = res.headers.get("location");
  if (!loc || res.status < 300 || res.status >= 400) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(loc, base).href;
}

export interface SignInOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** Demo user key: admin, operator, reader, norole. */
  user: string;
  scopes: string[];
  /** Sent as Origin on the token request, as the browser does for the SPA. */
  origin?: string;
  jar?: CookieJar;
}

export interface SignInResult {
  tokens: TokenResponse;
  /** The token endpoint's CORS answer to the console origin. */
  allowOrigin: string | null;
  jar: CookieJar;
  discovery: Discovery;
  /** HTML of the sign-in page that was shown. */
  signInPageHtml: string;
}

export async function signInWithoutBrowser(opts: SignInOptions): Promise<SignInResult> {
  const discovery = await fetchDiscovery(opts.issuer);
  const jar = opts.jar ?? new CookieJar();
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const state = randomBytes(8).toString("hex");
  const authorize = new URL(discovery.authorization_endpoint);
  // The parameters msal-browser sends (response_mode fragment, client_info, x-client-*).
  for (const [k, v] of Object.entries({
    client_id: opts.clientId, scope: opts.scopes.join(" "), redirect_uri: opts.redirectUri, response_type: "code",
    response_mode: "fragment", code_challenge: challenge, code_challenge_method: "S256", state, nonce: randomBytes(8).toString("hex"),
    client_info: "1", "x-client-SKU": "msal.js.browser", "x-client-VER": "5.30.0", "client-request-id": crypto.randomUUID(),
  })) authorize.searchParams.set(k, v);

  const toLogin = location(await browserRequest(jar, authorize.href), authorize.href);
  const page = await browserRequest(jar, toLogin);
  const signInPageHtml = await page.text();
  if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}: ${signInPageHtml.slice(0, 300)}`);
  const resume = location(await browserRequest(jar, toLogin, { form: { user: opts.user } }), toLogin);
  const back = location(await browserRequest(jar, resume), resume);
  if (!back.startsWith(opts.redirectUri)) throw new Error(`redirected to ${back}, not to the redirect URI`);
  const fragment = new URLSearchParams(new URL(back).hash.slice(1));
  if (fragment.get("error")) throw new Error(`authorization failed: ${fragment.get("error")} ${fragment.get("error_description") ?? ""}`);
  if (fragment.get("state") !== state) throw new Error("state mismatch");
  const code = fragment.get("code");
  if (!code) throw new Error(`no code in ${back}`);

  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(opts.origin ? { origin: opts.origin } : {}) },
    body: new URLSearchParams({
      client_id: opts.clientId, redirect_uri: opts.redirectUri, scope: opts.scopes.join(" "), code, code_verifier: verifier,
      grant_type: "authorization_code", client_info: "1", "x-client-SKU": "msal.js.browser",
    }),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`token request failed: ${res.status} ${JSON.stringify(json)}`);
  return { tokens: tokenResponseSchema.parse(json), allowOrigin: res.headers.get("access-control-allow-origin"), jar, discovery, signInPageHtml };
}

/** The refresh request exactly as MSAL sends it (offline_access and all scopes again). */
export async function refreshAsMsal(opts: { tokenEndpoint: string; clientId: string; refreshToken: string; scopes: string[]; origin?: string }): Promise<Response> {
  return fetch(opts.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(opts.origin ? { origin: opts.origin } : {}) },
    body: new URLSearchParams({
      client_id: opts.clientId, scope: opts.scopes.join(" "), grant_type: "refresh_token", refresh_token: opts.refreshToken,
      client_info: "1", "x-client-SKU": "msal.js.browser",
    }),
  });
}

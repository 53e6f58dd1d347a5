/**
 * Browser side of the session: turn the MSAL sign-in into the server's cookie session, renew
 * it, end it. Client-only (uses MSAL and fetch against this origin); holds no secrets itself —
 * the access token goes once to POST /api/session, which answers with an httpOnly cookie
 * holding an opaque server-side session id (lib/auth/session.ts).
 */
// Types only: a value import would put MSAL into every page's first load (lib/auth/msal-instance.ts).
import type { AccountInfo, Configuration, IPublicClientApplication } from "@azure/msal-browser";
import type { PublicAuthConfig } from "./msal-config";

export function msalConfiguration(auth: PublicAuthConfig): Configuration {
  return {
    auth: {
      clientId: auth.clientId,
      authority: auth.authority,
      knownAuthorities: auth.knownAuthorities,
      redirectUri: auth.redirectUri,
      postLogoutRedirectUri: auth.postLogoutRedirectUri,
    },
    // sessionStorage, never localStorage: tokens do not outlive the tab nor reach other tabs.
    // The console's credential is the httpOnly session cookie; an access token MSAL holds is
    // accepted only by POST /api/session (routes refuse bearer tokens), so a token read by
    // injected script is no session of its own beyond what that script could do in the page.
    cache: { cacheLocation: "sessionStorage" },
    // msal-browser v5 reads protocolMode from `system` (auth.protocolMode is ignored).
    system: { protocolMode: auth.protocolMode },
  };
}

export function currentAccount(instance: IPublicClientApplication): AccountInfo | null {
  return instance.getActiveAccount() ?? instance.getAllAccounts()[0] ?? null;
}

export class SessionRequestError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SessionRequestError";
  }
}

/**
 * Gets the console API token silently and hands it to the server, which sets the cookie.
 * `renew` skips the cached token and redeems the refresh token, and asks the server only to
 * renew the live session (never to start one: the idle timeout must hold for an open tab).
 * Never falls back to the hidden iframe (v5 would need a redirect-bridge page, and it only
 * times out slowly): without a refresh token the session lives on until its idle or absolute end.
 */
export async function establishSession(instance: IPublicClientApplication, auth: PublicAuthConfig, account: AccountInfo, renew = false): Promise<void> {
  // Already loaded by whoever created `instance`: this import only reads the enum.
  const { CacheLookupPolicy } = await import("@azure/msal-browser");
  const cacheLookupPolicy = renew ? CacheLookupPolicy.RefreshToken : CacheLookupPolicy.AccessTokenAndRefreshToken;
  const result = await instance.acquireTokenSilent({ scopes: [auth.apiScope], account, cacheLookupPolicy });
  const res = await fetch(renew ? "/api/session?renew=1" : "/api/session", { method: "POST", headers: { authorization: `Bearer ${result.accessToken}` }, credentials: "same-origin" });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const error = body && typeof body === "object" && "error" in body ? (body.error as { code?: unknown; message?: unknown }) : undefined;
    throw new SessionRequestError(
      typeof error?.code === "string" ? error.code : "session_failed",
      typeof error?.message === "string" ? error.message : `The console refused the sign-in (HTTP ${res.status}).`,
    );
  }
}

/** `returnTo`: the console page to land on after sign-in (default: the page that started it). */
export async function signIn(instance: IPublicClientApplication, auth: PublicAuthConfig, returnTo?: string): Promise<void> {
  const redirectStartPage = returnTo ? new URL(returnTo, auth.redirectUri).toString() : undefined;
  await instance.loginRedirect({ scopes: auth.loginScopes, redirectStartPage });
}

/** Ends the console session (audited server-side), then the MSAL account and the IdP session. */
export async function signOut(msal: IPublicClientApplication | Promise<IPublicClientApplication>, auth: PublicAuthConfig): Promise<void> {
  // The session ends first, whether or not MSAL (still loading, see msal-instance.ts) can follow.
  await fetch("/api/session", { method: "DELETE", credentials: "same-origin" }).catch(() => undefined);
  const instance = await msal;
  await instance.logoutRedirect({ account: currentAccount(instance), postLogoutRedirectUri: auth.postLogoutRedirectUri });
}

export function describeError(err: unknown): string {
  if (err instanceof SessionRequestError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return "Sign-in failed for an unknown reason.";
}

/** MSAL's codes for "the authority did not answer" (discovery fetch failed: TLS, DNS, proxy, offline). */
const UNREACHABLE_AUTHORITY = new Set(["endpoints_resolution_error", "network_error", "no_network_connectivity", "openid_config_error"]);

/**
 * Why a sign-in redirect could not start, in words an admin can act on. MSAL's own text
 * ("Endpoints cannot be resolved") does not say which address failed or why that happens.
 */
export function describeSignInFailure(err: unknown, authority: string): string {
  const code = err && typeof err === "object" && "errorCode" in err && typeof err.errorCode === "string" ? err.errorCode : undefined;
  if (code && UNREACHABLE_AUTHORITY.has(code)) {
    return `This browser could not reach the sign-in authority ${authority} (${code}). Open that address in this browser: an untrusted certificate (a private CA not installed here), a proxy or firewall, or a wrong AUTH_AUTHORITY in the console's configuration is the usual cause.`;
  }
  return describeError(err);
}


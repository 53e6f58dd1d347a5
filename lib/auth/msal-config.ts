/**
 * The browser's sign-in settings, computed on the server from `config()` at request time and
 * passed to the client as props: one build runs against any tenant (no NEXT_PUBLIC_ values).
 * Only public values belong here; the type is the whole contract with the browser.
 */
import type { ConsoleConfig } from "@/lib/config";

export interface PublicAuthConfig {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Asked for at sign-in: OIDC scopes plus the console API scope (see toolchain.md §6). */
  loginScopes: string[];
  /** The console API scope; its access token becomes the session. */
  apiScope: string;
  protocolMode: "AAD" | "OIDC";
}

/** Hosts where MSAL's Entra-specific protocol (AAD mode) applies. */
const MICROSOFT_LOGIN_HOSTS = ["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", "login.microsoft.com", "login.windows.net", "login.chinacloudapi.cn", "login.microsoftonline.de"];

export function defaultProtocolMode(authority: string): "AAD" | "OIDC" {
  const host = new URL(authority).hostname.toLowerCase();
  return MICROSOFT_LOGIN_HOSTS.includes(host) || host.endsWith(".ciamlogin.com") ? "AAD" : "OIDC";
}

export function publicAuthConfig(cfg: Pick<ConsoleConfig, "AUTH_AUTHORITY" | "AUTH_SPA_CLIENT_ID" | "AUTH_API_SCOPE" | "CONSOLE_URL" | "AUTH_PROTOCOL_MODE">): PublicAuthConfig {
  const consoleUrl = cfg.CONSOLE_URL.replace(/\/+$/, "");
  const authority = new URL(cfg.AUTH_AUTHORITY);
  return {
    clientId: cfg.AUTH_SPA_CLIENT_ID,
    authority: cfg.AUTH_AUTHORITY,
    knownAuthorities: [authority.host],
    redirectUri: `${consoleUrl}/`,
    postLogoutRedirectUri: `${consoleUrl}/signed-out`,
    loginScopes: ["openid", "profile", "offline_access", cfg.AUTH_API_SCOPE],
    apiScope: cfg.AUTH_API_SCOPE,
    protocolMode: cfg.AUTH_PROTOCOL_MODE ?? defaultProtocolMode(cfg.AUTH_AUTHORITY),
  };
}

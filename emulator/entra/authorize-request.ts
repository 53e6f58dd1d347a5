/**
 * Adapts authorization requests as MSAL sends them to Entra into what oidc-provider accepts. Pure.
 *
 * - prompt=select_account (MSAL's "switch account") is Entra's account picker; oidc-provider
 *   knows only none/login/consent, and our login page *is* the picker → prompt=login.
 * - The SPA's scope is widened to every API of the tenant (see withAllApiScopes).
 */
import { withAllApiScopes, type ResourceApi } from "./resources";

export function rewriteAuthorizeQuery(query: URLSearchParams, spaClientId: string, apis: ResourceApi[]): URLSearchParams {
  const out = new URLSearchParams(query);
  const prompt = out.get("prompt");
  if (prompt !== null) {
    const prompts = prompt.split(" ").filter(Boolean).map((p) => (p === "select_account" ? "login" : p));
    out.set("prompt", [...new Set(prompts)].join(" "));
  }
  const scope = out.get("scope");
  if (out.get("client_id") === spaClientId && scope) out.set("scope", withAllApiScopes(scope, apis));
  return out;
}

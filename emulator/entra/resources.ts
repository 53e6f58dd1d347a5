/**
 * Entra addresses APIs by scope strings (`<resource>/<permission>` or `<resource>/.default`);
 * oidc-provider addresses them by RFC 8707 resource indicators. These pure functions translate
 * the first into the second, so clients send exactly what they send to real Entra.
 */

export const ARM_RESOURCE = "https://management.azure.com";
export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

export interface ResourceApi {
  /** Resource indicator and token audience, e.g. "api://openhands-console". */
  audience: string;
  /** Delegated permissions users may consent to, without the resource prefix. */
  delegatedScopes: string[];
}

export function resourceApis(apiAudience: string): ResourceApi[] {
  return [
    { audience: apiAudience, delegatedScopes: ["Console.Access"] },
    { audience: ARM_RESOURCE, delegatedScopes: ["user_impersonation"] },
  ];
}

/** "https://management.azure.com//.default" → "https://management.azure.com"; OIDC scopes → undefined. */
export function resourceOfScope(scope: string): string | undefined {
  if (OIDC_SCOPES.has(scope)) return undefined;
  const slash = scope.lastIndexOf("/");
  // A scope without a resource prefix ("User.Read") means Microsoft Graph in Entra: not served here.
  if (slash <= 0 || !scope.includes("://")) return undefined;
  const resource = scope.slice(0, slash).replace(/\/+$/, "");
  return resource.includes("://") ? resource : undefined;
}

/** Distinct resources named by a space-separated scope string, in request order. */
export function resourcesOfScopeString(scope: string | undefined): string[] {
  const found: string[] = [];
  for (const s of (scope ?? "").split(" ").filter(Boolean)) {
    const r = resourceOfScope(s);
    if (r !== undefined && !found.includes(r)) found.push(r);
  }
  return found;
}

/** The permission name without its resource: "api://x/Console.Access" → "Console.Access". */
export function shortScopeName(scope: string): string {
  const r = resourceOfScope(scope);
  return r === undefined ? scope : scope.slice(scope.lastIndexOf("/") + 1);
}

/** Resource indicators compare without a trailing slash (URL parsing adds one to bare hosts). */
export function canonicalResource(indicator: string): string {
  return indicator.replace(/\/+$/, "");
}

/** Removes `offline_access` from a refresh request's scope (see rewriteTokenRequest). */
export function withoutOfflineAccess(scope: string): string {
  return scope.split(" ").filter((s) => s && s !== "offline_access").join(" ");
}

/**
 * Entra refresh tokens are multi-resource: one sign-in lets MSAL later get tokens for any
 * consented API silently. oidc-provider binds a refresh token to the scopes of its sign-in, so a
 * sign-in that asks for one API is widened to the delegated scopes of every API in the tenant.
 * The access token of the sign-in itself stays for the first API asked for.
 */
export function withAllApiScopes(scope: string, apis: ResourceApi[]): string {
  const scopes = scope.split(" ").filter(Boolean);
  if (resourcesOfScopeString(scope).length === 0) return scopes.join(" ");
  const wanted = apis.flatMap((a) => a.delegatedScopes.map((d) => `${a.audience}/${d}`));
  return [...scopes, ...wanted.filter((w) => !scopes.includes(w))].join(" ");
}

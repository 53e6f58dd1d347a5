/**
 * The console's two Entra app registrations as Microsoft Graph `application` bodies: the API
 * (app roles Console.Admin / Operator / Reader, delegated scope Console.Access, v2 tokens) and
 * the SPA (redirect URI = the console's URL, permission to that scope). Ids are deterministic
 * per API name so re-running the script updates instead of duplicating roles.
 */
import { createHash } from "node:crypto";
import { CONSOLE_ROLES, ROLE_DESCRIPTIONS } from "../../lib/auth/permissions";

/** A stable GUID from a name (roles and scopes keep their id across runs: Graph refuses id changes of enabled ones). */
export function stableGuid(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const ACCESS_SCOPE = "Console.Access";

export function apiApplication(displayName: string) {
  return {
    displayName,
    signInAudience: "AzureADMyOrg",
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [
        {
          id: stableGuid(`${displayName}/${ACCESS_SCOPE}`),
          value: ACCESS_SCOPE,
          type: "User",
          isEnabled: true,
          adminConsentDisplayName: "Use the OpenHands Azure Console",
          adminConsentDescription: "Lets the console's web app call its own server as the signed-in admin.",
          userConsentDisplayName: "Use the OpenHands Azure Console",
          userConsentDescription: "Lets the console's web app call its own server as you.",
        },
      ],
    },
    appRoles: CONSOLE_ROLES.map((role) => ({
      id: stableGuid(`${displayName}/${role}`),
      value: role,
      displayName: role,
      description: ROLE_DESCRIPTIONS[role],
      allowedMemberTypes: ["User"],
      isEnabled: true,
    })),
  };
}

export function spaApplication(displayName: string, consoleUrl: string, api: { appId: string; displayName: string }) {
  const base = consoleUrl.replace(/\/+$/, "");
  return {
    displayName,
    signInAudience: "AzureADMyOrg",
    spa: { redirectUris: [`${base}/`] },
    web: { logoutUrl: `${base}/signed-out` },
    requiredResourceAccess: [{ resourceAppId: api.appId, resourceAccess: [{ id: stableGuid(`${api.displayName}/${ACCESS_SCOPE}`), type: "Scope" }] }],
  };
}

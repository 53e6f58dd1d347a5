/**
 * The one MSAL PublicClientApplication of a browser tab, loaded on demand. MSAL is the largest
 * script of the console (~87 kB gzip) and most page loads never need it: a signed-in page uses the
 * httpOnly session cookie, and needs MSAL only to renew the principal shortly before the IdP token
 * expires or to sign out; the sign-in page needs it once the admin clicks, or when it lands with an
 * Entra response or this tab's MSAL cache (lib/auth/msal-state.ts). So nothing imports
 * @azure/msal-browser statically on the page's first load: this module imports it when first asked.
 */
import type { IPublicClientApplication } from "@azure/msal-browser";
import { msalConfiguration } from "./client-session";
import type { PublicAuthConfig } from "./msal-config";

let pending: Promise<IPublicClientApplication> | undefined;

/** The tab's MSAL instance, created and initialised once (MsalProvider's own initialize() is then a no-op). */
export function msalInstance(auth: PublicAuthConfig): Promise<IPublicClientApplication> {
  pending ??= import("@azure/msal-browser").then(async ({ EventType, PublicClientApplication }) => {
    const instance = new PublicClientApplication(msalConfiguration(auth));
    // Keeps the active account in step with sign-ins so silent calls know whom to renew.
    instance.addEventCallback((event) => {
      if ((event.eventType === EventType.LOGIN_SUCCESS || event.eventType === EventType.ACQUIRE_TOKEN_SUCCESS) && event.payload && "account" in event.payload) {
        instance.setActiveAccount(event.payload.account ?? null);
      }
    });
    await instance.initialize();
    return instance;
  });
  pending.catch(() => (pending = undefined)); // a failed chunk load may be retried by the next click
  return pending;
}

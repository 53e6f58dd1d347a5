/**
 * Whether a page must load MSAL before the admin does anything (pure, so it is unit-tested):
 * the URL carries Entra's answer to a sign-in redirect (MSAL's default response mode puts it in
 * the fragment; the query is checked too), or this tab's sessionStorage holds MSAL state — an
 * account to turn into a console session, or an interaction MSAL must finish.
 */
export function msalNeededNow(location: { hash: string; search: string }, storageKeys: readonly string[]): boolean {
  const carriesResponse = (part: string) => {
    const params = new URLSearchParams(part.replace(/^[#?]/, ""));
    return params.has("state") && (params.has("code") || params.has("error"));
  };
  return carriesResponse(location.hash) || carriesResponse(location.search) || storageKeys.some((k) => k.startsWith("msal."));
}

/** The browser's answer to msalNeededNow (false where there is no window, e.g. during server rendering). */
export function msalNeededOnThisPage(): boolean {
  if (typeof window === "undefined") return false;
  let keys: string[] = [];
  try {
    keys = Object.keys(window.sessionStorage);
  } catch {
    // sessionStorage refused (privacy settings): MSAL cannot cache here either; load on click.
  }
  return msalNeededNow(window.location, keys);
}

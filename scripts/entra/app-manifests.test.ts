import { describe, expect, it } from "vitest";
import { apiApplication, spaApplication, stableGuid } from "./app-manifests";

describe("the console's Entra app registrations", () => {
  it("the API defines the three app roles and the Console.Access scope with v2 tokens", () => {
    const api = apiApplication("OpenHands Console API");
    expect(api.appRoles.map((r) => r.value)).toEqual(["Console.Admin", "Console.Operator", "Console.Reader"]);
    expect(api.api.oauth2PermissionScopes[0]).toMatchObject({ value: "Console.Access", type: "User", isEnabled: true });
    expect(api.api.requestedAccessTokenVersion).toBe(2);
    for (const r of api.appRoles) expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("the SPA redirects to the console's URL and asks for the API's scope by its id", () => {
    const spa = spaApplication("OpenHands Console", "https://console.contoso.com/", { appId: "app-1", displayName: "OpenHands Console API" });
    expect(spa.spa.redirectUris).toEqual(["https://console.contoso.com/"]);
    expect(spa.requiredResourceAccess[0]).toEqual({ resourceAppId: "app-1", resourceAccess: [{ id: stableGuid("OpenHands Console API/Console.Access"), type: "Scope" }] });
  });

  it("ids are the same on every run", () => {
    expect(apiApplication("X").appRoles[0]?.id).toBe(apiApplication("X").appRoles[0]?.id);
    expect(apiApplication("X").appRoles[0]?.id).not.toBe(apiApplication("Y").appRoles[0]?.id);
  });
});

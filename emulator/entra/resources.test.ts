import { describe, expect, it } from "vitest";
import { canonicalResource, resourceApis, withAllApiScopes, resourceOfScope, resourcesOfScopeString, shortScopeName, withoutOfflineAccess } from "./resources";

describe("Entra scopes → resource indicators", () => {
  it("derives the resource of permission and .default scopes", () => {
    expect(resourceOfScope("https://management.azure.com/.default")).toBe("https://management.azure.com");
    expect(resourceOfScope("https://management.azure.com//.default")).toBe("https://management.azure.com");
    expect(resourceOfScope("https://management.azure.com/user_impersonation")).toBe("https://management.azure.com");
    expect(resourceOfScope("api://openhands-console/Console.Access")).toBe("api://openhands-console");
  });

  it("treats OIDC scopes and bare Graph permissions as no resource", () => {
    for (const s of ["openid", "profile", "offline_access", "email", "User.Read", "api://nothing"]) expect(resourceOfScope(s)).toBeUndefined();
  });

  it("lists distinct resources in request order", () => {
    expect(resourcesOfScopeString("openid api://openhands-console/Console.Access profile https://management.azure.com/user_impersonation api://openhands-console/Other")).toEqual([
      "api://openhands-console",
      "https://management.azure.com",
    ]);
    expect(resourcesOfScopeString(undefined)).toEqual([]);
  });

  it("shortens permissions to Entra's scp form and normalises indicators", () => {
    expect(shortScopeName("api://openhands-console/Console.Access")).toBe("Console.Access");
    expect(shortScopeName("openid")).toBe("openid");
    expect(canonicalResource("https://management.azure.com/")).toBe("https://management.azure.com");
    expect(withoutOfflineAccess("openid offline_access  api://x/y")).toBe("openid api://x/y");
  });
});

describe("withAllApiScopes", () => {
  const apis = resourceApis("api://openhands-console");
  it("widens a sign-in for one API to every API's delegated scopes, first API first", () => {
    expect(withAllApiScopes("openid profile offline_access api://openhands-console/Console.Access", apis)).toBe(
      "openid profile offline_access api://openhands-console/Console.Access https://management.azure.com/user_impersonation",
    );
    expect(withAllApiScopes("openid https://management.azure.com/user_impersonation", apis)).toBe(
      "openid https://management.azure.com/user_impersonation api://openhands-console/Console.Access",
    );
  });
  it("leaves a plain OIDC sign-in alone", () => {
    expect(withAllApiScopes("openid profile", apis)).toBe("openid profile");
  });
});

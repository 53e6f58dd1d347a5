import { describe, expect, it } from "vitest";
import { rewriteAuthorizeQuery } from "./authorize-request";
import { resourceApis } from "./resources";

const apis = resourceApis("api://openhands-console");

describe("rewriteAuthorizeQuery", () => {
  it("turns MSAL's select_account into login (the demo-user picker)", () => {
    expect(rewriteAuthorizeQuery(new URLSearchParams({ prompt: "select_account" }), "spa", apis).get("prompt")).toBe("login");
    expect(rewriteAuthorizeQuery(new URLSearchParams({ prompt: "none" }), "spa", apis).get("prompt")).toBe("none");
    expect(rewriteAuthorizeQuery(new URLSearchParams({ client_id: "x" }), "spa", apis).has("prompt")).toBe(false);
  });

  it("widens the SPA's scopes to all APIs, and only the SPA's", () => {
    const scope = "openid api://openhands-console/Console.Access";
    expect(rewriteAuthorizeQuery(new URLSearchParams({ client_id: "spa", scope }), "spa", apis).get("scope")).toBe(`${scope} https://management.azure.com/user_impersonation`);
    expect(rewriteAuthorizeQuery(new URLSearchParams({ client_id: "other", scope }), "spa", apis).get("scope")).toBe(scope);
  });
});

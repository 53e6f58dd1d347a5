import { describe, expect, it } from "vitest";
import { defaultProtocolMode, publicAuthConfig } from "./msal-config";

const base = {
  AUTH_SPA_CLIENT_ID: "spa-id",
  AUTH_API_SCOPE: "api://openhands-console/Console.Access",
  CONSOLE_URL: "https://console.contoso.com/",
  AUTH_PROTOCOL_MODE: undefined,
};

describe("publicAuthConfig", () => {
  it("builds the browser's MSAL settings for the local Entra in OIDC mode", () => {
    const cfg = publicAuthConfig({ ...base, CONSOLE_URL: "http://localhost:3000", AUTH_AUTHORITY: "https://localhost:9443/tid/v2.0" });
    expect(cfg).toEqual({
      clientId: "spa-id",
      authority: "https://localhost:9443/tid/v2.0",
      knownAuthorities: ["localhost:9443"],
      redirectUri: "http://localhost:3000/",
      postLogoutRedirectUri: "http://localhost:3000/signed-out",
      loginScopes: ["openid", "profile", "offline_access", "api://openhands-console/Console.Access"],
      apiScope: "api://openhands-console/Console.Access",
      protocolMode: "OIDC",
    });
  });

  it("uses AAD mode for Entra ID unless configured otherwise", () => {
    expect(publicAuthConfig({ ...base, AUTH_AUTHORITY: "https://login.microsoftonline.com/tid/v2.0" }).protocolMode).toBe("AAD");
    expect(publicAuthConfig({ ...base, AUTH_AUTHORITY: "https://login.microsoftonline.com/tid/v2.0", AUTH_PROTOCOL_MODE: "OIDC" }).protocolMode).toBe("OIDC");
    expect(defaultProtocolMode("https://contoso.ciamlogin.com/tid/v2.0")).toBe("AAD");
    expect(defaultProtocolMode("https://idp.example.com/")).toBe("OIDC");
  });

  it("carries no secret-shaped values", () => {
    const cfg = publicAuthConfig({ ...base, AUTH_AUTHORITY: "https://login.microsoftonline.com/tid/v2.0" });
    expect(Object.keys(cfg).sort()).toEqual(["apiScope", "authority", "clientId", "knownAuthorities", "loginScopes", "postLogoutRedirectUri", "protocolMode", "redirectUri"]);
  });
});

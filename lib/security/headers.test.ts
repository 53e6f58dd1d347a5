import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./headers";

describe("contentSecurityPolicy", () => {
  const entra = "https://login.microsoftonline.com/3f2b6a1c-5d4e-4f7a-9b8c-1d2e3f4a5b6c/v2.0";

  it("allows scripts only with the nonce, and the authority's origin (from config) only for MSAL", () => {
    const csp = contentSecurityPolicy({ nonce: "abc123==", consoleUrl: "https://console.contoso.com", authority: entra });
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com;");
    expect(csp).toContain("frame-src https://login.microsoftonline.com;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    // Exactly one origin besides self anywhere in the policy.
    expect(new Set(csp.match(/https?:\/\/[^\s;]+/g))).toEqual(new Set(["https://login.microsoftonline.com"]));
  });

  it("follows another authority (the local Entra) and leaves upgrade-insecure-requests out over http", () => {
    const csp = contentSecurityPolicy({ nonce: "n", consoleUrl: "http://localhost:3000", authority: "https://localhost:9443/t/v2.0" });
    expect(csp).toContain("connect-src 'self' https://localhost:9443;");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("adds unsafe-eval only for next dev", () => {
    expect(contentSecurityPolicy({ nonce: "n", consoleUrl: "http://localhost:3000", authority: entra, dev: true })).toContain("'strict-dynamic' 'unsafe-eval'");
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when the console is served over HTTPS", () => {
    expect(securityHeaders("https://console.contoso.com")["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders("http://localhost:3000")).not.toHaveProperty("strict-transport-security");
    expect(securityHeaders("http://localhost:3000")).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "same-origin" });
  });
});

it("makes a fresh 128-bit nonce each time", () => {
  const a = newNonce();
  expect(Buffer.from(a, "base64")).toHaveLength(16);
  expect(newNonce()).not.toBe(a);
});

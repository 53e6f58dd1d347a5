import { describe, expect, it } from "vitest";
import { MalformedClientAuthError, rewriteTokenRequest } from "./token-request";

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

describe("rewriteTokenRequest", () => {
  it("folds client_secret_basic into the body", () => {
    const out = rewriteTokenRequest(new URLSearchParams({ grant_type: "client_credentials" }), basic("app-1", "s3:cr/t+="));
    expect(out.dropAuthorization).toBe(true);
    expect(out.body.get("client_id")).toBe("app-1");
    expect(out.body.get("client_secret")).toBe("s3:cr/t+=");
  });

  it("refuses a Basic header whose client differs from the body's or has no colon", () => {
    expect(() => rewriteTokenRequest(new URLSearchParams({ client_id: "other" }), basic("app-1", "x"))).toThrow(MalformedClientAuthError);
    expect(() => rewriteTokenRequest(new URLSearchParams(), `Basic ${Buffer.from("nocolon").toString("base64")}`)).toThrow(/client_id>:<client_secret/);
  });

  it("drops offline_access from refresh requests only", () => {
    const refresh = rewriteTokenRequest(new URLSearchParams({ grant_type: "refresh_token", scope: "api://a/X openid profile offline_access" }), undefined);
    expect(refresh.body.get("scope")).toBe("api://a/X openid profile");
    expect(refresh.dropAuthorization).toBe(false);
    const onlyOffline = rewriteTokenRequest(new URLSearchParams({ grant_type: "refresh_token", scope: "offline_access" }), undefined);
    expect(onlyOffline.body.has("scope")).toBe(false);
    const code = rewriteTokenRequest(new URLSearchParams({ grant_type: "authorization_code", scope: "openid offline_access" }), undefined);
    expect(code.body.get("scope")).toBe("openid offline_access");
  });

  it("leaves bearer authorization alone and does not mutate its input", () => {
    const input = new URLSearchParams({ grant_type: "refresh_token", scope: "offline_access openid" });
    const out = rewriteTokenRequest(input, "Bearer abc");
    expect(out.dropAuthorization).toBe(false);
    expect(input.get("scope")).toBe("offline_access openid");
  });
});

import { describe, expect, it } from "vitest";
import { checkSameOrigin } from "./origin";

const CONSOLE = "https://console.contoso.com/";
const post = (headers: Record<string, string>, method = "POST") => new Request("https://console.contoso.com/database/cancel", { method, headers });

describe("checkSameOrigin", () => {
  it("accepts the console's own origin, or Sec-Fetch-Site: same-origin without an Origin", () => {
    expect(checkSameOrigin(post({ origin: "https://console.contoso.com" }), CONSOLE, true)).toEqual({ ok: true });
    expect(checkSameOrigin(post({ "sec-fetch-site": "same-origin" }), CONSOLE, true)).toEqual({ ok: true });
  });

  it("refuses another origin of the same site, 'null', and a request that says nothing", () => {
    const cases: Record<string, string>[] = [{ origin: "https://console.contoso.com:8443" }, { origin: "https://evil.contoso.com" }, { origin: "null" }, { "sec-fetch-site": "same-site" }, {}];
    for (const headers of cases) {
      const verdict = checkSameOrigin(post(headers), CONSOLE, true);
      expect(verdict.ok, JSON.stringify(headers)).toBe(false);
    }
    expect(checkSameOrigin(post({ origin: "https://evil.contoso.com" }), CONSOLE, true)).toEqual({ ok: false, message: expect.stringContaining("https://evil.contoso.com") });
  });

  it("does not check safe methods or Bearer-authenticated requests", () => {
    expect(checkSameOrigin(post({ origin: "https://evil.contoso.com" }, "GET"), CONSOLE, true)).toEqual({ ok: true });
    expect(checkSameOrigin(post({ origin: "https://evil.contoso.com" }), CONSOLE, false)).toEqual({ ok: true });
  });
});

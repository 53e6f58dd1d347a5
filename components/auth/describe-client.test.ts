import { describe, expect, it } from "vitest";
import { describeClient } from "./describe-client";

describe("describeClient", () => {
  it("names browser, system and address", () => {
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36";
    expect(describeClient(chrome, "10.0.0.7")).toBe("Chrome 131 on Linux · 10.0.0.7");
    const edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0.2210.91";
    expect(describeClient(edge, null)).toBe("Edge 120 on Windows");
    expect(describeClient("curl/8.5.0", null)).toBe("other client");
    expect(describeClient(null, null)).toBe("unknown client");
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256 } from "./sha256";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("sha256", () => {
  it("matches the FIPS 180-4 examples", () => {
    expect(hex(sha256("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("equals node:crypto across block boundaries and non-ASCII text", () => {
    const inputs = ["8f3c2a10-4b5d-4e6f-9a7b-1c2d3e4f5a6b/prod", "é€😀", ...Array.from({ length: 140 }, (_, n) => "x".repeat(n))];
    for (const s of inputs) expect(hex(sha256(s)), JSON.stringify(s)).toBe(createHash("sha256").update(s).digest("hex"));
  });
});

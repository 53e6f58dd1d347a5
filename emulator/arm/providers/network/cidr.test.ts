import { describe, expect, it } from "vitest";
import { contains, firstOverlap, formatIp, isCidr, overlaps, parseCidr, type Cidr } from "./cidr";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!isCidr(parsed)) throw new Error(`not a CIDR: ${text}`);
  return parsed;
}

describe("parseCidr", () => {
  it("parses a network prefix into its range", () => {
    const c = cidr("10.1.0.0/16");
    expect(formatIp(c.start)).toBe("10.1.0.0");
    expect(formatIp(c.end)).toBe("10.1.255.255");
    expect(c.bits).toBe(16);
    expect(cidr("0.0.0.0/0").end).toBe(2 ** 32 - 1);
    expect(cidr("192.168.1.7/32").text).toBe("192.168.1.7/32");
  });

  it("names the canonical prefix when host bits are set", () => {
    expect(parseCidr("10.0.0.1/16")).toEqual({ kind: "hostBits", canonical: "10.0.0.0/16" });
    expect(parseCidr("172.16.5.0/20")).toEqual({ kind: "hostBits", canonical: "172.16.0.0/20" });
  });

  it.each(["10.0.0.0", "10.0.0/16", "10.0.0.256/24", "10.0.0.0/33", "abc", "10.0.0.0/-1", "", " /8", "2001:db8::/32"])("refuses %j as a format error", (text) => {
    expect(parseCidr(text)).toEqual({ kind: "format" });
  });
});

describe("containment and overlap", () => {
  it("contains only ranges fully inside", () => {
    expect(contains(cidr("10.0.0.0/16"), cidr("10.0.1.0/24"))).toBe(true);
    expect(contains(cidr("10.0.0.0/16"), cidr("10.0.0.0/16"))).toBe(true);
    expect(contains(cidr("10.0.0.0/16"), cidr("10.0.0.0/15"))).toBe(false);
    expect(contains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24"))).toBe(false);
  });

  it("detects overlap at the edges", () => {
    expect(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.128/25"))).toBe(true);
    expect(overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25"))).toBe(false);
    expect(firstOverlap([{ cidr: cidr("10.0.0.0/24") }, { cidr: cidr("10.0.1.0/24") }, { cidr: cidr("10.0.0.0/16") }])?.map((x) => x.cidr.text)).toEqual([
      "10.0.0.0/24",
      "10.0.0.0/16",
    ]);
    expect(firstOverlap([{ cidr: cidr("10.0.0.0/24") }, { cidr: cidr("10.0.1.0/24") }])).toBeUndefined();
  });
});

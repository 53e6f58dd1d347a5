import { describe, expect, it } from "vitest";
import { ipRangeProblem, ipv4ToNumber } from "./ip-range";

describe("ipv4ToNumber", () => {
  it("reads dotted quads", () => {
    expect(ipv4ToNumber("0.0.0.0")).toBe(0);
    expect(ipv4ToNumber("255.255.255.255")).toBe(4294967295);
    expect(ipv4ToNumber("10.0.1.2")).toBe(167772418);
  });
  it.each(["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "::1", "", " 1.2.3.4"])("rejects %j", (s) => {
    expect(ipv4ToNumber(s)).toBeUndefined();
  });
});

describe("ipRangeProblem", () => {
  it("accepts ordered ranges, single addresses and Azure's allow-Azure-services rule", () => {
    expect(ipRangeProblem("10.0.0.1", "10.0.0.255")).toBeNull();
    expect(ipRangeProblem("1.2.3.4", "1.2.3.4")).toBeNull();
    expect(ipRangeProblem("0.0.0.0", "0.0.0.0")).toBeNull();
  });
  it("names the bad side", () => {
    expect(ipRangeProblem("300.0.0.1", "10.0.0.1")).toEqual({ field: "start", reason: "invalid", value: "300.0.0.1" });
    expect(ipRangeProblem("10.0.0.1", "x")).toEqual({ field: "end", reason: "invalid", value: "x" });
    expect(ipRangeProblem("10.0.0.9", "10.0.0.1")).toEqual({ field: "range", reason: "startAfterEnd", start: "10.0.0.9", end: "10.0.0.1" });
  });
});

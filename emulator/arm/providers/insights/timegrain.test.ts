import { describe, expect, it } from "vitest";
import { canonicalGrain, dotNetTimeSpan, formatTimespan, isoDurationOfMinutes, MetricsQueryError, parseIsoDuration, parseTimespan, resolveInterval, ALL_GRAINS } from "./timegrain";

const NOW = Date.parse("2026-11-26T12:00:30Z");

describe("ISO durations", () => {
  it("parses weeks, days, hours, minutes and seconds", () => {
    expect(parseIsoDuration("PT1M")).toBe(60_000);
    expect(parseIsoDuration("P1D")).toBe(86_400_000);
    expect(parseIsoDuration("P7D")).toBe(7 * 86_400_000);
    expect(parseIsoDuration("P1W")).toBe(7 * 86_400_000);
    expect(parseIsoDuration("PT1H30M")).toBe(90 * 60_000);
    expect(parseIsoDuration("pt15m")).toBe(15 * 60_000);
  });
  it("rejects what is not a duration", () => {
    for (const bad of ["", "P", "PT", "1H", "PTXM", "FULL", "PT0M"]) expect(parseIsoDuration(bad)).toBeNull();
  });
  it("maps equivalent spellings to the standard grain", () => {
    expect(canonicalGrain("PT60M")).toBe("PT1H");
    expect(canonicalGrain("PT24H")).toBe("P1D");
    expect(canonicalGrain("Pt5m")).toBe("PT5M");
    expect(canonicalGrain("PT2M")).toBeUndefined();
  });
  it("writes .NET TimeSpans and ISO durations like Azure", () => {
    expect(dotNetTimeSpan(1)).toBe("00:01:00");
    expect(dotNetTimeSpan(720)).toBe("12:00:00");
    expect(dotNetTimeSpan(1440)).toBe("1.00:00:00");
    expect(isoDurationOfMinutes(60)).toBe("PT1H");
    expect(isoDurationOfMinutes(1440 * 7)).toBe("P7D");
    expect(isoDurationOfMinutes(90)).toBe("PT1H30M");
  });
});

describe("timespan", () => {
  it("defaults to the last hour", () => {
    expect(parseTimespan(null, NOW)).toEqual({ startMs: NOW - 3_600_000, endMs: NOW });
  });
  it("reads start/end, start/duration, duration/end and a bare duration", () => {
    const start = Date.parse("2021-04-20T09:00:00Z");
    const end = Date.parse("2021-04-20T14:00:00Z");
    expect(parseTimespan("2021-04-20T09:00:00.000Z/2021-04-20T14:00:00.000Z", NOW)).toEqual({ startMs: start, endMs: end });
    expect(parseTimespan("2021-04-20T09:00:00Z/PT5H", NOW)).toEqual({ startMs: start, endMs: end });
    expect(parseTimespan("PT5H/2021-04-20T14:00:00Z", NOW)).toEqual({ startMs: start, endMs: end });
    expect(parseTimespan("P7D", NOW)).toEqual({ startMs: NOW - 7 * 86_400_000, endMs: NOW });
    expect(parseTimespan("2021-04-20T09:00:00/2021-04-20T14:00:00", NOW)).toEqual({ startMs: start, endMs: end });
  });
  it("refuses malformed or reversed spans", () => {
    for (const bad of ["yesterday", "a/b", "PT1H/PT2H", "2021-04-20T14:00:00Z/2021-04-20T09:00:00Z", "x/y/z"]) {
      expect(() => parseTimespan(bad, NOW)).toThrow(MetricsQueryError);
    }
  });
  it("echoes without milliseconds", () => {
    expect(formatTimespan({ startMs: Date.parse("2021-04-20T09:00:00Z"), endMs: Date.parse("2021-04-20T14:00:00Z") })).toBe("2021-04-20T09:00:00Z/2021-04-20T14:00:00Z");
  });
});

describe("interval resolution", () => {
  const span = { startMs: NOW - 5 * 3_600_000, endMs: NOW };
  const aks = ALL_GRAINS.filter((g) => g !== "P1D");
  it("uses a supported interval and defaults to the finest common grain", () => {
    expect(resolveInterval("PT5M", ALL_GRAINS, ["m"], span, false)).toEqual({ kind: "grain", grain: "PT5M" });
    expect(resolveInterval(null, ["PT1H"], ["UsedCapacity"], span, false)).toEqual({ kind: "grain", grain: "PT1H" });
    expect(resolveInterval("FULL", ALL_GRAINS, ["m"], span, false)).toEqual({ kind: "full" });
  });
  it("refuses an unsupported grain with Azure's messages", () => {
    expect(() => resolveInterval("PT3M", ALL_GRAINS, ["m"], span, false)).toThrow(
      "Invalid time grain duration: PT3M, supported ones are: 00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00,1.00:00:00",
    );
    expect(() => resolveInterval("P1D", aks, ["node_cpu_usage_percentage"], span, false)).toThrow(
      "Commonly allowed time grains: 00:01:00,00:05:00,00:15:00,00:30:00,01:00:00,06:00:00,12:00:00 between metrics: node_cpu_usage_percentage, can not support requested time grain: 1.00:00:00 please adjust your interval parameter to use one of the common grains",
    );
  });
  it("adjusts with AutoAdjustTimegrain like the spec example (PT6H over 5 h of an hourly metric → PT1H)", () => {
    expect(resolveInterval("PT6H", ["PT1H"], ["BlobCount"], span, true)).toEqual({ kind: "grain", grain: "PT1H" });
    expect(resolveInterval("PT6H", ALL_GRAINS, ["m"], span, true)).toEqual({ kind: "grain", grain: "PT1H" });
    expect(resolveInterval("PT3M", ALL_GRAINS, ["m"], span, true)).toEqual({ kind: "grain", grain: "PT1M" });
    expect(resolveInterval("P1D", aks, ["m"], { startMs: NOW - 7 * 86_400_000, endMs: NOW }, true)).toEqual({ kind: "grain", grain: "PT12H" });
  });
});

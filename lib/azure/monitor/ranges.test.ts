import { describe, expect, it } from "vitest";
import { coarsestGrain, grainForSpan, presetWindow } from "./ranges";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("grain as the Azure portal chooses it", () => {
  it.each([
    [HOUR, "PT1M"],
    [6 * HOUR, "PT5M"],
    [DAY, "PT15M"],
    [7 * DAY, "PT1H"],
    [30 * MIN, "PT1M"],
    [HOUR + MIN, "PT5M"],
    [6 * HOUR + MIN, "PT15M"],
    [2 * DAY, "PT1H"],
    [30 * DAY, "PT6H"],
    [90 * DAY, "PT12H"],
  ] as const)("a span of %d ms is read at %s", (span, grain) => {
    expect(grainForSpan(span)).toBe(grain);
  });

  it("keeps the coarser of two grains (hourly-only capacity metrics)", () => {
    expect(coarsestGrain("PT1M", "PT1H")).toBe("PT1H");
    expect(coarsestGrain("PT6H", "PT1H")).toBe("PT6H");
  });
});

describe("preset windows", () => {
  it("end at the last complete minute and span the preset, with its grain", () => {
    const now = Date.UTC(2026, 10, 26, 14, 30, 42, 500);
    const w = presetWindow("6h", now);
    expect(w.to.toISOString()).toBe("2026-11-26T14:30:00.000Z");
    expect(w.from.toISOString()).toBe("2026-11-26T08:30:00.000Z");
    expect(w.grain).toBe("PT5M");
    expect(w.timespan).toBe("2026-11-26T08:30:00.000Z/2026-11-26T14:30:00.000Z");
    expect(presetWindow("7d", now).grain).toBe("PT1H");
    expect(presetWindow("1h", now + 10_000).timespan).toBe(presetWindow("1h", now).timespan);
  });
});

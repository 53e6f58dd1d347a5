import { describe, expect, it } from "vitest";
import { formatUsd, formatUtc, parseUtcInput, toUtcInputValue } from "./display-format";

describe("formatUtc", () => {
  it("writes 24-hour UTC with the zone, whatever the process's time zone", () => {
    const at = new Date("2026-12-08T15:04:09.500Z");
    expect(formatUtc(at)).toBe("2026-12-08 15:04 UTC");
    expect(formatUtc(at, "second")).toBe("2026-12-08 15:04:09 UTC");
    expect(formatUtc("2026-12-08T00:30:00Z")).toBe("2026-12-08 00:30 UTC");
    expect(formatUtc("not a date")).toBe("—");
    expect(formatUtc(at)).not.toMatch(/AM|PM/);
  });
});

describe("UTC time inputs", () => {
  it("take YYYY-MM-DD HH:MM (space or T), 24-hour, and show the same", () => {
    expect(parseUtcInput("2026-12-08 15:04")?.toISOString()).toBe("2026-12-08T15:04:00.000Z");
    expect(parseUtcInput("2026-12-08T15:04:09")?.toISOString()).toBe("2026-12-08T15:04:09.000Z");
    expect(toUtcInputValue(new Date("2026-12-08T15:04:09Z"))).toBe("2026-12-08 15:04");
  });

  it("refuse the browser-locale shapes and impossible dates", () => {
    for (const bad of ["12/08/2026 03:04 PM", "2026-12-08 3:04 PM", "2026-02-30 10:00", "2026-12-08 24:10", ""]) expect(parseUtcInput(bad), bad).toBeUndefined();
  });
});

describe("formatUsd", () => {
  it("separates thousands", () => {
    expect(formatUsd(4647)).toBe("$4,647");
    expect(formatUsd(1234567.891, "always")).toBe("$1,234,567.89");
    expect(formatUsd(12.5)).toBe("$12.50");
    expect(formatUsd(99.5, "never")).toBe("$100");
  });
});

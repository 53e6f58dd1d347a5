import { describe, expect, it } from "vitest";
import { formatValue, niceTicks, seriesPath, timeLabel, timeTicks, yDomain } from "./chart-scale";

describe("chart geometry", () => {
  it("makes round y ticks from zero past the highest value", () => {
    expect(niceTicks(0, 68)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(3, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("includes threshold lines in the y range and caps percentages at 100", () => {
    expect(yDomain([10, 40], [85], "Percent").at(-1)).toBe(100);
    expect(yDomain([10, 40], [], "Percent").at(-1)).toBe(60);
    expect(yDomain([2e9], [], "Bytes").at(-1)).toBeGreaterThanOrEqual(2e9);
  });

  it("puts time ticks on round UTC boundaries", () => {
    const from = Date.UTC(2026, 10, 26, 13, 37);
    expect(timeTicks(from, from + 3_600_000).map((t) => timeLabel(t, 3_600_000))).toEqual(["13:45", "14:00", "14:15", "14:30"]);
    const week = 7 * 86_400_000;
    expect(timeTicks(from - week, from).length).toBeLessThanOrEqual(5);
    expect(timeLabel(from, week)).toBe("11-26");
  });

  it("formats values in their unit", () => {
    expect(formatValue(42.123, "Percent")).toBe("42.1 %");
    expect(formatValue(3 * 1024 ** 3, "Bytes")).toBe("3.0 GiB");
    expect(formatValue(12_345, "Count")).toBe("12.3k");
    expect(formatValue(7, "CountPerSecond")).toBe("7/s");
    expect(formatValue(null, "Count")).toBe("—");
  });

  it("breaks the line at gaps and keeps lone points as dots", () => {
    const pts = [{ t: 0, v: 1 }, { t: 1, v: 2 }, { t: 2, v: null }, { t: 3, v: 3 }, { t: 4, v: null }];
    const { d, dots } = seriesPath(pts, (t) => t * 10, (v) => 100 - v);
    expect(d).toBe("M0.0,99.0L10.0,98.0");
    expect(dots).toEqual([[30, 97]]);
  });
});

import { expect, it } from "vitest";
import { formatBytes, formatCpu, formatPercent, formatUsd, shortId } from "./format";

it("formats capacity, money and ids for the tables", () => {
  expect(formatCpu(500)).toBe("500m");
  expect(formatCpu(2000)).toBe("2 cores");
  expect(formatCpu(15640)).toBe("15.6 cores");
  expect(formatBytes(3072 * 2 ** 20)).toBe("3.0 GiB");
  expect(formatBytes(512 * 2 ** 20)).toBe("512 MiB");
  expect(formatPercent(0.456)).toBe("46%");
  expect(formatPercent(null)).toBe("—");
  expect(formatUsd(1.234)).toBe("$1.23");
  expect(shortId("0f6b1c2e-aaaa-bbbb-cccc-1234567890ab")).toBe("0f6b1c2e…");
});

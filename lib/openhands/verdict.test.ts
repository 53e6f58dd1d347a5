import { describe, expect, it } from "vitest";
import { judge, worst } from "./verdict";

describe("judge", () => {
  it("grades higher-is-worse values at the thresholds", () => {
    const t = { warn: 0.8, critical: 0.95, worse: "above" } as const;
    expect([0.5, 0.8, 0.9, 0.95, 1].map((v) => judge(v, t))).toEqual(["ok", "warn", "warn", "critical", "critical"]);
  });
  it("grades lower-is-worse values at the thresholds", () => {
    const t = { warn: 0.99, critical: 0.9, worse: "below" } as const;
    expect([1, 0.99, 0.95, 0.9, 0.5].map((v) => judge(v, t))).toEqual(["ok", "warn", "warn", "critical", "critical"]);
  });
  it("says unknown when there is no evidence", () => {
    expect(judge(null, { warn: 1, critical: 2, worse: "above" })).toBe("unknown");
    expect(judge(Number.NaN, { warn: 1, critical: 2, worse: "above" })).toBe("unknown");
  });
});

describe("worst", () => {
  it("orders ok < unknown < warn < critical", () => {
    expect(worst([])).toBe("ok");
    expect(worst(["ok", "unknown"])).toBe("unknown");
    expect(worst(["unknown", "warn", "ok"])).toBe("warn");
    expect(worst(["warn", "critical", "ok"])).toBe("critical");
  });
});

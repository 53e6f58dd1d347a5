import { describe, expect, it } from "vitest";
import { conversationUsage, DEFAULT_WORKLOAD, seededRandom, WorkloadPlanner } from "./workload-plan";

const T0 = Date.UTC(2026, 10, 26, 12);

function schedule(seed: number, n: number, overrides = {}) {
  const p = new WorkloadPlanner({ ...DEFAULT_WORKLOAD, seed, ...overrides }, T0);
  return Array.from({ length: n }, () => p.next());
}

describe("WorkloadPlanner", () => {
  it("is reproducible: the same seed gives the same schedule, another seed another one", () => {
    expect(schedule(7, 50)).toEqual(schedule(7, 50));
    expect(schedule(8, 5).map((c) => c.conversationId)).not.toEqual(schedule(7, 5).map((c) => c.conversationId));
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it("arrives at the configured rate, scaled by speed, in start order with sane lifetimes", () => {
    const slow = schedule(3, 2000, { usersPerHour: 6 });
    const hours = (slow[slow.length - 1]!.startAt - T0) / 3_600_000;
    expect(2000 / hours).toBeGreaterThan(5.4);
    expect(2000 / hours).toBeLessThan(6.6);
    const fast = schedule(3, 2000, { usersPerHour: 6, speed: 10 });
    expect(fast[1999]!.startAt - T0).toBeCloseTo((slow[1999]!.startAt - T0) / 10, -3);
    for (let i = 1; i < slow.length; i++) expect(slow[i]!.startAt).toBeGreaterThanOrEqual(slow[i - 1]!.startAt);
    for (const c of slow) {
      expect(c.endAt).toBeGreaterThan(c.startAt);
      expect(c.pauseAt).toBe(c.endAt + 20 * 60_000);
      expect(c.conversationId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(new Set(slow.map((c) => c.userId)).size).toBe(DEFAULT_WORKLOAD.userCount);
  });

  it("makes stuck and orphaned sandboxes at the configured rates (none at rate 0)", () => {
    const all = schedule(11, 4000, { stuckRate: 0.1, orphanRate: 0.05 });
    const share = (f: string) => all.filter((c) => c.fate === f).length / all.length;
    expect(share("stuck")).toBeGreaterThan(0.08);
    expect(share("stuck")).toBeLessThan(0.12);
    expect(share("orphan")).toBeGreaterThan(0.035);
    expect(share("orphan")).toBeLessThan(0.065);
    expect(schedule(11, 500, { stuckRate: 0, orphanRate: 0 }).every((c) => c.fate === "normal")).toBe(true);
  });

  it("refuses a non-positive rate", () => {
    expect(() => new WorkloadPlanner({ ...DEFAULT_WORKLOAD, usersPerHour: 0 }, T0)).toThrow(/usersPerHour/);
  });
});

describe("conversationUsage", () => {
  it("grows tokens and cost with time at the model's price", () => {
    const [c] = schedule(5, 1);
    const a = conversationUsage(c!, 1);
    const b = conversationUsage(c!, 10);
    expect(a.promptTokens).toBe(c!.promptTokensPerMinute);
    expect(b.totalTokens).toBe(b.promptTokens + b.completionTokens);
    expect(b.cost).toBeGreaterThan(a.cost * 9);
    expect(conversationUsage(c!, 0)).toMatchObject({ totalTokens: 0, cost: 0 });
  });
});

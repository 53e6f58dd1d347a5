import { describe, expect, it } from "vitest";
import { criticalPath } from "./critical-path";
import { buildPlan } from "./plan";
import { makeSetupInput } from "./testing/setup-fixtures";

const s = (key: string, ...dependsOn: string[]) => ({ key, dependsOn });

describe("criticalPath", () => {
  const cases: [string, ReturnType<typeof s>[], Record<string, number>, number, string[]][] = [
    ["single step", [s("a")], { a: 5 }, 5, ["a"]],
    ["chain", [s("a"), s("b", "a"), s("c", "b")], { a: 1, b: 2, c: 3 }, 6, ["a", "b", "c"]],
    ["diamond takes the slower branch", [s("a"), s("fast", "a"), s("slow", "a"), s("z", "fast", "slow")], { a: 1, fast: 1, slow: 10, z: 1 }, 12, ["a", "slow", "z"]],
    ["independent roots: the longest wins", [s("x"), s("y")], { x: 3, y: 7 }, 7, ["y"]],
    ["missing durations count as 0", [s("a"), s("b", "a")], { b: 4 }, 4, ["a", "b"]],
  ];
  it.each(cases)("%s", (_n, steps, durations, total, path) => {
    expect(criticalPath({ steps }, durations)).toEqual({ total, path });
    expect(criticalPath({ steps }, new Map(Object.entries(durations)))).toEqual({ total, path });
  });

  it("refuses cycles, unknown dependencies and bad durations", () => {
    expect(() => criticalPath({ steps: [s("a", "b"), s("b", "a")] }, {})).toThrow(/cycle/);
    expect(() => criticalPath({ steps: [s("a", "nope")] }, {})).toThrow('step "a" depends on unknown step "nope"');
    expect(() => criticalPath({ steps: [s("a")] }, { a: -1 })).toThrow(/non-negative/);
  });

  it("on the real plan with AKS slowest, the path runs through AKS to the health check", () => {
    const plan = buildPlan(makeSetupInput());
    const durations = Object.fromEntries(plan.steps.map((st) => [st.key, st.key === "aks" ? 960 : 30]));
    const cp = criticalPath(plan, durations);
    expect(cp.path).toEqual(["resource-group", "nsg-app", "vnet", "aks", "openhands.namespaces", "openhands.secrets", "openhands.app", "openhands.ready", "openhands.health"]);
    expect(cp.total).toBe(960 + 8 * 30);
  });
});

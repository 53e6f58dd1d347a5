import { describe, expect, it } from "vitest";
import { presetSizing, sandboxCapacity, sandboxesPerNode, SIZING_PRESETS, sizingBoundsProblems } from "./sizing";
import { presetNames, sizingInputSchema, type SizingInput } from "./provisioning/setup-input";

function edit(f: (s: SizingInput) => void, preset: "pilot" | "team" | "org" = "team"): SizingInput {
  const s = presetSizing(preset);
  f(s);
  return s;
}

describe("presets", () => {
  it.each(presetNames)("%s is within bounds, parses, and holds its concurrent sandboxes", (name) => {
    const s = presetSizing(name);
    expect(sizingBoundsProblems(s)).toEqual([]);
    expect(sizingInputSchema.safeParse(s).success).toBe(true);
    expect(sandboxCapacity(s)).toBeGreaterThanOrEqual(SIZING_PRESETS[name].concurrentSandboxes);
  });
  it("grow from pilot to org", () => {
    const [p, t, o] = (["pilot", "team", "org"] as const).map((n) => SIZING_PRESETS[n]);
    expect([p!.users, t!.users, o!.users]).toEqual([10, 50, 250]);
    expect([p!.concurrentSandboxes, t!.concurrentSandboxes, o!.concurrentSandboxes]).toEqual([5, 25, 100]);
    expect(o!.sizing.postgres.ha).toBe(true);
    expect(p!.sizing.postgres.tier).toBe("Burstable");
  });
  it("returns copies: editing one does not change the preset", () => {
    const s = presetSizing("team");
    s.pools.sandbox.max = 99;
    expect(presetSizing("team").pools.sandbox.max).toBe(5);
  });
});

describe("sandboxesPerNode", () => {
  it.each([
    ["Standard_D8ds_v5", 9], // 32 GiB × 0.85 / 3 GiB
    ["Standard_D16ds_v5", 18],
    ["Standard_D4ds_v5", 4],
    ["Standard_Unknown", 0],
  ] as const)("%s → %d", (size, n) => expect(sandboxesPerNode(size)).toBe(n));
});

describe("sizingBoundsProblems", () => {
  const cases: [string, (s: SizingInput) => void, string, string][] = [
    ["unknown VM size", (s) => (s.pools.platform.vmSize = "Standard_X1"), "pools.platform.vmSize", "Standard_X1 is not an offered VM size"],
    ["system min 0", (s) => (s.pools.system.min = 0), "pools.system.min", "at least 1 (AKS needs a system node)"],
    ["min above max", (s) => ((s.pools.sandbox.min = 6), (s.pools.sandbox.max = 5)), "pools.sandbox.min", "minimum nodes (6) cannot exceed maximum nodes (5)"],
    ["max above 100", (s) => (s.pools.sandbox.max = 101), "pools.sandbox.max", "at most 100"],
    ["max 0", (s) => ((s.pools.platform.min = 0), (s.pools.platform.max = 0)), "pools.platform.max", "at least 1"],
    ["PG SKU of another tier", (s) => (s.postgres.sku = "Standard_B2ms"), "postgres.sku", "not offered in the GeneralPurpose tier"],
    ["PG storage not offered", (s) => (s.postgres.storageGb = 100), "postgres.storageGb", "storage must be one of 32, 64, 128"],
    ["HA on Burstable", (s) => ((s.postgres.tier = "Burstable"), (s.postgres.sku = "Standard_B2ms"), (s.postgres.ha = true)), "postgres.ha", "not available in the Burstable tier"],
    ["Redis Premium P0", (s) => ((s.redis.sku = "Premium"), (s.redis.capacity = 0)), "redis.capacity", "between 1 and 5 (P1–P5)"],
    ["Redis Standard C7", (s) => ((s.redis.sku = "Standard"), (s.redis.capacity = 7)), "redis.capacity", "between 0 and 6 (C0–C6)"],
  ];
  it.each(cases)("%s", (_name, f, path, text) => {
    const problems = sizingBoundsProblems(edit(f));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path.join(".")).toBe(path);
    expect(problems[0]!.message).toContain(text);
  });
  it("surfaces through the zod schema with the field path", () => {
    const r = sizingInputSchema.safeParse(edit((s) => (s.pools.sandbox.max = 101)));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["pools.sandbox.max", "sandbox pool: maximum nodes must be at most 100"]]);
  });
  it("the sandbox pool may scale to zero", () => {
    expect(sizingBoundsProblems(edit((s) => (s.pools.sandbox.min = 0)))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { presetSizing } from "@/lib/azure/sizing";
import { aksTier, COST_DISCLAIMER, costLines, estimateCost } from "./cost";
import { PRICE_DATE } from "./prices";
import type { SizingInput } from "./setup-input";

const KEYS = { aks: "aks", postgres: "postgres", redis: "redis", storage: "storage", dnsZone: "dns-zone", alerts: ["a1", "a2"] };

function sizing(f: (s: SizingInput) => void = () => {}): SizingInput {
  const s = presetSizing("team");
  f(s);
  return s;
}

describe("estimateCost", () => {
  it("is dated and says it is an estimate", () => {
    const e = estimateCost(sizing(), "eastus", KEYS);
    expect(e.priceDate).toBe(PRICE_DATE);
    expect(e.priceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(e.disclaimer).toBe(COST_DISCLAIMER);
    expect(e.disclaimer).toMatch(/^Estimate only/);
    expect(e.disclaimer).toContain(PRICE_DATE);
  });

  it("computes lines from the table: nodes × 730 h × hourly price", () => {
    const lines = costLines(sizing(), KEYS);
    const sandbox = lines.find((l) => l.description.startsWith("AKS sandbox pool"))!;
    expect(sandbox.monthly).toBeCloseTo(2 * 730 * 0.452, 2);
    expect(sandbox.monthlyAtMax).toBeCloseTo(5 * 730 * 0.452, 2);
    expect(sandbox.basis).toContain("730 h × $0.452/h");
    const pg = lines.find((l) => l.resourceKey === "postgres")!;
    expect(pg.monthly).toBeCloseTo(730 * 0.178 + 128 * 0.115, 2);
  });

  it("totals are the sum of the lines (min and max)", () => {
    const e = estimateCost(sizing(), "eastus", KEYS);
    expect(e.totalMonthly).toBeCloseTo(e.lines.reduce((s, l) => s + l.monthly, 0), 2);
    expect(e.totalMonthlyAtMax).toBeGreaterThan(e.totalMonthly);
  });

  const deltas: [string, (s: SizingInput) => void, (before: number, after: number) => void][] = [
    ["HA doubles PostgreSQL", (s) => (s.postgres.ha = true), (b, a) => expect(a).toBeCloseTo(2 * b, 2)],
    ["more storage costs more", (s) => (s.postgres.storageGb = 1024), (b, a) => expect(a).toBeGreaterThan(b)],
  ];
  it.each(deltas)("%s", (_n, f, check) => {
    const pg = (s: SizingInput) => costLines(s, KEYS).find((l) => l.resourceKey === "postgres")!.monthly;
    check(pg(sizing()), pg(sizing(f)));
  });

  it.each([
    ["Premium", 1, 0.554],
    ["Standard", 2, 0.222],
    ["Basic", 0, 0.022],
  ] as const)("Redis %s capacity %d at $%d/h", (sku, capacity, hourly) => {
    const line = costLines(sizing((s) => (s.redis = { sku, capacity })), KEYS).find((l) => l.resourceKey === "redis")!;
    expect(line.monthly).toBeCloseTo(730 * hourly, 2);
  });

  it("AKS Standard tier from two system nodes, Free below", () => {
    expect(aksTier(sizing())).toBe("Standard");
    expect(aksTier(presetSizing("pilot"))).toBe("Free");
  });

  it("refuses sizes it has no price for instead of guessing", () => {
    expect(() => costLines(sizing((s) => (s.pools.system.vmSize = "Standard_X9")), KEYS)).toThrow("no price for VM size Standard_X9");
  });

  it("presets grow in cost", () => {
    const t = (n: "pilot" | "team" | "org") => estimateCost(presetSizing(n), "eastus", KEYS).totalMonthly;
    expect(t("pilot")).toBeLessThan(t("team"));
    expect(t("team")).toBeLessThan(t("org"));
  });
});

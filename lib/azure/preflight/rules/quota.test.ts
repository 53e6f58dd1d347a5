import { describe, expect, it } from "vitest";
import { quotaChecks, surgeNodes } from "./quota";
import { failed, makeObservations, makeSku, makeTarget, makeUsage, ok } from "./fixtures";

const target = makeTarget();
const obs = makeObservations();

function run(o = obs, t = target) {
  return quotaChecks(t, o.usages, o.vmSkus, o.existingPools);
}

describe("surgeNodes", () => {
  it("takes AKS's 10% default, at least one node, rounding up", () => {
    expect(surgeNodes(3)).toBe(1);
    expect(surgeNodes(25)).toBe(3);
    expect(surgeNodes(10, "33%")).toBe(4);
    expect(surgeNodes(10, "2")).toBe(2);
    expect(surgeNodes(0, "0")).toBe(0);
  });
});

describe("quotaChecks", () => {
  it("passes when every pool at max count plus surge fits, and shows the arithmetic", () => {
    const checks = run();
    const family = checks.find((c) => c.id === "quota:standardDDSv5Family");
    expect(family?.status).toBe("pass");
    // system (3+1)×4 + platform (4+1)×4 + sandbox (5+1)×8 = 84
    expect(family?.evidence).toContain("needs 84");
    expect(family?.evidence).toContain("sandbox 5+1 surge × 8 vCPU (Standard_D8ds_v5) = 48");
    expect(checks.find((c) => c.id === "quota:cores")?.status).toBe("pass");
  });

  it("fails a family whose limit is below max+surge, with numbers and the new limit to request", () => {
    const o = makeObservations({ usages: ok([makeUsage({ name: "cores", localizedName: "Total Regional vCPUs" }), makeUsage({ limit: 80, currentValue: 10 })]) });
    const family = run(o).find((c) => c.id === "quota:standardDDSv5Family");
    expect(family).toMatchObject({ status: "fail" });
    expect(family?.evidence).toContain("Limit 80, in use by others 10, free 70");
    expect(family?.remedy).toContain("to at least 94");
  });

  it("surge alone can tip it over: 80 vCPUs at max would fit a limit of 80, surge makes it 84", () => {
    const o = makeObservations({ usages: ok([makeUsage({ name: "cores" }), makeUsage({ limit: 82 })]) });
    expect(run(o).find((c) => c.id === "quota:standardDDSv5Family")?.status).toBe("fail");
  });

  it("checks the total regional vCPUs too", () => {
    const o = makeObservations({ usages: ok([makeUsage({ name: "cores", localizedName: "Total Regional vCPUs", limit: 50 }), makeUsage()]) });
    expect(run(o).find((c) => c.id === "quota:cores")).toMatchObject({ status: "fail", title: "vCPU quota: Total Regional vCPUs" });
  });

  it("does not count our own existing cluster twice on a re-run", () => {
    const usages = ok([makeUsage({ name: "cores", currentValue: 40 }), makeUsage({ limit: 100, currentValue: 40 })]);
    const without = run(makeObservations({ usages }));
    expect(without.find((c) => c.id === "quota:standardDDSv5Family")?.status).toBe("fail");
    const existingPools = ok([
      { name: "system", vmSize: "Standard_D4ds_v5", count: 2 },
      { name: "sandbox", vmSize: "Standard_D8ds_v5", count: 4 },
    ]);
    const rerun = run(makeObservations({ usages, existingPools })).find((c) => c.id === "quota:standardDDSv5Family");
    expect(rerun?.status).toBe("pass");
    expect(rerun?.evidence).toContain("in use by others 0");
  });

  it("warns when it fits with under 10% room", () => {
    const o = makeObservations({ usages: ok([makeUsage({ name: "cores" }), makeUsage({ limit: 90 })]) });
    expect(run(o).find((c) => c.id === "quota:standardDDSv5Family")?.status).toBe("warn");
  });

  it("fails sizes the region does not offer", () => {
    const o = makeObservations({ vmSkus: ok([makeSku()]) });
    expect(run(o).find((c) => c.id === "quota:unknown-sizes")).toMatchObject({ status: "fail" });
  });

  it("turns an unreadable usage into a warn (5xx) or fail (403), never a crash", () => {
    expect(run(makeObservations({ usages: failed(500, "InternalServerError") }))).toEqual([expect.objectContaining({ id: "quota", status: "warn" })]);
    expect(run(makeObservations({ usages: failed(403, "AuthorizationFailed") }))).toEqual([expect.objectContaining({ id: "quota", status: "fail" })]);
  });
});

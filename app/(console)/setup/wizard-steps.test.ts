import { describe, expect, it } from "vitest";
import { isWizardStep, missingBefore, nextOpenStep } from "./wizard-steps";

describe("wizard steps", () => {
  it("opens a step only after the ones before it", () => {
    expect(missingBefore("environment", [])).toEqual([]);
    expect(missingBefore("identity", ["environment"])).toEqual(["sizing"]);
    expect(missingBefore("review", ["environment", "sizing", "identity", "openhands"])).toEqual(["preflight"]);
  });
  it("continues at the first open step", () => {
    expect(nextOpenStep([])).toBe("environment");
    expect(nextOpenStep(["environment", "sizing"])).toBe("identity");
    expect(nextOpenStep(["environment", "sizing", "identity", "openhands", "preflight", "review"])).toBe("review");
  });
  it("knows its step names", () => {
    expect(isWizardStep("sizing")).toBe(true);
    expect(isWizardStep("deploy")).toBe(false);
    expect(isWizardStep(undefined)).toBe(false);
  });
});

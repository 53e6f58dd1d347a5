import { describe, expect, it } from "vitest";
import { fieldValue, matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector, selectorMatches } from "./selectors";
import type { KubeObject } from "./types";

const labels = { app: "web", tier: "frontend", env: "prod" };

describe("label selectors", () => {
  it.each([
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app=api", false],
    ["env in (prod,staging)", true],
    ["env notin (prod)", false],
    ["env notin (dev)", true],
    ["tier", true],
    ["!tier", false],
    ["!legacy", true],
    ["app=web,env in (prod, staging),!legacy", true],
    ["missing!=x", true],
    ["", true],
  ])("%s → %s", (sel, expected) => {
    expect(matchesRequirements(labels, parseLabelSelector(sel))).toBe(expected);
  });

  it("rejects malformed selectors with a 400 naming the problem", () => {
    expect(() => parseLabelSelector("app in prod")).toThrow(/unable to parse/);
    expect(() => parseLabelSelector("a=b=c")).toThrow(/invalid label value|unable to parse/);
    expect(() => parseLabelSelector("-bad=x")).toThrow(/invalid label key/);
  });

  it("matches structured selectors (matchLabels + matchExpressions)", () => {
    expect(selectorMatches({ matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});

describe("field selectors", () => {
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p1", namespace: "default", uid: "u", resourceVersion: "1", creationTimestamp: "" }, spec: { nodeName: "n1" }, status: { phase: "Running" } } as KubeObject;

  it("compares dotted paths with = and !=", () => {
    expect(matchesFields(pod, parseFieldSelector("metadata.name=p1,status.phase!=Pending"))).toBe(true);
    expect(matchesFields(pod, parseFieldSelector("spec.nodeName=n2"))).toBe(false);
    expect(matchesFields(pod, parseFieldSelector("spec.nodeName="))).toBe(false);
    expect(fieldValue(pod, "spec.missing")).toBe("");
  });

  it("rejects garbage", () => {
    expect(() => parseFieldSelector("metadata.name")).toThrow(/invalid selector/);
  });
});

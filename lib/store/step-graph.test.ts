import { describe, expect, it } from "vitest";
import { stepGraphProblems } from "./step-graph";

const step = (key: string, ...dependsOn: string[]) => ({ key, title: key, dependsOn });

describe("stepGraphProblems", () => {
  it("accepts a diamond", () => {
    expect(stepGraphProblems([step("rg"), step("vnet", "rg"), step("db", "vnet"), step("aks", "vnet"), step("deploy", "db", "aks")])).toEqual([]);
  });

  it("refuses an empty operation", () => {
    expect(stepGraphProblems([])).toEqual(["an operation needs at least one step"]);
  });

  it("names duplicate keys, bad keys, unknown and self dependencies", () => {
    expect(stepGraphProblems([step("rg"), step("rg"), step("Bad Key"), step("db", "nope"), step("self", "self")])).toEqual([
      'step key "rg" is used twice',
      'step key "Bad Key" must start with a lower-case letter and use a-z 0-9 . : _ -',
      'step "db" depends on unknown step "nope"',
      'step "self" depends on itself',
    ]);
  });

  it("finds a cycle and shows it", () => {
    expect(stepGraphProblems([step("a", "c"), step("b", "a"), step("c", "b"), step("d")])).toEqual([
      "steps depend on each other in a cycle: a → c → b → a",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { orderedResources, planProblems } from "@/lib/azure/provisioning/steps";
import { executableSteps } from "./start-setup";
import { secretsInBody } from "./plans";
import { samplePlan } from "./testing/sample-plan";

const plan = samplePlan({ subscriptionId: "8f1c2a7e-3b4d-4e5f-9a0b-1c2d3e4f5a6b" });

describe("executableSteps", () => {
  it("keeps the Azure steps and leaves the deploy steps (and dependencies on them) out", () => {
    const steps = executableSteps(plan);
    expect(steps.map((s) => s.key)).not.toContain("openhands.namespaces");
    expect(steps.find((s) => s.key === "alerts")?.dependsOn).toEqual(["action-group", "aks", "postgres"]);
    expect(steps).toHaveLength(plan.steps.length - 1);
  });
});

describe("planProblems", () => {
  it("accepts the sample plan and names unknown types and dangling keys", () => {
    expect(planProblems(plan)).toEqual([]);
    const bad = { ...plan, resources: [...plan.resources, { ...plan.resources[0]!, key: "vm", type: "Microsoft.Compute/virtualMachines" }], steps: [...plan.steps, { key: "x", title: "X", resourceKeys: ["nope"], dependsOn: [] }] };
    expect(planProblems(bad)).toEqual([
      'resource "vm" has type Microsoft.Compute/virtualMachines, which setup cannot provision',
      'step "x" names unknown resource "nope"',
    ]);
  });
});

describe("orderedResources", () => {
  it("puts a resource after those it depends on within the step", () => {
    const step = { key: "dns", title: "DNS", resourceKeys: ["dns-link", "dns-zone"], dependsOn: [] };
    expect(orderedResources(plan, step).map((r) => r.key)).toEqual(["dns-zone", "dns-link"]);
  });
});

describe("secretsInBody", () => {
  it("finds secret values but not booleans about keys", () => {
    expect(secretsInBody({ administratorLoginPassword: "x", allowSharedKeyAccess: false, administratorLogin: "openhands" }, "pg")).toEqual(["pg.administratorLoginPassword"]);
    expect(secretsInBody({ connection: "postgres://u:p4ss@host/db" }, "r")).toEqual(["r.connection"]);
  });
});

import { describe, expect, it } from "vitest";
import { orderedResources, planProblems } from "@/lib/azure/provisioning/steps";
import { executableSteps } from "./start-setup";
import { secretNamesNotReferences, secretsInBody } from "./plans";
import { samplePlan } from "./testing/sample-plan";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";

const plan = samplePlan({ subscriptionId: "8f1c2a7e-3b4d-4e5f-9a0b-1c2d3e4f5a6b" });

describe("executableSteps", () => {
  it("runs every step of a real plan: Azure steps and the deploy steps (it carries the OpenHands settings)", () => {
    const real = buildPlan(makeSetupInput());
    const steps = executableSteps(real);
    expect(steps.map((s) => s.key)).toEqual(real.steps.map((s) => s.key));
    expect(steps.find((s) => s.key === "openhands.health")?.dependsOn).toEqual(["openhands.ready", "alerts"]);
    expect(planProblems(real)).toEqual([]);
  });

  it("an Azure-only plan (no OpenHands settings) leaves the deploy steps (and dependencies on them) out", () => {
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

describe("secretNamesNotReferences", () => {
  it("accepts console secret names and flags anything that looks like a value", () => {
    expect(secretNamesNotReferences({ redis: { "redis-password": "redisAccessKey" }, "jwt-secret": { "jwt-secret": "jwtSecret" } })).toEqual([]);
    expect(secretNamesNotReferences({ redis: { "redis-password": "s3cr3t/Value+==" } })).toEqual(["openhands.secrets.redis.redis-password"]);
  });
});

describe("secretsInBody", () => {
  it("finds secret values but not booleans about keys", () => {
    expect(secretsInBody({ administratorLoginPassword: "x", allowSharedKeyAccess: false, administratorLogin: "openhands" }, "pg")).toEqual(["pg.administratorLoginPassword"]);
    expect(secretsInBody({ connection: "postgres://u:p4ss@host/db" }, "r")).toEqual(["r.connection"]);
  });
});

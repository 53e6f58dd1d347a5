import { describe, expect, it } from "vitest";
import type { OperationStep, OperationWithSteps } from "@/lib/store/operations";
import { formatElapsed, operationView, stepLabel } from "./operation-view";

const t0 = new Date("2026-11-26T12:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function makeStep(overrides: Partial<OperationStep>): OperationStep {
  return {
    id: "s", operationId: "op", position: 0, key: "rg", title: "Resource group", dependsOn: [], status: "pending", attempt: 1,
    startedAt: null, finishedAt: null, pollerState: { secretish: "never shown" }, resourceId: null, error: null, leaseOwner: null, leaseExpiresAt: null, output: null,
    ...overrides,
  };
}

function makeOp(steps: OperationStep[]): OperationWithSteps {
  return { id: "op", environmentId: "env", kind: "setup", status: "running", requestedBy: "oid", createdAt: t0, startedAt: t0, finishedAt: null, error: null, steps };
}

describe("operationView", () => {
  it("orders steps, times them, lists their ARM ids and hides poller state", () => {
    const view = operationView(
      makeOp([
        makeStep({ key: "aks", position: 2, status: "running", startedAt: at(10) }),
        makeStep({
          key: "rg", position: 0, status: "succeeded", startedAt: at(0), finishedAt: at(3),
          output: { change: "created", summary: "created rg-openhands-prod", resources: [{ key: "rg", resourceId: "/subscriptions/x/resourceGroups/rg-openhands-prod" }] },
        }),
        makeStep({ key: "db", position: 1, status: "failed", startedAt: at(3), finishedAt: at(9), error: { code: "QuotaExceeded", message: "no quota", remedy: "request more" } }),
      ]),
      at(40),
    );
    expect(view.steps.map((s) => [s.key, s.elapsedMs])).toEqual([["rg", 3000], ["db", 6000], ["aks", 30000]]);
    expect(view.steps[0]?.resourceIds).toEqual(["/subscriptions/x/resourceGroups/rg-openhands-prod"]);
    expect(view.steps[0]?.summary).toBe("created rg-openhands-prod");
    expect(view.steps[0]?.change).toBe("created");
    expect(view.steps[0]?.resources).toEqual([{ name: "", type: "", change: null, resourceId: "/subscriptions/x/resourceGroups/rg-openhands-prod", facts: {} }]);
    expect(view.steps[2]?.change).toBeNull();
    expect(view.steps[1]?.error).toEqual({ code: "QuotaExceeded", message: "no quota", remedy: "request more" });
    expect(JSON.stringify(view)).not.toContain("never shown");
    expect(view.elapsedMs).toBe(40_000);
  });

  it("formats elapsed time", () => {
    expect(formatElapsed(null)).toBe("—");
    expect(formatElapsed(4_400)).toBe("4s");
    expect(formatElapsed(125_000)).toBe("2m 5s");
    expect(formatElapsed(3_725_000)).toBe("1h 2m");
  });
});

describe("stepLabel", () => {
  it("says unchanged for a resource Azure already had, verified for a check that passed, and the change for a step that made one", () => {
    expect(stepLabel({ key: "aks", status: "skipped", change: "unchanged" })).toBe("unchanged");
    expect(stepLabel({ key: "openhands.health", status: "skipped", change: "unchanged" })).toBe("verified");
    expect(stepLabel({ key: "openhands.ready", status: "skipped", change: "unchanged" })).toBe("verified");
    // Waiting for Ready changed nothing: it verified (it was "succeeded · updated").
    expect(stepLabel({ key: "openhands.ready", status: "succeeded", change: "updated" })).toBe("verified");
    expect(stepLabel({ key: "aks", status: "succeeded", change: "created" })).toBe("succeeded · created");
    expect(stepLabel({ key: "openhands.health", status: "failed", change: null })).toBe("failed");
    expect(stepLabel({ key: "aks", status: "skipped", change: null })).toBe("skipped");
  });
});

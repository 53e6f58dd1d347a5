import { describe, expect, it } from "vitest";
import type { OperationView, StepView } from "./operation-view";
import { nothingChanged, portalUrl, readinessDetail, readinessVerdict, setupOutcome } from "./setup-outcome";

const AKS_ID = "/subscriptions/8f3c2a10-4b5d-4e6f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-openhands-prod/providers/Microsoft.ContainerService/managedClusters/aks-openhands-prod";

function makeStep(overrides: Partial<StepView>): StepView {
  return {
    key: "aks", title: "AKS", status: "succeeded", attempt: 1, dependsOn: [], startedAt: null, finishedAt: null, elapsedMs: null,
    resourceIds: [], summary: null, change: null, resources: [], error: null, ...overrides,
  };
}
function makeView(steps: StepView[], overrides: Partial<OperationView> = {}): OperationView {
  return {
    id: "op", environmentId: "env", kind: "setup", status: "succeeded", createdAt: "2026-11-26T12:00:00.000Z", startedAt: "2026-11-26T12:00:02.000Z",
    finishedAt: "2026-11-26T12:02:05.000Z", elapsedMs: 123_000, error: null, steps, ...overrides,
  };
}
const aks = (change: "created" | "updated" | "unchanged") =>
  makeStep({ status: change === "unchanged" ? "skipped" : "succeeded", change, resourceIds: [AKS_ID], resources: [{ name: "aks-openhands-prod", type: "Microsoft.ContainerService/managedClusters", change, resourceId: AKS_ID, facts: {} }] });

describe("setup outcome", () => {
  it("links ARM ids to the Azure portal and nothing else", () => {
    expect(portalUrl(AKS_ID)).toBe(`https://portal.azure.com/#@/resource${AKS_ID}`);
    expect(portalUrl("")).toBeNull();
    expect(portalUrl("namespaces/openhands")).toBeNull();
  });

  it("lists each resource with its change, counts them and measures the wall time from request to finish", () => {
    const ns = makeStep({ key: "openhands.namespaces", title: "Namespaces", change: "created", resources: [{ name: "openhands", type: "Namespace", change: "created", resourceId: "", facts: {} }] });
    const out = setupOutcome(makeView([aks("updated"), ns]));
    expect(out.resources).toEqual([
      { step: "AKS", name: "aks-openhands-prod", type: "Microsoft.ContainerService/managedClusters", change: "updated", resourceId: AKS_ID, portalUrl: `https://portal.azure.com/#@/resource${AKS_ID}` },
      { step: "Namespaces", name: "openhands", type: "Namespace", change: "created", resourceId: "", portalUrl: null },
    ]);
    expect(out.counts).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(out.wallTimeMs).toBe(125_000);
    expect(out.nothingChanged).toBe(false);
  });

  it("says nothing changed only when a finished operation left every step unchanged", () => {
    expect(nothingChanged(makeView([aks("unchanged"), aks("unchanged")]))).toBe(true);
    expect(nothingChanged(makeView([aks("unchanged"), aks("created")]))).toBe(false);
    expect(nothingChanged(makeView([aks("unchanged")], { status: "running", finishedAt: null }))).toBe(false);
    expect(nothingChanged(makeView([]))).toBe(false);
  });

  it("reports OpenHands Ready only when the ready and health steps both ended well", () => {
    expect(setupOutcome(makeView([aks("created")])).openhands).toBeNull();
    const ready = makeStep({ key: "openhands.ready", status: "succeeded", summary: "1/1 replicas Ready" });
    const healthy = makeStep({ key: "openhands.health", status: "skipped", change: "unchanged", summary: "/health 200, /ready 200" });
    expect(setupOutcome(makeView([ready, healthy])).openhands).toMatchObject({ isReady: true, health: { summary: "/health 200, /ready 200" } });
    const failing = makeStep({ key: "openhands.health", status: "failed" });
    expect(setupOutcome(makeView([ready, failing], { status: "failed" })).openhands?.isReady).toBe(false);
  });

  it("counts only resources steps changed: a first setup's Ready wait and health probe are not updated/unchanged resources", () => {
    const deployment = { name: "openhands/openhands", type: "Kubernetes/Deployment", change: "updated" as const, resourceId: "", facts: { readyReplicas: 2 } };
    const ready = makeStep({ key: "openhands.ready", title: "Wait for OpenHands Ready", status: "succeeded", change: "updated", summary: "Wait for OpenHands Ready: Ready after 12 s (2 replicas)", resources: [deployment] });
    const endpoint = { name: "http://oh.example.com", type: "OpenHands/Endpoint", change: "unchanged" as const, resourceId: "http://oh.example.com", facts: { alive: true } };
    const health = makeStep({ key: "openhands.health", title: "Health check", status: "skipped", change: "unchanged", summary: "Health check: verified, nothing to change — http://oh.example.com answers /alive, /health and /ready (8 ms)", resources: [endpoint] });
    const out = setupOutcome(makeView([aks("created"), ready, health]));
    expect(out.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(out.resources.map((r) => r.name)).toEqual(["aks-openhands-prod"]);
    expect(readinessVerdict(health)).toBe("passed");
    expect(readinessVerdict(ready)).toBe("passed");
    expect(readinessVerdict(makeStep({ key: "openhands.health", status: "failed" }))).toBe("failed");
    expect(readinessVerdict(undefined)).toBe("not part of this setup");
    expect(readinessDetail(health)).toBe("http://oh.example.com answers /alive, /health and /ready (8 ms)");
    expect(readinessDetail(ready)).toBe("Ready after 12 s (2 replicas)");
  });

  it("passes on the Ingress's public address the health check found, for the DNS record", () => {
    const ready = makeStep({ key: "openhands.ready", status: "succeeded" });
    const endpoint = { name: "https://oh.example.com", type: "OpenHands/Endpoint", change: "unchanged" as const, resourceId: "https://oh.example.com" };
    const withIp = makeStep({ key: "openhands.health", status: "skipped", change: "unchanged", resources: [{ ...endpoint, facts: { alive: true, ingressAddress: "20.62.10.10" } }] });
    expect(setupOutcome(makeView([ready, withIp])).openhands?.ingressAddress).toBe("20.62.10.10");
    const without = makeStep({ key: "openhands.health", status: "skipped", change: "unchanged", resources: [{ ...endpoint, facts: { alive: true } }] });
    expect(setupOutcome(makeView([ready, without])).openhands?.ingressAddress).toBeNull();
  });
});

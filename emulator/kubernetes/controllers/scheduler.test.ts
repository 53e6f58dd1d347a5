import { describe, expect, it } from "vitest";
import { makeNode, makePod } from "../test-fixtures";
import { podRequests, schedule, tolerates, unfitReasons, usageOf } from "./scheduler";

const system = { name: "system", count: 1, vmSize: "Standard_D2s_v3", mode: "System" as const };
const sandbox = { name: "sandbox", count: 1, vmSize: "Standard_D4s_v3", nodeLabels: { "openhands.dev/sandbox": "true" }, nodeTaints: ["openhands.dev/sandbox=true:NoSchedule"] };
const empty = { cpu: 0, mem: 0, pods: 0 };

describe("scheduler rules", () => {
  it("sums container requests", () => {
    expect(podRequests(makePod({ cpu: "1500m", memory: "1Gi" }))).toEqual({ cpu: 1500, mem: 2 ** 30 });
  });

  it("keeps pods off tainted nodes unless they tolerate the taint", () => {
    const node = makeNode(sandbox);
    expect(unfitReasons(makePod(), node, empty)).toEqual(["node(s) had untolerated taint {openhands.dev/sandbox: true}"]);
    const tolerating = makePod({ tolerations: [{ key: "openhands.dev/sandbox", operator: "Equal", value: "true", effect: "NoSchedule" }] });
    expect(unfitReasons(tolerating, node, empty)).toEqual([]);
    expect(tolerates([{ operator: "Exists" }], { key: "any", effect: "NoExecute" })).toBe(true);
  });

  it("honours nodeSelector, cordon and readiness", () => {
    expect(unfitReasons(makePod({ nodeSelector: { "openhands.dev/sandbox": "true" } }), makeNode(system), empty)).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    const cordoned = makeNode(system);
    cordoned.spec.unschedulable = true;
    expect(unfitReasons(makePod(), cordoned, empty)).toEqual(["node(s) were unschedulable"]);
    expect(unfitReasons(makePod(), makeNode(system, false), empty)[0]).toMatch(/not-ready/);
  });

  it("reports insufficient cpu and memory against allocatable, not capacity", () => {
    const node = makeNode(system); // D2s_v3: 2 vCPU → 1900m allocatable
    expect(unfitReasons(makePod({ cpu: "1900m" }), node, empty)).toEqual([]);
    expect(unfitReasons(makePod({ cpu: "2" }), node, empty)).toEqual(["Insufficient cpu"]);
    expect(unfitReasons(makePod({ memory: "8Gi" }), node, empty)).toEqual(["Insufficient memory"]);
  });

  it("explains a failed placement the way kube-scheduler does, and spreads pods", () => {
    const a = makeNode(system);
    const b = { ...makeNode(sandbox) };
    const decision = schedule(makePod({ cpu: "3" }), [a, b], new Map());
    expect(decision.node).toBeUndefined();
    expect(decision.message).toBe("0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {openhands.dev/sandbox: true}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    const a2 = makeNode({ ...system, name: "system2" });
    a2.metadata.name = "other";
    const busy = new Map([[a.metadata.name, usageOf([makePod({ cpu: "1" })])]]);
    expect(schedule(makePod(), [a, a2], busy).node?.metadata.name).toBe("other");
  });
});

import { describe, expect, it } from "vitest";
import { poolUsage, share, stateCounts, userCounts } from "./aggregate";
import { classifySandbox } from "./classify";
import { makeConversation, makePod, NOW } from "./fixtures";
import { bytes, cpuMillis, parseQuantity } from "./quantity";
import { SANDBOX_RULES } from "./rules";
import type { PodView } from "./types";

const sb = (pod: PodView) => classifySandbox({ pod, poolOf: (n) => (n.startsWith("aks-sandbox") ? "sandbox" : "system"), conversation: makeConversation({ conversationId: pod.labels.session! }), now: NOW, rules: SANDBOX_RULES });

describe("quantities", () => {
  it("parses CPU and memory the way Kubernetes writes them", () => {
    expect(cpuMillis("500m")).toBe(500);
    expect(cpuMillis("2")).toBe(2000);
    expect(cpuMillis("1.5")).toBe(1500);
    expect(bytes("3072Mi")).toBe(3072 * 2 ** 20);
    expect(bytes("1G")).toBe(1e9);
    expect(bytes("512Gi")).toBe(512 * 2 ** 30);
    expect(bytes("1e3")).toBe(1000);
    expect(parseQuantity("12 cats")).toBeNull();
    expect(cpuMillis(undefined)).toBe(0);
  });
});

describe("roll-ups", () => {
  const running = sb(makePod({ session: "a", user: "alice" }));
  const running2 = sb(makePod({ session: "b", user: "bob", containers: [{ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } }] }));
  const pending = sb(makePod({ session: "c", user: "alice", phase: "Pending", nodeName: undefined, ready: false, containers: [{ requests: { cpu: "500m", memory: "512Gi" }, limits: {} }] }));
  const failed = sb(makePod({ session: "d", user: "bob", phase: "Failed" }));
  const gone = sb(makePod({ session: "e", user: "bob", deletionAt: new Date(NOW) }));
  const all = [running, running2, pending, failed, gone];

  it("counts by state; paused comes from the database; terminating is not in total", () => {
    expect(stateCounts(all, 7)).toEqual({ running: 2, pending: 1, paused: 7, error: 1, terminating: 1, total: 11 });
  });

  it("sums requests and limits per pool against the nodes' allocatable", () => {
    const pools = poolUsage(all, [
      { name: "aks-sandbox-1", pool: "sandbox", allocatableCpuMillis: 7820, allocatableMemoryBytes: 30 * 2 ** 30 },
      { name: "aks-sandbox-2", pool: "sandbox", allocatableCpuMillis: 7820, allocatableMemoryBytes: 30 * 2 ** 30 },
      { name: "aks-system-1", pool: "system", allocatableCpuMillis: 3860, allocatableMemoryBytes: 12 * 2 ** 30 },
    ]);
    expect(pools.map((p) => p.pool)).toEqual(["sandbox", "system", "(unscheduled)"]);
    const sandbox = pools[0]!;
    // running (500m/3Gi) + running2 (1 CPU/1Gi, limits 2/2Gi); the failed pod holds nothing.
    expect(sandbox).toMatchObject({ nodes: 2, running: 2, error: 1, cpuRequestMillis: 1500, cpuLimitMillis: 2000, memoryRequestBytes: 4 * 2 ** 30, memoryLimitBytes: 5 * 2 ** 30, allocatableCpuMillis: 15640, allocatableMemoryBytes: 60 * 2 ** 30 });
    expect(pools[1]).toMatchObject({ nodes: 1, running: 0, cpuRequestMillis: 0, allocatableCpuMillis: 3860 });
    expect(pools[2]).toMatchObject({ pool: "(unscheduled)", nodes: 0, pending: 1, memoryRequestBytes: 512 * 2 ** 30, allocatableMemoryBytes: 0 });
    expect(share(sandbox.cpuRequestMillis, sandbox.allocatableCpuMillis)).toBeCloseTo(1500 / 15640);
    expect(share(1, 0)).toBeNull();
  });

  it("counts per user, adding paused conversations", () => {
    expect(userCounts(all, new Map([["carol", 3], ["alice", 1]]))).toEqual([
      { userId: "alice", running: 1, pending: 1, paused: 1, error: 0, total: 3 },
      { userId: "carol", running: 0, pending: 0, paused: 3, error: 0, total: 3 },
      { userId: "bob", running: 1, pending: 0, paused: 0, error: 1, total: 2 },
    ]);
  });
});

describe("paging the inventory's lists", () => {
  it("slices one page and clamps past the end", async () => {
    const { paged } = await import("./page-data");
    const rows = Array.from({ length: 120 }, (_, i) => i);
    expect(paged(rows, 2, 50)).toEqual({ rows: rows.slice(50, 100), page: 2, pages: 3, total: 120 });
    expect(paged(rows, 9, 50).page).toBe(3);
    expect(paged([], 1, 50)).toEqual({ rows: [], page: 1, pages: 1, total: 0 });
  });
});

describe("paused per user", () => {
  it("subtracts conversations of the window that still have a pod", async () => {
    const { pausedByUser } = await import("./conversations");
    const { makeConversation } = await import("./fixtures");
    const since = new Date(NOW - 10 * 86_400_000);
    const window = new Map([["alice", 3], ["bob", 1]]);
    const withPods = [makeConversation({ userId: "alice" }), makeConversation({ userId: "bob" }), makeConversation({ userId: "carol", createdAt: new Date(NOW - 20 * 86_400_000) })];
    expect(pausedByUser(window, withPods, since)).toEqual(new Map([["alice", 2]]));
  });
});

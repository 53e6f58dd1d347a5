import { describe, expect, it } from "vitest";
import { classifySandbox, flaggedOf, formatDuration, podState, stopReason } from "./classify";
import { makeConversation, makePod, minutesAgo, NOW } from "./fixtures";
import { SANDBOX_RULES } from "./rules";
import type { ConversationRow, PodView } from "./types";

const poolOf = (n: string) => (n.startsWith("aks-sandbox") ? "sandbox" : undefined);
// Arguments: no second argument = a fresh conversation; undefined = no row; null = database not read.
function classify(pod: PodView, ...rest: [conversation?: ConversationRow | undefined | null, schedulingMessage?: string]) {
  const conversation = rest.length === 0 ? makeConversation() : rest[0];
  return classifySandbox({ pod, poolOf, conversation, schedulingMessage: rest[1], now: NOW, rules: SANDBOX_RULES });
}

describe("podState", () => {
  it("maps pod status the way runtime-api does (ready → running, not ready → pending)", () => {
    expect(podState(makePod())).toEqual({ state: "running", detail: "Running" });
    expect(podState(makePod({ ready: false }))).toEqual({ state: "pending", detail: "Starting (not Ready)" });
    expect(podState(makePod({ phase: "Pending", nodeName: undefined, conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }], containerStatuses: [] })).detail).toBe("Unschedulable");
    expect(podState(makePod({ phase: "Pending", containerStatuses: [{ name: "a", ready: false, waiting: { reason: "ContainerCreating" } }] }))).toEqual({ state: "pending", detail: "ContainerCreating" });
  });

  it("treats image pull and crash loops, failed and exited pods as errors", () => {
    for (const reason of ["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff"]) {
      expect(podState(makePod({ phase: "Pending", containerStatuses: [{ name: "a", ready: false, waiting: { reason } }] }))).toEqual({ state: "error", detail: reason });
    }
    expect(podState(makePod({ phase: "Failed" })).state).toBe("error");
    expect(podState(makePod({ phase: "Succeeded" })).detail).toBe("Exited");
    expect(podState(makePod({ phase: "Running", containerStatuses: [{ name: "a", ready: false, terminated: { reason: "OOMKilled", exitCode: 137 } }] }))).toEqual({ state: "error", detail: "OOMKilled" });
  });

  it("sees a pod being deleted as terminating whatever its phase", () => {
    expect(podState(makePod({ deletionAt: minutesAgo(0) })).state).toBe("terminating");
  });
});

describe("flags", () => {
  it("flags a pod Pending past the threshold as stuck, quoting the scheduler", () => {
    const pod = makePod({ phase: "Pending", nodeName: undefined, createdAt: minutesAgo(6), containerStatuses: [], conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] });
    const s = classify(pod, makeConversation(), "0/3 nodes are available: 3 Insufficient memory.");
    expect(s.flags).toEqual([{ kind: "stuck", why: "Pending for 6 min; the scheduler says: 0/3 nodes are available: 3 Insufficient memory." }]);
    expect(s.pool).toBe("(unscheduled)");
    expect(classify({ ...pod, createdAt: minutesAgo(4) }).flags).toEqual([]);
    expect(classify(pod, makeConversation()).flags[0]!.why).toContain("OpenHands gives a sandbox 120 s to start");
    // Without the (expired) event, the PodScheduled condition still carries the scheduler's message.
    const withCondition = { ...pod, conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/5 nodes are available: 5 Insufficient memory." }] };
    expect(classify(withCondition, makeConversation()).flags[0]!.why).toBe("Pending for 6 min; the scheduler says: 0/5 nodes are available: 5 Insufficient memory.");
  });

  it("flags a sandbox without a conversation row, or without a session label, as orphaned", () => {
    expect(classify(makePod(), undefined).flags).toEqual([{ kind: "orphaned", why: "No conversation c1 in the OpenHands database: nothing will ever pause or delete this pod." }]);
    const unlabeled = makePod();
    delete unlabeled.labels.session;
    expect(classify(unlabeled, undefined).flags[0]!.why).toBe("The pod has no session label, so no conversation owns it.");
  });

  it("flags idle past the threshold, and orphaned once silent long past runtime-api's pause", () => {
    expect(classify(makePod(), makeConversation({ lastUpdatedAt: minutesAgo(19) })).flags).toEqual([]);
    expect(classify(makePod(), makeConversation({ lastUpdatedAt: minutesAgo(25) })).flags).toEqual([{ kind: "idle", why: "No activity in its conversation for 25 min (idle threshold 20 min)." }]);
    const old = classify(makePod(), makeConversation({ lastUpdatedAt: minutesAgo(180) }));
    expect(old.flags.map((f) => f.kind)).toEqual(["orphaned"]);
    expect(old.flags[0]!.why).toContain("silent for 3 h");
    expect(old.idleMs).toBe(180 * 60_000);
  });

  it("judges no idle or orphan flag without the database, nor for a terminating pod", () => {
    expect(classify(makePod(), null).flags).toEqual([]);
    expect(classify(makePod({ deletionAt: minutesAgo(0) }), undefined).flags).toEqual([]);
  });

  it("lets stop act only on orphaned or idle sandboxes", () => {
    expect(stopReason(classify(makePod()))).toBeUndefined();
    expect(stopReason(classify(makePod(), undefined))?.kind).toBe("orphaned");
    expect(stopReason(classify(makePod(), makeConversation({ lastUpdatedAt: minutesAgo(30) })))?.kind).toBe("idle");
    const stuckOnly = classify(makePod({ phase: "Pending", ready: false, createdAt: minutesAgo(6) }), makeConversation());
    expect(stuckOnly.flags.map((f) => f.kind)).toEqual(["stuck"]);
    expect(stopReason(stuckOnly)).toBeUndefined();
  });

  it("orders flagged sandboxes stuck, orphaned, idle", () => {
    const idle = classify(makePod({ name: "idle" }), makeConversation({ lastUpdatedAt: minutesAgo(30) }));
    const orphan = classify(makePod({ name: "orphan" }), undefined);
    const stuck = classify(makePod({ name: "stuck", phase: "Pending", ready: false, createdAt: minutesAgo(9) }));
    const fine = classify(makePod({ name: "fine" }));
    expect(flaggedOf([idle, fine, orphan, stuck]).map((s) => s.name)).toEqual(["stuck", "orphan", "idle"]);
  });
});

it("formats durations for tables", () => {
  expect(formatDuration(30_000)).toBe("30 s");
  expect(formatDuration(5 * 60_000)).toBe("5 min");
  expect(formatDuration(125 * 60_000)).toBe("2 h 5 min");
  expect(formatDuration(49 * 3_600_000)).toBe("2 d 1 h");
});

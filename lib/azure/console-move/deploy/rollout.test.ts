import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { diagnoseConsolePods } from "./rollout";

function makePod(name: string, status: V1Pod["status"]): V1Pod {
  return { metadata: { name }, status };
}
function makeEvent(reason: string, message: string, at: number): CoreV1Event {
  return { metadata: {}, involvedObject: {}, reason, message, lastTimestamp: new Date(at) };
}

const unschedulable = "0/4 nodes are available: 4 node(s) were unschedulable.";

describe("diagnoseConsolePods", () => {
  it("names pods with the same scheduling problem together, without repeating the event that says the same", () => {
    const pods = ["openhands-console-abc-1", "openhands-console-abc-2"].map((n) => ({
      pod: makePod(n, { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: unschedulable }] }),
      events: [makeEvent("FailedScheduling", unschedulable, 1)],
      logTail: "",
    }));
    const d = diagnoseConsolePods(pods);
    expect(d.code).toBe("ConsolePodUnschedulable");
    expect(d.reason).toBe(`pods openhands-console-abc-1, openhands-console-abc-2 cannot be scheduled: ${unschedulable}`);
  });

  it("an image that cannot be pulled: ConsoleImagePullFailed with the pod's last two events", () => {
    const d = diagnoseConsolePods([
      {
        pod: makePod("openhands-console-x-1", { phase: "Pending", containerStatuses: [{ name: "console", image: "reg/openhands-console:nope", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff" } } }] }),
        events: [makeEvent("Pulling", 'Pulling image "reg/openhands-console:nope"', 1), makeEvent("Failed", "Error: ErrImagePull", 3), makeEvent("BackOff", 'Back-off pulling image "reg/openhands-console:nope"', 2)],
        logTail: "",
      },
    ]);
    expect(d.code).toBe("ConsoleImagePullFailed");
    expect(d.reason).toBe('pod openhands-console-x-1 cannot pull its image: ImagePullBackOff; last events: BackOff: Back-off pulling image "reg/openhands-console:nope" | Failed: Error: ErrImagePull');
  });

  it("a running pod that is not Ready: ConsoleNotReady with the console's own last line (the store error), not its Ready line", () => {
    const d = diagnoseConsolePods([
      {
        pod: makePod("openhands-console-y-1", { phase: "Running", conditions: [{ type: "Ready", status: "False" }] }),
        events: [makeEvent("Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", 5)],
        logTail: "✓ Ready: GET /api/health 200\nhealth: store unreachable: database \"console\" does not exist\n",
      },
    ]);
    expect(d.code).toBe("ConsoleNotReady");
    expect(d.reason).toBe('pod openhands-console-y-1 is not Ready; last events: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503; the console says: health: store unreachable: database "console" does not exist');
  });

  it("no unready pod yet: says so", () => {
    expect(diagnoseConsolePods([])).toEqual({ code: "ConsoleRolloutTimeout", reason: "no pod is unready (the Deployment has not created the new pods yet)" });
  });
});

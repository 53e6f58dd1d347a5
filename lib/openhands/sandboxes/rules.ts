/**
 * The thresholds the Sandboxes page flags by, in one place. Defaults follow OpenHands' own
 * runtime-api settings (knowledge/openhands.md §4): it pauses a sandbox after 20 minutes idle
 * (`cleanup.idle_seconds` 1200) on a 5-minute cleanup schedule, and the app gives a sandbox
 * 120 s to start (`start_sandbox_timeout`).
 */
export interface SandboxRules {
  /** A pod Pending (or started but not Ready) longer than this is stuck. */
  stuckPendingMinutes: number;
  /** A sandbox whose conversation has been silent this long is idle (runtime-api would pause it now). */
  idleMinutes: number;
  /**
   * Silent this long while the pod still exists: runtime-api's cleanup has run several times
   * since it should have paused it, so nothing manages the pod any more — orphaned.
   */
  orphanMinutes: number;
  /** Conversations younger than this without a pod count as paused (OpenHands' conversation_max_age_seconds, 10 days). */
  pausedWindowDays: number;
  /** Grace period given to a stopped sandbox's containers. */
  stopGraceSeconds: number;
}

export const SANDBOX_RULES: SandboxRules = {
  stuckPendingMinutes: 5,
  idleMinutes: 20,
  orphanMinutes: 60,
  pausedWindowDays: 10,
  stopGraceSeconds: 30,
};

/** OpenHands' runtime pods carry this label (V0 KubernetesRuntime and the runtime-api alike). */
export const RUNTIME_LABEL = { key: "app", value: "openhands-runtime" } as const;
export const SESSION_LABEL = "session";
export const USER_LABEL = "openhands.dev/user";
/** AKS labels every node with its agent pool (older clusters only with the short form). */
export const POOL_LABELS = ["kubernetes.azure.com/agentpool", "agentpool"] as const;
/** Pods not (yet) on a node are summed here. */
export const UNSCHEDULED_POOL = "(unscheduled)";

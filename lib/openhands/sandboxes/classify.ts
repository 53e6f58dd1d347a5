/**
 * Pure decisions about one sandbox pod: its state (as runtime-api maps pod status to
 * STARTING/RUNNING/ERROR), its pool, and the flags an admin should see with the reason why —
 * stuck Pending (with the scheduler's message), orphaned (no conversation, or one silent long
 * past runtime-api's pause), idle. Unit-tested with fixture pods; no I/O.
 */
import { bytes, cpuMillis } from "./quantity";
import { POOL_LABELS, SESSION_LABEL, UNSCHEDULED_POOL, USER_LABEL, type SandboxRules } from "./rules";
import type { ConversationRow, PodView, Sandbox, SandboxFlag, SandboxState } from "./types";

/** Container waiting reasons that will not fix themselves (kubelet's words). */
const ERROR_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "ErrImageNeverPull"]);

export function podState(pod: PodView): { state: SandboxState; detail: string } {
  if (pod.deletionAt) return { state: "terminating", detail: "Terminating" };
  const waiting = pod.containerStatuses.find((c) => c.waiting?.reason && ERROR_REASONS.has(c.waiting.reason));
  if (waiting) return { state: "error", detail: waiting.waiting!.reason! };
  if (pod.phase === "Failed") return { state: "error", detail: "Failed" };
  if (pod.phase === "Succeeded") return { state: "error", detail: "Exited" };
  if (pod.phase === "Unknown") return { state: "error", detail: "Unknown (node lost)" };
  const crashed = pod.containerStatuses.find((c) => c.terminated && c.terminated.exitCode !== 0);
  if (crashed) return { state: "error", detail: crashed.terminated!.reason ?? `Exited ${crashed.terminated!.exitCode}` };
  if (pod.phase === "Running") {
    const ready = pod.conditions.some((c) => c.type === "Ready" && c.status === "True");
    return ready ? { state: "running", detail: "Running" } : { state: "pending", detail: "Starting (not Ready)" };
  }
  const creating = pod.containerStatuses.find((c) => c.waiting?.reason)?.waiting?.reason;
  if (creating) return { state: "pending", detail: creating };
  const unscheduled = pod.conditions.find((c) => c.type === "PodScheduled" && c.status === "False");
  return { state: "pending", detail: unscheduled ? (unscheduled.reason ?? "Unschedulable") : "Pending" };
}

export function poolOfNode(labels: Record<string, string> | undefined): string | undefined {
  for (const key of POOL_LABELS) if (labels?.[key]) return labels[key];
  return undefined;
}

function sumResources(pod: PodView) {
  let cpuRequestMillis = 0, cpuLimitMillis = 0, memoryRequestBytes = 0, memoryLimitBytes = 0;
  for (const c of pod.containers) {
    cpuRequestMillis += cpuMillis(c.requests.cpu);
    cpuLimitMillis += cpuMillis(c.limits.cpu);
    memoryRequestBytes += bytes(c.requests.memory);
    memoryLimitBytes += bytes(c.limits.memory);
  }
  return { cpuRequestMillis, cpuLimitMillis, memoryRequestBytes, memoryLimitBytes };
}

/** "3 min", "2 h 5 min", "4 d 1 h" — ages and idle times in a table. */
export function formatDuration(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return `${Math.max(0, Math.floor(ms / 1000))} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export interface ClassifyInput {
  pod: PodView;
  /** node name → agent pool */
  poolOf: (node: string) => string | undefined;
  /** The session's conversation row; undefined = looked up and absent; null = not looked up (no database). */
  conversation: ConversationRow | undefined | null;
  /** Latest FailedScheduling message for this pod, if any. */
  schedulingMessage?: string;
  now: number;
  rules: SandboxRules;
}

export function classifySandbox({ pod, poolOf, conversation, schedulingMessage, now, rules }: ClassifyInput): Sandbox {
  const { state, detail } = podState(pod);
  const conversationId = pod.labels[SESSION_LABEL] ?? null;
  const ageMs = Math.max(0, now - pod.createdAt.getTime());
  const lastActivityAt = conversation ? conversation.lastUpdatedAt : null;
  const idleMs = lastActivityAt ? Math.max(0, now - lastActivityAt.getTime()) : null;
  const flags: SandboxFlag[] = [];

  if (state === "pending" && ageMs >= rules.stuckPendingMinutes * 60_000) {
    // Events expire (an hour on AKS) and busy clusters prune them; the pod's PodScheduled
    // condition keeps the scheduler's last message, so fall back to it.
    const scheduler = schedulingMessage ?? pod.conditions.find((c) => c.type === "PodScheduled" && c.status === "False" && c.message)?.message;
    const why = scheduler
      ? `Pending for ${formatDuration(ageMs)}; the scheduler says: ${scheduler}`
      : `Pending for ${formatDuration(ageMs)} (${detail}); OpenHands gives a sandbox 120 s to start.`;
    flags.push({ kind: "stuck", why });
  }
  if (state !== "terminating" && conversation !== null) {
    if (conversation === undefined) {
      flags.push({ kind: "orphaned", why: conversationId ? `No conversation ${conversationId} in the OpenHands database: nothing will ever pause or delete this pod.` : `The pod has no ${SESSION_LABEL} label, so no conversation owns it.` });
    } else if (idleMs !== null && idleMs >= rules.orphanMinutes * 60_000) {
      flags.push({ kind: "orphaned", why: `Conversation silent for ${formatDuration(idleMs)} but the pod is still here; runtime-api pauses sandboxes after ${rules.idleMinutes} min idle, so nothing manages it any more.` });
    } else if (idleMs !== null && idleMs >= rules.idleMinutes * 60_000) {
      flags.push({ kind: "idle", why: `No activity in its conversation for ${formatDuration(idleMs)} (idle threshold ${rules.idleMinutes} min).` });
    }
  }

  const node = pod.nodeName ?? null;
  return {
    name: pod.name,
    conversationId,
    userId: pod.labels[USER_LABEL] ?? conversation?.userId ?? null,
    state,
    detail,
    node,
    pool: node ? (poolOf(node) ?? "(unknown pool)") : UNSCHEDULED_POOL,
    createdAt: pod.createdAt,
    ageMs,
    idleMs,
    lastActivityAt,
    ...sumResources(pod),
    flags,
  };
}

/** A sandbox the stop action may delete: idle past the threshold or orphaned (never a merely busy one). */
export function stopReason(s: Sandbox): SandboxFlag | undefined {
  return s.flags.find((f) => f.kind === "orphaned") ?? s.flags.find((f) => f.kind === "idle");
}

const FLAG_ORDER: Record<string, number> = { stuck: 0, orphaned: 1, idle: 2 };

/** Flagged sandboxes, most urgent first (stuck, orphaned, idle), oldest first within a kind. */
export function flaggedOf(sandboxes: Sandbox[]): Sandbox[] {
  return sandboxes
    .filter((s) => s.flags.length > 0)
    .sort((a, b) => FLAG_ORDER[a.flags[0]!.kind]! - FLAG_ORDER[b.flags[0]!.kind]! || a.createdAt.getTime() - b.createdAt.getTime());
}

/** Fixture factories for unit tests of the sandbox rules (makePod(overrides), as headlamp's diagnostics do). */
import type { ConversationRow, PodView } from "./types";

export const NOW = Date.parse("2026-11-26T12:00:00Z");
export const minutesAgo = (m: number) => new Date(NOW - m * 60_000);

export function makePod(over: Partial<PodView> & { ready?: boolean; session?: string; user?: string } = {}): PodView {
  const { ready = true, session = "c1", user = "u1", ...rest } = over;
  return {
    name: `openhands-runtime-${session}`,
    namespace: "openhands-sandboxes",
    labels: { app: "openhands-runtime", session, "openhands.dev/user": user },
    createdAt: minutesAgo(30),
    phase: "Running",
    nodeName: "aks-sandbox-12345678-vmss000000",
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: ready ? "True" : "False" },
    ],
    containerStatuses: [{ name: "agent-server", ready }],
    containers: [{ requests: { cpu: "500m", memory: "3072Mi" }, limits: { memory: "3072Mi" } }],
    ...rest,
  };
}

export function makeConversation(over: Partial<ConversationRow> = {}): ConversationRow {
  return { conversationId: "c1", userId: "u1", createdAt: minutesAgo(30), lastUpdatedAt: minutesAgo(1), llmModel: "litellm_proxy/gpt-5-2025-08-07", accumulatedCost: 0.5, title: "Fix tests", ...over };
}

/** The Sandboxes page's model: what a sandbox pod is after classification, and the inventory of a cluster. */

/** running = Ready; pending = not started or started but not Ready (runtime-api's STARTING); paused = conversation without a pod. */
export type SandboxState = "running" | "pending" | "error" | "terminating";

export type FlagKind = "stuck" | "orphaned" | "idle";

/** Why the page singles a sandbox out, in words an admin can act on. */
export interface SandboxFlag {
  kind: FlagKind;
  why: string;
}

/** The parts of a Kubernetes pod the page reads (converted from client-node's V1Pod). */
export interface PodView {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  createdAt: Date;
  deletionAt?: Date;
  phase: string;
  nodeName?: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses: { name: string; ready: boolean; waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode: number } }[];
  containers: { requests: Record<string, string>; limits: Record<string, string> }[];
}

/** The conversation_metadata row of a sandbox's session (OpenHands' schema, read only). */
export interface ConversationRow {
  conversationId: string;
  userId: string;
  createdAt: Date;
  lastUpdatedAt: Date;
  llmModel: string | null;
  accumulatedCost: number;
  title: string | null;
}

export interface Sandbox {
  name: string;
  conversationId: string | null;
  userId: string | null;
  state: SandboxState;
  /** Kubernetes' words for the state: "Running", "ContainerCreating", "ImagePullBackOff"… */
  detail: string;
  node: string | null;
  pool: string;
  createdAt: Date;
  ageMs: number;
  /** Since the conversation's last update; null without a conversation row. */
  idleMs: number | null;
  lastActivityAt: Date | null;
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestBytes: number;
  memoryLimitBytes: number;
  flags: SandboxFlag[];
}

export interface StateCounts {
  running: number;
  pending: number;
  paused: number;
  error: number;
  /** Pods being deleted (grace period); not in total. */
  terminating: number;
  /** running + pending + paused + error. */
  total: number;
}

export interface PoolUsage {
  pool: string;
  nodes: number;
  running: number;
  pending: number;
  error: number;
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestBytes: number;
  memoryLimitBytes: number;
  /** Sum of the pool's nodes' allocatable (0 for the unscheduled bucket). */
  allocatableCpuMillis: number;
  allocatableMemoryBytes: number;
}

export interface UserCounts {
  userId: string;
  running: number;
  pending: number;
  paused: number;
  error: number;
  total: number;
}

export interface SandboxInventory {
  namespace: string;
  observedAt: Date;
  counts: StateCounts;
  byPool: PoolUsage[];
  byUser: UserCounts[];
  /** Every sandbox pod, oldest first (the page paginates). */
  sandboxes: Sandbox[];
  /** Sandboxes with at least one flag: stuck first, then orphaned, then idle. */
  flagged: Sandbox[];
  /** False when no database was given: paused is 0 and idle/orphan flags are not judged. */
  conversationsRead: boolean;
}

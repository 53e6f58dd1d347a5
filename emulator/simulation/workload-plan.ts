/**
 * The pure decisions of the OpenHands workload simulation: when users arrive (a Poisson process),
 * who they are, how long a conversation runs, how many tokens it burns, and which sandboxes go
 * wrong (stuck Pending, or orphaned after the conversation ends). A seeded PRNG makes the whole
 * schedule reproducible: the same seed and settings give the same conversations.
 *
 * Times are wall-clock ms; `speed` (1 / the local Azure time scale) compresses simulated time.
 */

/** mulberry32: small, fast, good enough for simulation; never for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkloadSettings {
  seed: number;
  /** Simulated users starting a conversation per (simulated) hour. */
  usersPerHour: number;
  /** Simulated time runs this many times faster than the wall clock. */
  speed: number;
  /** Share of sandboxes that never schedule (stuck Pending). */
  stuckRate: number;
  /** Share of sandboxes left running after their conversation ended. */
  orphanRate: number;
  /** Mean conversation length, simulated minutes. */
  meanConversationMinutes: number;
  /** Idle time before a finished conversation's sandbox is paused (runtime-api idle_seconds 1200 → 20 min). */
  idlePauseMinutes: number;
  /** Number of distinct users. */
  userCount: number;
}

export const DEFAULT_WORKLOAD: WorkloadSettings = {
  seed: 42,
  usersPerHour: 6,
  speed: 1,
  stuckRate: 0.03,
  orphanRate: 0.03,
  meanConversationMinutes: 25,
  idlePauseMinutes: 20,
  userCount: 12,
};

export const LLM_MODELS = ["litellm_proxy/claude-sonnet-4-5-20250929", "litellm_proxy/gpt-5-2025-08-07", "litellm_proxy/claude-opus-4-1-20250805", "litellm_proxy/gemini-2.5-pro"] as const;
/** USD per million tokens (prompt, completion), roughly list prices. */
const PRICES: Record<(typeof LLM_MODELS)[number], [number, number]> = {
  "litellm_proxy/claude-sonnet-4-5-20250929": [3, 15],
  "litellm_proxy/gpt-5-2025-08-07": [1.25, 10],
  "litellm_proxy/claude-opus-4-1-20250805": [15, 75],
  "litellm_proxy/gemini-2.5-pro": [1.25, 10],
};
const REPOS = ["acme/payments-api", "acme/web-frontend", "acme/infra", "acme/data-pipeline", "acme/mobile-app", null] as const;
const TITLES = ["Fix flaky integration test", "Add pagination to orders endpoint", "Upgrade dependencies", "Investigate memory leak", "Write unit tests for billing", "Refactor auth middleware", "Update README", "Add dark mode toggle"] as const;

export type SandboxFate = "normal" | "stuck" | "orphan";

export interface PlannedConversation {
  conversationId: string;
  userId: string;
  startAt: number;
  /** When the user stops talking to the agent. */
  endAt: number;
  /** When the idle sandbox is paused (its pod removed), unless orphaned or stuck. */
  pauseAt: number;
  fate: SandboxFate;
  llmModel: (typeof LLM_MODELS)[number];
  repository: string | null;
  title: string;
  /** Prompt and completion tokens per simulated minute. */
  promptTokensPerMinute: number;
  completionTokensPerMinute: number;
}

function hex(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function uuid(rand: () => number): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(rand() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** Exponential variate with the given mean. */
function exponential(rand: () => number, mean: number): number {
  return -Math.log(1 - rand()) * mean;
}

/** Users are stable for a seed: the same people come back. */
export function simulatedUsers(seed: number, count: number): string[] {
  const rand = seededRandom(seed ^ 0x5eed);
  return Array.from({ length: count }, () => uuid(rand));
}

/** Stats of a conversation after `minutes` simulated minutes of activity. */
export function conversationUsage(c: PlannedConversation, minutes: number): { promptTokens: number; completionTokens: number; totalTokens: number; cacheReadTokens: number; cost: number } {
  const m = Math.max(0, minutes);
  const promptTokens = Math.round(c.promptTokensPerMinute * m);
  const completionTokens = Math.round(c.completionTokensPerMinute * m);
  const [inPrice, outPrice] = PRICES[c.llmModel];
  const cost = Math.round(((promptTokens * inPrice + completionTokens * outPrice) / 1e6) * 1e6) / 1e6;
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, cacheReadTokens: Math.round(promptTokens * 0.6), cost };
}

/** The arrival sequence from `fromMs` on: call next() for each conversation, in start order. */
export class WorkloadPlanner {
  private readonly rand: () => number;
  private readonly users: string[];
  private clock: number;

  constructor(
    private readonly s: WorkloadSettings,
    fromMs: number,
  ) {
    if (!(s.usersPerHour > 0) || !(s.speed > 0)) throw new Error("usersPerHour and speed must be positive");
    this.rand = seededRandom(s.seed);
    this.users = simulatedUsers(s.seed, Math.max(1, s.userCount));
    this.clock = fromMs;
  }

  next(): PlannedConversation {
    const r = this.rand;
    const minute = 60_000 / this.s.speed;
    this.clock += exponential(r, 60 / this.s.usersPerHour) * minute;
    const startAt = Math.round(this.clock);
    const length = Math.max(1, exponential(r, this.s.meanConversationMinutes));
    const endAt = Math.round(startAt + length * minute);
    const roll = r();
    const fate: SandboxFate = roll < this.s.stuckRate ? "stuck" : roll < this.s.stuckRate + this.s.orphanRate ? "orphan" : "normal";
    return {
      conversationId: hex(r, 32),
      userId: pick(r, this.users),
      startAt,
      endAt,
      pauseAt: Math.round(endAt + this.s.idlePauseMinutes * minute),
      fate,
      llmModel: pick(r, LLM_MODELS),
      repository: pick(r, REPOS),
      title: pick(r, TITLES),
      promptTokensPerMinute: Math.round(8_000 + r() * 40_000),
      completionTokensPerMinute: Math.round(400 + r() * 2_500),
    };
  }
}

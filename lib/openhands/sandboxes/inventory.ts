/**
 * The live sandbox inventory of one environment's cluster: every runtime pod classified (state,
 * pool, age, idle time, flags with why), rolled up by state, pool (requests and limits against
 * allocatable) and user. The conversation rows come from the environment's OpenHands database
 * when one is given; without it (e.g. a quick overview tile) paused is 0 and idle/orphan flags
 * are not judged. Pods come from a watch-fed cache (pod-cache.ts); nodes and scheduling events
 * are small lists read each time.
 */
import type * as k8s from "@kubernetes/client-node";
import { poolUsage, stateCounts, userCounts } from "./aggregate";
import { classifySandbox, flaggedOf } from "./classify";
import { conversationsByIds, pausedByUser, windowConversationsByUser, type Queryable } from "./conversations";
import { listNodeCapacity, schedulingMessages } from "./kube";
import { cachedSandboxPods } from "./pod-cache";
import { SANDBOX_RULES, SESSION_LABEL, type SandboxRules } from "./rules";
import type { SandboxInventory } from "./types";
import { rollupWindowCounts, type RollupScope } from "./usage-rollup-read";

export interface InventoryOptions {
  namespace: string;
  /** The OpenHands database (conversation_metadata); optional. */
  database?: Queryable;
  rules?: SandboxRules;
  now?: number;
  /** The console store's usage rollup: most of the paused window's count comes from it (usage-rollup-read.ts). */
  rollup?: RollupScope;
}

/** The rollup may be this old and still count the paused window's whole days. */
const ROLLUP_MAX_AGE_MS = 15 * 60_000;

function pausedWindowCounts(opts: InventoryOptions, since: Date, now: number): Promise<Map<string, number>> {
  const db = opts.database;
  if (!db) return Promise.resolve(new Map());
  if (!opts.rollup) return windowConversationsByUser(db, since);
  // The store unavailable or the rollup not ready: count in OpenHands' table as before.
  return rollupWindowCounts(opts.rollup, db, since, now, ROLLUP_MAX_AGE_MS)
    .catch(() => null)
    .then((m) => m ?? windowConversationsByUser(db, since));
}

export async function sandboxInventory(kc: k8s.KubeConfig, opts: InventoryOptions): Promise<SandboxInventory> {
  const rules = opts.rules ?? SANDBOX_RULES;
  const now = opts.now ?? Date.now();
  const since = new Date(now - rules.pausedWindowDays * 86_400_000);
  // The paused window's count needs no pod: it runs while the cluster is read, not after.
  const windowRead = pausedWindowCounts(opts, since, now);
  windowRead.catch(() => {}); // awaited below; a failure before then is not an unhandled rejection
  const [pods, nodes, scheduling] = await Promise.all([cachedSandboxPods(kc, opts.namespace), listNodeCapacity(kc), schedulingMessages(kc, opts.namespace)]);
  const sessions = [...new Set(pods.map((p) => p.labels[SESSION_LABEL]).filter((s): s is string => Boolean(s)))];
  const [conversations, windowCounts] = opts.database ? await Promise.all([conversationsByIds(opts.database, sessions), windowRead]) : [undefined, await windowRead];
  const paused = conversations ? pausedByUser(windowCounts, conversations.values(), since) : new Map<string, number>();

  const poolByNode = new Map(nodes.map((n) => [n.name, n.pool]));
  const sandboxes = pods
    .map((pod) => {
      const session = pod.labels[SESSION_LABEL];
      return classifySandbox({
        pod,
        poolOf: (node) => poolByNode.get(node),
        conversation: conversations ? (session ? conversations.get(session) : undefined) : null,
        schedulingMessage: scheduling.get(pod.name),
        now,
        rules,
      });
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name));

  let pausedTotal = 0;
  for (const n of paused.values()) pausedTotal += n;
  return {
    namespace: opts.namespace,
    observedAt: new Date(now),
    counts: stateCounts(sandboxes, pausedTotal),
    byPool: poolUsage(sandboxes, nodes),
    byUser: userCounts(sandboxes, paused),
    sandboxes,
    flagged: flaggedOf(sandboxes),
    conversationsRead: Boolean(opts.database),
  };
}

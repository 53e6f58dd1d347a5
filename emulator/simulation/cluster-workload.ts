/**
 * Runs the OpenHands workload on one simulated cluster: once an OpenHands app Deployment has a
 * Ready replica, simulated users start conversations on the planner's schedule; each gets a
 * sandbox pod and database rows through the deployment's own DB_* / REDIS_* settings; tokens and
 * cost grow while it runs; finished conversations' sandboxes are paused (pod removed) after the
 * idle time, except orphans (pod left behind) and stuck ones (Pending for ever). The last 7 days
 * are back-filled into the database the first time. Database trouble is logged once per distinct
 * message and retried; it never stops the local Azure.
 */
import type { SimulatedCluster } from "../kubernetes";
import type { Deployment, Pod } from "../kubernetes/model";
import { applyDefaults } from "../kubernetes/admission";
import { typeOf } from "../kubernetes/resources";
import { deletePodGracefully, isPodReady } from "../kubernetes/controllers/workloads";
import { isOpenHandsAppContainer } from "./app-env";
import { dependencySettings } from "./app-readiness";
import { ConversationStore } from "./conversation-store";
import type { OpenHandsApp } from "./openhands-app";
import { SANDBOX_NAMESPACE, sandboxNamespace, sandboxPod, sandboxPodName } from "./sandbox-pod";
import { WorkloadPlanner, type PlannedConversation, type WorkloadSettings } from "./workload-plan";

const POD = typeOf("Pod");
const NS = typeOf("Namespace");
const DEPLOY = typeOf("Deployment");
const NODE = typeOf("Node");

const BACKFILL_DAYS = 7;
/** Live conversations in memory; beyond this new arrivals are dropped (OpenHands would answer 429). */
const MAX_LIVE = 200;
/** At most this many stuck and this many orphaned sandboxes at once, so a long-running stack does not fill its pools. */
const MAX_TROUBLED = 5;

interface Live {
  plan: PlannedConversation;
  ended: boolean;
  lastWrite: number;
}

/** Running conversations are written at most this often (wall ms): cost and tokens move slowly. */
const WRITE_EVERY_MS = 5000;

export function isOpenHandsDeployment(d: Deployment): boolean {
  return d.spec.template.spec.containers.some(isOpenHandsAppContainer) || d.spec.template.metadata?.labels?.app === "openhands";
}

export class ClusterWorkload {
  private planner: WorkloadPlanner | undefined;
  private upcoming: PlannedConversation | undefined;
  private readonly live = new Map<string, Live>();
  private store: ConversationStore | undefined;
  private storeKey = "";
  private backfilled = false;
  private busy = false;
  private lastError = "";
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly fates = new Map<"stuck" | "orphan", Set<string>>([
    ["stuck", new Set()],
    ["orphan", new Set()],
  ]);

  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly app: OpenHandsApp,
    private readonly settings: WorkloadSettings,
    private readonly log: (line: string) => void,
    private readonly tickMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.store?.close();
  }

  /** A Ready pod of an OpenHands Deployment whose /ready passes (its database is the one users write to). */
  private async readyAppPod(): Promise<Pod | undefined> {
    const deployments = (this.cluster.store.list(DEPLOY) as Deployment[]).filter((d) => isOpenHandsDeployment(d) && (d.status?.readyReplicas ?? 0) > 0);
    for (const d of deployments) {
      const pods = (this.cluster.store.list(POD, d.metadata.namespace) as Pod[]).filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp && this.app.environment(this.cluster, p));
      const match = pods.find((p) => Object.entries(d.spec.selector.matchLabels ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v));
      if (match && (await this.app.ready(this.cluster, match))?.ok) return match;
    }
    return undefined;
  }

  async tick(now = Date.now()): Promise<void> {
    if (this.busy || this.stopped || this.cluster.isClosed) return;
    this.busy = true;
    try {
      const pod = await this.readyAppPod();
      if (!pod) return;
      const env = this.app.environment(this.cluster, pod)?.env ?? {};
      const deps = dependencySettings(env);
      const key = JSON.stringify(deps);
      if (key !== this.storeKey) {
        await this.store?.close();
        this.store = await ConversationStore.open(deps);
        this.storeKey = key;
        this.backfilled = false;
      }
      const store = this.store!;
      if (!this.planner) {
        // The seed is mixed with the cluster and the start minute: a restart must not replay the
        // same conversation ids into the same database; within a run the schedule stays seeded.
        this.planner = new WorkloadPlanner({ ...this.settings, seed: mixSeed(this.settings.seed, this.cluster.name, Math.floor(now / 60_000)) }, now);
        this.upcoming = this.planner.next();
      }
      if (!this.backfilled) {
        await this.backfill(store, now);
        this.backfilled = true;
      }
      while (this.upcoming && this.upcoming.startAt <= now) {
        if (this.live.size < MAX_LIVE) await this.begin(store, this.upcoming, now);
        this.upcoming = this.planner.next();
      }
      await this.advance(store, now);
      if (this.lastError) this.log(`[simulation:${this.cluster.name}] OpenHands database reachable again; conversations resume`);
      this.lastError = "";
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (this.stopped) return;
      if (msg !== this.lastError) this.log(`[simulation:${this.cluster.name}] OpenHands workload paused: ${msg} (retrying)`);
      this.lastError = msg;
    } finally {
      this.busy = false;
    }
  }

  private minutes(ms: number): number {
    return (ms * this.settings.speed) / 60_000;
  }

  /** Conversations of the last days, all finished, so usage dashboards have history. */
  private async backfill(store: ConversationStore, now: number): Promise<void> {
    const from = now - BACKFILL_DAYS * 86_400_000;
    if (await store.hasHistoryBefore(now - 3_600_000)) return;
    // History runs at the real pace (speed 1) with its own seed, whatever the simulation speed.
    const history = new WorkloadPlanner({ ...this.settings, speed: 1, seed: this.settings.seed + 7 }, from);
    let count = 0;
    for (let c = history.next(); c.endAt < now - 60_000 && count < 5000; c = history.next(), count++) {
      await store.upsert(c, (c.endAt - c.startAt) / 60_000, c.endAt, "READY");
    }
    this.log(`[simulation:${this.cluster.name}] back-filled ${count} conversations of the last ${BACKFILL_DAYS} days`);
  }

  private hasSandboxPool(): boolean {
    return this.cluster.store.list(NODE).some((n) => n.metadata.labels?.["openhands.dev/sandbox"] === "true");
  }

  /** Sandboxes of a fate whose pods still exist. */
  private troubled(fate: "stuck" | "orphan"): number {
    const ids = this.fates.get(fate)!;
    for (const id of ids) if (!this.cluster.store.get(POD, SANDBOX_NAMESPACE, sandboxPodName(id))) ids.delete(id);
    return ids.size;
  }

  private async begin(store: ConversationStore, planned: PlannedConversation, now: number): Promise<void> {
    const s = this.cluster.store;
    const c: PlannedConversation = planned.fate !== "normal" && this.troubled(planned.fate) >= MAX_TROUBLED ? { ...planned, fate: "normal" } : planned;
    if (c.fate !== "normal") this.fates.get(c.fate)!.add(c.conversationId);
    if (!s.get(NS, undefined, SANDBOX_NAMESPACE)) {
      const ns = sandboxNamespace();
      applyDefaults(ns);
      s.create(NS, ns);
    }
    if (!s.get(POD, SANDBOX_NAMESPACE, sandboxPodName(c.conversationId))) {
      const pod = sandboxPod(c, this.hasSandboxPool());
      applyDefaults(pod);
      s.create(POD, pod);
    }
    await store.upsert(c, 0, now, c.fate === "stuck" ? "ERROR" : "WORKING");
    if (c.fate !== "stuck") await store.markLive(c, this.redisTtlSeconds(c, now));
    this.live.set(c.conversationId, { plan: c, ended: c.fate === "stuck", lastWrite: now });
  }

  private redisTtlSeconds(c: PlannedConversation, now: number): number {
    return Math.max(60, (c.endAt - now) / 1000 + 60);
  }

  private async advance(store: ConversationStore, now: number): Promise<void> {
    for (const [id, l] of this.live) {
      const c = l.plan;
      if (!l.ended) {
        const endedNow = now >= c.endAt;
        if (!endedNow && now - l.lastWrite < WRITE_EVERY_MS) continue;
        l.lastWrite = now;
        await store.upsert(c, this.minutes(Math.min(now, c.endAt) - c.startAt), Math.min(now, c.endAt), "READY");
        if (endedNow) {
          await store.markEnded(c);
          l.ended = true;
        }
        continue;
      }
      // Finished: pause the idle sandbox (runtime-api removes the pod) unless it is an orphan or stuck.
      if (now < c.pauseAt) continue;
      if (c.fate === "normal") this.removePod(c);
      this.live.delete(id);
    }
  }

  private removePod(c: PlannedConversation): void {
    const pod = this.cluster.store.get(POD, SANDBOX_NAMESPACE, sandboxPodName(c.conversationId)) as Pod | undefined;
    if (pod) deletePodGracefully(this.cluster.ctx, pod);
  }
}

function mixSeed(seed: number, cluster: string, minute: number): number {
  let h = (seed ^ minute) >>> 0;
  for (const ch of cluster) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h;
}

/**
 * Readiness probes, for pods whose readiness something outside the cluster decides (the
 * simulated OpenHands app answers `/ready` by really connecting to its database and cache).
 * The kubelet is synchronous, probes are not: a probe runs in the background, its verdict is
 * kept per pod and read on the kubelet's next pass; Ready pods are probed again every period, so
 * a pod whose dependency breaks goes NotReady, as with a real readinessProbe.
 */
import type { Pod } from "../model";
import type { SimContext } from "./context";

/** Answers the pod's readiness, or undefined when this prober does not handle the pod (default behaviour). */
export type ReadinessProbe = (pod: Pod) => Promise<boolean> | undefined;

export interface ProbeState {
  result?: boolean;
  inFlight: boolean;
  startedAt: number;
}

/** A probe at most every second of wall time, however fast the simulation runs. */
const MIN_PERIOD_MS = 1000;

function declaresReadinessProbe(pod: Pod): { periodSeconds: number } | undefined {
  for (const c of pod.spec.containers) {
    const probe = c.readinessProbe as { periodSeconds?: unknown } | undefined;
    if (probe && typeof probe === "object") return { periodSeconds: typeof probe.periodSeconds === "number" && probe.periodSeconds > 0 ? probe.periodSeconds : 10 };
  }
  return undefined;
}

/** Wall-clock ms between two probes of the pod (undefined: not probed). */
export function probePeriod(ctx: SimContext, pod: Pod): number | undefined {
  if (!ctx.readinessProbe) return undefined;
  const declared = declaresReadinessProbe(pod);
  return declared ? Math.max(MIN_PERIOD_MS, ctx.dur(declared.periodSeconds * 1000)) : undefined;
}

/**
 * The latest verdict for the pod: true/false, "pending" while the first probe runs, undefined
 * when no prober handles it. Starts a probe when the last one is older than the period.
 */
export function readinessVerdict(ctx: SimContext, pod: Pod): boolean | "pending" | undefined {
  const period = probePeriod(ctx, pod);
  if (period === undefined || !ctx.readinessProbe) return undefined;
  const uid = pod.metadata.uid;
  let state = ctx.probes.get(uid);
  const now = ctx.now();
  if (!state || (!state.inFlight && now - state.startedAt >= period)) {
    const running = ctx.readinessProbe(pod);
    if (!running) return undefined;
    const s: ProbeState = { ...(state?.result !== undefined ? { result: state.result } : {}), inFlight: true, startedAt: now };
    state = s;
    ctx.probes.set(uid, s);
    running.then(
      (ok) => {
        // The kubelet's event for a failing probe (kubectl describe pod / get events show it).
        if (!ok) ctx.event(pod, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet");
        s.result = ok;
      },
      () => {
        s.result = false;
      },
    ).finally(() => {
      s.inFlight = false;
      ctx.wakeAt(ctx.now());
    });
  }
  return state.result ?? "pending";
}

/** When the kubelet should look at a probed pod again: soon while a probe runs, else when the next one is due. */
export function nextProbeCheck(ctx: SimContext, pod: Pod): number {
  const state = ctx.probes.get(pod.metadata.uid);
  const period = probePeriod(ctx, pod) ?? MIN_PERIOD_MS;
  if (!state || state.inFlight) return ctx.now() + 250;
  return Math.max(ctx.now() + 1, state.startedAt + period);
}

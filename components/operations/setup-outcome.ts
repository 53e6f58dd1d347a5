/**
 * What a setup operation did, for its Done summary and the "Nothing to change" banner: every
 * resource with its change and a link to the Azure portal, counts per change, the OpenHands
 * readiness steps (`openhands.ready`, `openhands.health`) and the wall time. Pure.
 */
import { isCheckStep, type OperationView, type ResourceChange, type StepView } from "./operation-view";

export interface OutcomeResource {
  step: string;
  name: string;
  type: string;
  change: ResourceChange | null;
  resourceId: string;
  /** The resource in the Azure portal; null for resources that are not in ARM. */
  portalUrl: string | null;
}

export interface OpenHandsReadiness {
  ready: StepView | undefined;
  health: StepView | undefined;
  /** Both steps finished well (succeeded, or skipped because already so). */
  isReady: boolean;
  /** The Ingress's public address the health check found: where the host name's DNS record must point. */
  ingressAddress: string | null;
}

export interface SetupOutcome {
  resources: OutcomeResource[];
  counts: Record<ResourceChange, number>;
  /** Every step ended "unchanged": Azure already matched the plan. */
  nothingChanged: boolean;
  /** Null when the operation has no OpenHands deploy steps. */
  openhands: OpenHandsReadiness | null;
  /** Requested → finished, including time queued; null while it runs. */
  wallTimeMs: number | null;
}

export const OPENHANDS_STEP = { ready: "openhands.ready", health: "openhands.health" } as const;

/** Only ARM ids have a portal page. */
export function portalUrl(resourceId: string): string | null {
  return /^\/subscriptions\/[^/]+\//i.test(resourceId) ? `https://portal.azure.com/#@/resource${resourceId}` : null;
}

function stepUnchanged(s: StepView): boolean {
  return s.change === "unchanged" || (s.status === "skipped" && s.change === null);
}

/** Finished with every step unchanged (shown as the "Nothing to change" banner). */
export function nothingChanged(view: OperationView): boolean {
  return view.status === "succeeded" && view.steps.length > 0 && view.steps.every(stepUnchanged);
}

const finishedWell = (s: StepView | undefined) => s !== undefined && (s.status === "succeeded" || s.status === "skipped");

function ingressAddressOf(health: StepView | undefined): string | null {
  const found = health?.resources.map((r) => r.facts.ingressAddress).find((v) => typeof v === "string" && v !== "");
  return typeof found === "string" ? found : null;
}

/** How a readiness check ended, in the admin's words: a health check that answered "passed", not "skipped". */
export function readinessVerdict(step: StepView | undefined): string {
  if (!step) return "not part of this setup";
  if (step.status === "succeeded" || step.status === "skipped") return "passed";
  return step.status;
}

/** The step's own summary without its title and the "nothing to change" wording meant for the step list. */
export function readinessDetail(step: StepView | undefined): string | null {
  if (!step?.summary) return null;
  const own = step.summary.startsWith(`${step.title}: `) ? step.summary.slice(step.title.length + 2) : step.summary;
  return own.replace(/^(verified, nothing to change|verified|unchanged:)\s*(—\s*)?/, "").trim() || null;
}

export function setupOutcome(view: OperationView): SetupOutcome {
  const resources: OutcomeResource[] = [];
  // Checks (Ready, health) touch no resource: counting them made a first setup read "1 updated, 2 unchanged".
  for (const s of view.steps.filter((step) => !isCheckStep(step.key))) {
    const listed = s.resources.length > 0 ? s.resources : s.resourceIds.map((id) => ({ name: id.split("/").at(-1) ?? id, type: "", change: s.change, resourceId: id, facts: {} }));
    for (const r of listed) resources.push({ step: s.title, name: r.name, type: r.type, change: r.change ?? s.change, resourceId: r.resourceId, portalUrl: portalUrl(r.resourceId) });
  }
  const counts: Record<ResourceChange, number> = { created: 0, updated: 0, unchanged: 0 };
  for (const r of resources) if (r.change) counts[r.change] += 1;
  const ready = view.steps.find((s) => s.key === OPENHANDS_STEP.ready);
  const health = view.steps.find((s) => s.key === OPENHANDS_STEP.health);
  const hasDeploySteps = view.steps.some((s) => s.key.startsWith("openhands."));
  const wallTimeMs = view.finishedAt ? Math.max(0, Date.parse(view.finishedAt) - Date.parse(view.createdAt)) : null;
  return {
    resources,
    counts,
    nothingChanged: nothingChanged(view),
    openhands: hasDeploySteps ? { ready, health, isReady: finishedWell(ready) && finishedWell(health), ingressAddress: ingressAddressOf(health) } : null,
    wallTimeMs,
  };
}

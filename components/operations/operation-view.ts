/**
 * What the operation page shows of an operation, as plain JSON (the route handler's answer and
 * the page's first render): each step's state, elapsed time, the ARM resources it touched and its
 * error with the remedy. Poller state stays on the server. Pure.
 */
import { z } from "zod";
import type { OperationStatus, OperationWithSteps, StepStatus } from "@/lib/store/operations";

export type ResourceChange = "created" | "updated" | "unchanged";

/** One resource a step created, updated or found unchanged (ARM resources carry their id). */
export interface StepResourceView {
  name: string;
  type: string;
  change: ResourceChange | null;
  /** ARM id ("/subscriptions/…"), or "" for resources that are not in ARM (Kubernetes objects). */
  resourceId: string;
  /** Non-secret facts the step reported (FQDN, versions, health answers). */
  facts: Record<string, string | number | boolean>;
}

export interface StepView {
  key: string;
  title: string;
  status: StepStatus;
  attempt: number;
  dependsOn: string[];
  startedAt: string | null;
  finishedAt: string | null;
  /** Run time so far (running) or in total (finished); null before it starts. */
  elapsedMs: number | null;
  /** ARM ids of the resources the step created or checked. */
  resourceIds: string[];
  summary: string | null;
  /** What the step did to Azure: "unchanged" when everything already matched the plan; null while unknown. */
  change: ResourceChange | null;
  resources: StepResourceView[];
  error: { code: string; message: string; remedy?: string } | null;
}

export interface OperationView {
  id: string;
  environmentId: string;
  kind: string;
  status: OperationStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  elapsedMs: number | null;
  error: { code: string; message: string; remedy?: string; stepKey?: string } | null;
  steps: StepView[];
}

/** The part of a step's `output` the page reads (the executor's StepOutcome); anything else is ignored. */
const changeSchema = z.enum(["created", "updated", "unchanged"]);
const stepOutputSchema = z
  .object({
    change: changeSchema.optional().catch(undefined),
    summary: z.string().optional(),
    resources: z
      .array(
        z
          .object({
            name: z.string().optional(),
            type: z.string().optional(),
            change: changeSchema.optional().catch(undefined),
            resourceId: z.string().optional(),
            facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().catch(undefined),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

export const ACTIVE: readonly OperationStatus[] = ["pending", "running"];

function elapsed(start: Date | null, end: Date | null, now: Date): number | null {
  if (!start) return null;
  return Math.max(0, (end ?? now).getTime() - start.getTime());
}

export function operationView(op: OperationWithSteps, now: Date = new Date()): OperationView {
  return {
    id: op.id,
    environmentId: op.environmentId,
    kind: op.kind,
    status: op.status,
    createdAt: op.createdAt.toISOString(),
    startedAt: op.startedAt?.toISOString() ?? null,
    finishedAt: op.finishedAt?.toISOString() ?? null,
    elapsedMs: elapsed(op.startedAt, op.finishedAt, now),
    error: op.error,
    steps: [...op.steps]
      .sort((a, b) => a.position - b.position)
      .map((s) => {
        const out = stepOutputSchema.safeParse(s.output);
        const ids = out.success ? (out.data.resources ?? []).map((r) => r.resourceId).filter((id): id is string => Boolean(id)) : [];
        if (s.resourceId && !ids.includes(s.resourceId)) ids.unshift(s.resourceId);
        return {
          key: s.key,
          title: s.title,
          status: s.status,
          attempt: s.attempt,
          dependsOn: s.dependsOn,
          startedAt: s.startedAt?.toISOString() ?? null,
          finishedAt: s.finishedAt?.toISOString() ?? null,
          elapsedMs: elapsed(s.startedAt, s.finishedAt, now),
          resourceIds: ids,
          summary: out.success ? (out.data.summary ?? null) : null,
          change: out.success ? (out.data.change ?? null) : null,
          resources: out.success
            ? (out.data.resources ?? []).map((r) => ({ name: r.name ?? "", type: r.type ?? "", change: r.change ?? null, resourceId: r.resourceId ?? "", facts: r.facts ?? {} }))
            : [],
          error: s.error,
        };
      }),
  };
}

export function formatElapsed(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Steps that only check (they change nothing): found as they should be, they read "verified", not "unchanged". */
const CHECK_STEPS = new Set(["openhands.ready", "openhands.health"]);

/** A step that verifies (waits for Ready, probes health) and changes no resource: it has no place in created/updated/unchanged counts. */
export function isCheckStep(key: string): boolean {
  return CHECK_STEPS.has(key);
}

/** The word on a step's badge: a step skipped because Azure (or the cluster) already matched the plan says "unchanged". */
export function stepLabel(s: Pick<StepView, "key" | "status" | "change">): string {
  // A check that finished well verified something, whether it had to wait (succeeded) or not (skipped).
  if (CHECK_STEPS.has(s.key) && (s.status === "succeeded" || (s.status === "skipped" && s.change === "unchanged"))) return "verified";
  if (s.status === "skipped" && s.change === "unchanged") return "unchanged";
  if (s.status === "succeeded" && s.change) return `${s.status} · ${s.change}`;
  return s.status;
}

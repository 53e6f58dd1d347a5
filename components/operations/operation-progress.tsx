"use client";
/**
 * Live operation progress: polls GET /api/operations/<id> while the operation is pending or
 * running (TanStack Query `refetchInterval`), so steps update without a reload. Retry from the
 * failed step and Cancel are server actions; the buttons show only to roles that may use them.
 */
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/auth/action";
import { ACTIVE, formatElapsed, stepLabel, type OperationView } from "./operation-view";
import { nothingChanged, portalUrl } from "./setup-outcome";

export const operationKeys = {
  all: ["operations"] as const,
  detail: (id: string) => [...operationKeys.all, "detail", id] as const,
};

export function operationQuery(id: string, initial: OperationView) {
  return queryOptions({
    queryKey: operationKeys.detail(id),
    queryFn: async (): Promise<OperationView> => {
      const res = await fetch(`/api/operations/${id}`, { cache: "no-store" });
      const body: unknown = await res.json();
      if (!res.ok) throw new Error((body as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
      return body as OperationView;
    },
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && ACTIVE.includes(q.state.data.status) ? 1500 : false),
  });
}

const TONE: Record<string, BadgeTone> = { verified: "success", pending: "neutral", running: "accent", succeeded: "success", failed: "danger", canceled: "warning", skipped: "neutral" };

type OpAction = (raw: unknown) => Promise<ActionResult<{ status: string }>>;

export function OperationProgress({ initial, canRetry, canCancel, retry, cancel }: { initial: OperationView; canRetry: boolean; canCancel: boolean; retry: OpAction; cancel: OpAction }) {
  const { data: op, error } = useQuery(operationQuery(initial.id, initial));
  const queryClient = useQueryClient();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [problem, setProblem] = useState<string>();
  // When the operation finishes, re-render the server parts (Done summary, audit trail).
  const wasActive = useRef(ACTIVE.includes(initial.status));
  useEffect(() => {
    const active = ACTIVE.includes(op.status);
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [op.status, router]);

  function act(action: OpAction) {
    start(async () => {
      const r = await action({ operationId: op.id });
      setProblem(r.ok ? undefined : r.error.message);
      await queryClient.invalidateQueries({ queryKey: operationKeys.detail(op.id) });
      router.refresh();
    });
  }

  return (
    <div className="space-y-4" data-operation-status={op.status}>
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={TONE[op.status]}>{op.status}</Badge>
        <span className="text-sm text-zinc-600">elapsed {formatElapsed(op.elapsedMs)}</span>
        {ACTIVE.includes(op.status) ? <span className="text-sm text-zinc-500">updating live…</span> : null}
        {op.status === "failed" && canRetry ? (
          <Button disabled={pending} onClick={() => act(retry)}>
            Retry from the failed step
          </Button>
        ) : null}
        {ACTIVE.includes(op.status) && canCancel ? (
          <Button variant="secondary" disabled={pending} onClick={() => act(cancel)}>
            Cancel
          </Button>
        ) : null}
      </div>
      {nothingChanged(op) ? (
        <Notice title="Nothing to change: every resource already matches the plan">
          Every step found Azure{op.steps.some((s) => s.key.startsWith("openhands.")) ? " and OpenHands" : ""} as planned and left it as it was.
        </Notice>
      ) : null}
      {error ? <Notice tone="warning">Live updates paused: {error.message}</Notice> : null}
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      {op.error ? (
        <Notice tone="error" title={`Failed at ${op.error.stepKey ?? "a step"}: ${op.error.code}`}>
          <p>{op.error.message}</p>
          {op.error.remedy ? <p className="mt-1"><span className="font-medium">What to do: </span>{op.error.remedy}</p> : null}
        </Notice>
      ) : null}
      <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200" aria-label="Steps">
        {op.steps.map((s) => (
          <li key={s.key} className="p-3 text-sm" data-step={s.key} data-status={s.status} data-change={s.change ?? undefined}>
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={TONE[stepLabel(s)] ?? TONE[s.status]}>{stepLabel(s)}</Badge>
              <span className="font-medium">{s.title}</span>
              <span className="text-xs text-zinc-500">{formatElapsed(s.elapsedMs)}</span>
              {s.attempt > 1 ? <span className="text-xs text-zinc-500">attempt {s.attempt}</span> : null}
              {s.dependsOn.length > 0 ? <span className="text-xs text-zinc-400">after {s.dependsOn.join(", ")}</span> : null}
            </div>
            {s.summary ? <p className="mt-1 text-zinc-700">{s.summary}</p> : null}
            {s.resourceIds.map((id) => {
              const href = portalUrl(id);
              return (
                <p key={id} className="mt-0.5 break-all font-mono text-xs text-zinc-500">
                  {href ? <a className="hover:underline" href={href} target="_blank" rel="noreferrer" title="ARM operation target, in the Azure portal">{id}</a> : id}
                </p>
              );
            })}
            {s.error ? (
              <div className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-red-900">
                <p><span className="font-medium">{s.error.code}:</span> {s.error.message}</p>
                {s.error.remedy ? <p className="mt-1"><span className="font-medium">Remedy: </span>{s.error.remedy}</p> : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

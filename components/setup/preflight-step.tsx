"use client";
/** Step 5: run the checks, show each with evidence and remedy; one-click provider registration; a failure blocks Provision. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/auth/action";
import type { PreflightCheck } from "@/lib/azure/preflight/types";
import { formatUtc } from "@/lib/display-format";
import { useDraftForm, type WizardAction } from "./use-draft-form";

const TONE: Record<PreflightCheck["status"], BadgeTone> = { pass: "success", warn: "warning", fail: "danger" };

export interface PreflightStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  result: { ranAt: string; blocked: boolean; checks: PreflightCheck[] } | null;
  run: WizardAction<unknown>;
  register: (raw: unknown) => Promise<ActionResult<{ namespace: string; registrationState: string }>>;
}

export function PreflightStep(p: PreflightStepProps) {
  const { dispatchValue, pending, message } = useDraftForm(p.run);
  const router = useRouter();
  const [registering, startRegister] = useTransition();
  const [fixNote, setFixNote] = useState<string>();
  const result = p.result;

  function register(namespace: string) {
    startRegister(async () => {
      const r = await p.register({ draftId: p.draftId, namespace });
      setFixNote(r.ok ? `${r.data.namespace}: ${r.data.registrationState}. Run preflight again to check.` : r.error.message);
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        {p.readOnly ? null : (
          <Button onClick={() => dispatchValue({ draftId: p.draftId, version: p.version })} disabled={pending}>
            {pending ? "Checking Azure…" : result ? "Run preflight again" : "Run preflight"}
          </Button>
        )}
        {result ? <span className="text-sm text-zinc-600">Last run <time dateTime={result.ranAt}>{formatUtc(result.ranAt, "second")}</time></span> : <span className="text-sm text-zinc-600">Not run yet for these answers.</span>}
      </div>
      {message ? <Notice tone="error" title="Preflight did not run">{message}</Notice> : null}
      {fixNote ? <Notice>{fixNote}</Notice> : null}
      {result ? (
        <>
          {result.blocked ? (
            <Notice tone="error" title="A failing check blocks Provision">Fix each failing check (the remedy says how), then run preflight again.</Notice>
          ) : (
            <div className="flex flex-wrap items-center gap-3">
              <Notice title="No failing checks">Warnings are accepted; continue to Review.</Notice>
              <Link className={buttonClass("primary")} href="/setup?step=review">
                Continue to Review
              </Link>
            </div>
          )}
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200" aria-label="Preflight checks" data-ran-at={result.ranAt}>
            {result.checks.map((c) => (
              <li key={c.id} className="p-3 text-sm" data-check={c.id} data-status={c.status}>
                <div className="flex items-center gap-2">
                  <Badge tone={TONE[c.status]}>{c.status}</Badge>
                  <span className="font-medium">{c.title}</span>
                </div>
                <p className="mt-1 text-zinc-700">{c.evidence}</p>
                {c.remedy ? <p className="mt-1 text-zinc-900"><span className="font-medium">Fix: </span>{c.remedy}</p> : null}
                {c.fix && !p.readOnly ? (
                  <Button variant="secondary" className="mt-2" disabled={registering} onClick={() => c.fix && register(c.fix.namespace)}>
                    Register {c.fix.namespace}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

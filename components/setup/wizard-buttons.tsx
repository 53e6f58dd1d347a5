"use client";
/** Start / Provision / Discard / Run setup again buttons: each calls its server action and shows the refusal, if any. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/auth/action";

export function ActionButton<T>({
  label,
  busyLabel,
  action,
  payload,
  variant = "primary",
  disabled,
  onDone,
}: {
  label: string;
  busyLabel: string;
  action: (raw: unknown) => Promise<ActionResult<T>>;
  payload: unknown;
  variant?: "primary" | "secondary";
  disabled?: boolean;
  /** Where to go on success (from the result), default: refresh this page. */
  onDone?: (data: T) => string | undefined;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="space-y-2">
      <Button
        variant={variant}
        disabled={disabled || pending}
        onClick={() =>
          start(async () => {
            const r = await action(payload);
            if (!r.ok) return setError(r.error.message);
            setError(undefined);
            const href = onDone?.(r.data);
            if (href) router.push(href);
            else router.refresh();
          })
        }
      >
        {pending ? busyLabel : label}
      </Button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}

export function ProvisionButton({ action, draftId, version, blockedReason }: { action: (raw: unknown) => Promise<ActionResult<{ operationId: string }>>; draftId: string; version: number; blockedReason?: string }) {
  return (
    <div>
      <ActionButton label="Provision" busyLabel="Starting…" action={action} payload={{ draftId, version }} disabled={Boolean(blockedReason)} onDone={(d) => `/operations/${d.operationId}`} />
      {blockedReason ? <p className="mt-1 text-xs text-zinc-600">{blockedReason}</p> : null}
    </div>
  );
}

/** Starts a new setup operation on an existing environment with its saved answers, then opens it. */
export function RunSetupAgainButton({ action, environmentId, variant = "primary" }: { action: (raw: unknown) => Promise<ActionResult<{ operationId: string }>>; environmentId: string; variant?: "primary" | "secondary" }) {
  return <ActionButton label="Run setup again" busyLabel="Starting…" variant={variant} action={action} payload={{ environmentId }} onDone={(d) => `/operations/${d.operationId}`} />;
}

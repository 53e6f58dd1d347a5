"use client";
/**
 * Stop for an idle or orphaned sandbox: a confirmation dialog names the pod, its user, its age
 * and why it is flagged; the server action checks everything again and audits the stop.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/auth/action";

export interface StopTarget {
  environment: string;
  pod: string;
  user: string;
  age: string;
  kind: string;
  why: string;
}

export function StopSandboxButton({ target, action }: { target: StopTarget; action: (raw: unknown) => Promise<ActionResult<{ message: string }>> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  if (done) return <span className="text-xs text-zinc-600" role="status">{done}</span>;
  return (
    <>
      <Button variant="secondary" className="!px-2 !py-0.5 text-xs" onClick={() => (setError(undefined), setOpen(true))} aria-label={`Stop ${target.pod}`}>
        Stop
      </Button>
      {open ? (
        <ConfirmDialog
          title="Stop sandbox?"
          confirmLabel="Stop sandbox"
          busyLabel="Stopping…"
          tone="danger"
          pending={pending}
          error={error}
          onClose={() => setOpen(false)}
          onConfirm={() =>
            start(async () => {
              const r = await action({ environment: target.environment, pod: target.pod });
              if (!r.ok) return setError(r.error.message);
              setOpen(false);
              setDone(r.data.message);
              router.refresh();
            })
          }
        >
          <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1">
            <dt className="text-zinc-500">Pod</dt>
            <dd className="break-all font-mono text-xs">{target.pod}</dd>
            <dt className="text-zinc-500">User</dt>
            <dd className="break-all font-mono text-xs">{target.user}</dd>
            <dt className="text-zinc-500">Age</dt>
            <dd>{target.age}</dd>
            <dt className="text-zinc-500">Flagged {target.kind}</dt>
            <dd>{target.why}</dd>
          </dl>
          <p className="text-zinc-600">The pod is deleted with a grace period. The user's conversation stays; OpenHands starts a new sandbox if the user returns.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

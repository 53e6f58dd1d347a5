"use client";
/**
 * Stop for an idle or orphaned sandbox: a confirmation dialog names the pod, its user, its age
 * and why it is flagged; the server action checks everything again and audits the stop.
 */
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
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
  const titleId = useId();
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
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-900/40 p-4">
          <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-lg rounded-lg bg-white p-5 shadow-xl">
            <h2 id={titleId} className="text-base font-semibold text-zinc-900">
              Stop sandbox?
            </h2>
            <dl className="mt-3 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-zinc-500">Pod</dt>
              <dd className="break-all font-mono text-xs">{target.pod}</dd>
              <dt className="text-zinc-500">User</dt>
              <dd className="break-all font-mono text-xs">{target.user}</dd>
              <dt className="text-zinc-500">Age</dt>
              <dd>{target.age}</dd>
              <dt className="text-zinc-500">Flagged {target.kind}</dt>
              <dd>{target.why}</dd>
            </dl>
            <p className="mt-3 text-sm text-zinc-600">The pod is deleted with a grace period. The user's conversation stays; OpenHands starts a new sandbox if the user returns.</p>
            {error ? (
              <div className="mt-3">
                <Notice tone="error">{error}</Notice>
              </div>
            ) : null}
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
                Cancel
              </Button>
              <Button
                disabled={pending}
                onClick={() =>
                  start(async () => {
                    const r = await action({ environment: target.environment, pod: target.pod });
                    if (!r.ok) return setError(r.error.message);
                    setOpen(false);
                    setDone(r.data.message);
                    router.refresh();
                  })
                }
              >
                {pending ? "Stopping…" : "Stop sandbox"}
              </Button>
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}

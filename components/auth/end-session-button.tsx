"use client";
/**
 * Settings → Sessions: "End session" / "End all for this user", each behind a confirmation
 * dialog naming the user. The server action checks `session.manage` again and audits the end.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/auth/action";

export interface EndSessionTarget {
  /** Absent: every session of the user. */
  sessionId?: string;
  user: string;
  name: string;
  username: string;
  started: string;
  yours: boolean;
}

export type EndAction = (raw: unknown) => Promise<ActionResult<{ message: string }>>;

export function EndSessionButton({ target, action }: { target: EndSessionTarget; action: EndAction }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const who = target.username || target.name;
  const all = target.sessionId === undefined;
  const label = all ? `End all sessions of ${who}` : `End session of ${who} started ${target.started}`;
  return (
    <>
      <Button variant="secondary" className="!px-2 !py-0.5 text-xs" aria-label={label} onClick={() => (setError(undefined), setOpen(true))}>
        {all ? "End all for this user" : "End session"}
      </Button>
      {open ? (
        <ConfirmDialog
          title={all ? `End every session of ${who}?` : `End this session of ${who}?`}
          confirmLabel={all ? "End all sessions" : "End session"}
          busyLabel="Ending…"
          tone="danger"
          pending={pending}
          error={error}
          onClose={() => setOpen(false)}
          onConfirm={() =>
            start(async () => {
              const r = await action(all ? { user: target.user } : { sessionId: target.sessionId, user: target.user });
              if (!r.ok) return setError(r.error.message);
              setOpen(false);
              router.refresh();
            })
          }
        >
          <p className="text-zinc-600">
            {all
              ? `${target.name} is signed out of the console in every browser at their next request.`
              : `${target.name} is signed out of the browser that started this session on ${target.started} at its next request.`}{" "}
            {target.yours ? "This includes your own session: you will be signed out too." : "They can sign in again; to keep them out, remove their app role in Entra ID."}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

"use client";
/**
 * Cancel query / Terminate backend for one session, each behind a confirmation that names the
 * session (pid, user, application, when its query started). The buttons render only for roles
 * that may use them; the server action checks the permission again regardless.
 */
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ActionResult } from "@/lib/auth/action";

export type BackendAction = (raw: unknown) => Promise<ActionResult<{ pid: number }>>;

export interface BackendRef {
  pid: number;
  user: string | null;
  application: string | null;
  state: string | null;
  backendStart: string;
  queryStart: string | null;
  query: string | null;
}

type Signal = "cancel" | "terminate";
const WORDS: Record<Signal, { open: string; confirm: (pid: number) => string; title: (pid: number) => string; effect: string; done: (pid: number) => string }> = {
  cancel: {
    open: "Cancel query",
    confirm: (pid) => `Cancel query of ${pid}`,
    title: (pid) => `Cancel the running query of backend ${pid}?`,
    effect: "The statement stops with an error in the client; the session stays connected and its transaction is rolled back.",
    done: (pid) => `Cancelled the query of backend ${pid}.`,
  },
  terminate: {
    open: "Terminate",
    confirm: (pid) => `Terminate backend ${pid}`,
    title: (pid) => `Terminate backend ${pid}?`,
    effect: "The session is disconnected and its open transaction rolled back; the client must reconnect.",
    done: (pid) => `Terminated backend ${pid}.`,
  },
};

export function BackendActions({ env, backend, canCancel, canTerminate, cancel, terminate }: { env: string; backend: BackendRef; canCancel: boolean; canTerminate: boolean; cancel: BackendAction; terminate: BackendAction }) {
  const router = useRouter();
  const titleId = useId();
  const [open, setOpen] = useState<Signal | null>(null);
  const [outcome, setOutcome] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const showCancel = canCancel && backend.state === "active";
  if (!showCancel && !canTerminate) return null;

  function confirm(signal: Signal) {
    start(async () => {
      const action = signal === "cancel" ? cancel : terminate;
      const r = await action({ env, pid: backend.pid, backendStart: backend.backendStart });
      setOutcome(r.ok ? { tone: "info", text: WORDS[signal].done(backend.pid) } : { tone: "error", text: r.error.message });
      setOpen(null);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex gap-1">
        {showCancel ? (
          <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => setOpen("cancel")}>
            {WORDS.cancel.open}
          </Button>
        ) : null}
        {canTerminate ? (
          <Button variant="secondary" className="px-2 py-0.5 text-xs text-red-800" onClick={() => setOpen("terminate")}>
            {WORDS.terminate.open}
          </Button>
        ) : null}
      </div>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {open ? (
        <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-900/40 px-4">
          <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="w-full max-w-lg rounded-lg bg-white p-5 shadow-lg">
            <h3 id={titleId} className="text-base font-semibold text-zinc-900">
              {WORDS[open].title(backend.pid)}
            </h3>
            <dl className="mt-3 grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-zinc-500">pid</dt>
              <dd className="font-mono">{backend.pid}</dd>
              <dt className="text-zinc-500">user</dt>
              <dd className="font-mono">{backend.user ?? "—"}</dd>
              <dt className="text-zinc-500">application</dt>
              <dd className="font-mono">{backend.application ?? "—"}</dd>
              <dt className="text-zinc-500">query started</dt>
              <dd className="font-mono">{backend.queryStart ?? "—"}</dd>
              <dt className="text-zinc-500">session started</dt>
              <dd className="font-mono">{backend.backendStart}</dd>
            </dl>
            {backend.query ? <pre className="mt-3 max-h-32 overflow-auto rounded bg-zinc-50 p-2 text-xs whitespace-pre-wrap">{backend.query}</pre> : null}
            <p className="mt-3 text-sm text-zinc-700">{WORDS[open].effect} This is recorded in the audit log.</p>
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(null)} disabled={pending}>
                Close
              </Button>
              <Button onClick={() => confirm(open)} disabled={pending} className={open === "terminate" ? "bg-red-700 hover:bg-red-800" : ""}>
                {pending ? "Working…" : WORDS[open].confirm(backend.pid)}
              </Button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}

"use client";
/**
 * Cancel query / Terminate backend for one session, each behind a confirmation that names the
 * session (pid, user, application, when its query started). The buttons render only for roles
 * that may use them; the server action checks the permission again regardless.
 */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
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
const WORDS: Record<Signal, { open: string; name: (pid: number) => string; confirm: (pid: number) => string; title: (pid: number) => string; effect: string; done: (pid: number) => string }> = {
  cancel: {
    open: "Cancel query",
    name: (pid) => `Cancel query ${pid}`,
    confirm: (pid) => `Cancel query of ${pid}`,
    title: (pid) => `Cancel the running query of backend ${pid}?`,
    effect: "The statement stops with an error in the client; the session stays connected and its transaction is rolled back.",
    done: (pid) => `Cancelled the query of backend ${pid}.`,
  },
  terminate: {
    open: "Terminate",
    name: (pid) => `Terminate ${pid}`,
    confirm: (pid) => `Terminate backend ${pid}`,
    title: (pid) => `Terminate backend ${pid}?`,
    effect: "The session is disconnected and its open transaction rolled back; the client must reconnect.",
    done: (pid) => `Terminated backend ${pid}.`,
  },
};

export function BackendActions({ env, backend, canCancel, canTerminate, cancel, terminate }: { env: string; backend: BackendRef; canCancel: boolean; canTerminate: boolean; cancel: BackendAction; terminate: BackendAction }) {
  const router = useRouter();
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

  // Every row has the same visible words; the accessible name carries the pid so a screen reader
  // user tabbing through the table hears which session each button acts on.
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex gap-1">
        {showCancel ? (
          <Button variant="secondary" className="px-2 py-0.5 text-xs" aria-label={WORDS.cancel.name(backend.pid)} onClick={() => setOpen("cancel")}>
            {WORDS.cancel.open}
          </Button>
        ) : null}
        {canTerminate ? (
          <Button variant="secondary" className="px-2 py-0.5 text-xs text-red-800" aria-label={WORDS.terminate.name(backend.pid)} onClick={() => setOpen("terminate")}>
            {WORDS.terminate.open}
          </Button>
        ) : null}
      </div>
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {open ? (
        <ConfirmDialog
          title={WORDS[open].title(backend.pid)}
          confirmLabel={WORDS[open].confirm(backend.pid)}
          busyLabel="Working…"
          cancelLabel="Close"
          tone={open === "terminate" ? "danger" : "primary"}
          pending={pending}
          onConfirm={() => confirm(open)}
          onClose={() => setOpen(null)}
        >
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
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
          {backend.query ? <pre className="max-h-32 overflow-auto rounded bg-zinc-50 p-2 text-xs whitespace-pre-wrap">{backend.query}</pre> : null}
          <p>{WORDS[open].effect} This is recorded in the audit log.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

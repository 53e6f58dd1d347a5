"use client";
/**
 * The one confirmation dialog of the console (cancel query, terminate backend, stop sandbox, end
 * session, move the console). Modal for keyboard users too, not only for the eye:
 * - on open, focus moves to the least destructive button ("Cancel"), so an accidental Enter
 *   changes nothing;
 * - Tab and Shift+Tab cycle inside the dialog;
 * - Escape closes it (unless the confirmed action is already running) and focus returns to the
 *   button that opened it, so a keyboard user keeps their place in a long table.
 * The caller renders it only while open and owns what happens on confirm.
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export interface ConfirmDialogProps {
  title: string;
  children?: ReactNode;
  /** Text of the confirming button; name the target ("Terminate backend 4242"). */
  confirmLabel: string;
  /** Shown on the confirming button while the action runs. */
  busyLabel: string;
  cancelLabel?: string;
  /** "danger" paints the confirming button red (terminate, stop). */
  tone?: "primary" | "danger";
  pending: boolean;
  /** The refusal of the last attempt, shown inside the dialog. */
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog({ title, children, confirmLabel, busyLabel, cancelLabel = "Cancel", tone = "primary", pending, error, onConfirm, onClose }: ConfirmDialogProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Remember the opener at mount (the dialog is rendered only while open) and give focus back
  // when it goes away, whichever way it closes. An opener removed meanwhile (its row vanished
  // after the refresh) is skipped: focus then stays where the browser puts it.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancelRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Escape") {
      e.stopPropagation();
      if (!pending) onClose();
      return;
    }
    if (e.key !== "Tab" || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return e.preventDefault();
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    const active = document.activeElement;
    const inside = active instanceof Node && dialogRef.current.contains(active);
    if (e.shiftKey && (active === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-900/40 p-4">
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
        className="max-h-[90vh] w-full max-w-lg overflow-auto rounded-lg bg-white p-5 text-left shadow-xl"
      >
        <h2 id={titleId} className="text-base font-semibold text-zinc-900">
          {title}
        </h2>
        <div className="mt-3 space-y-3 text-sm text-zinc-700">{children}</div>
        {error ? (
          <div className="mt-3">
            <Notice tone="error">{error}</Notice>
          </div>
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button ref={cancelRef} variant="secondary" onClick={onClose} disabled={pending}>
            {cancelLabel}
          </Button>
          <Button onClick={onConfirm} disabled={pending} className={tone === "danger" ? "bg-red-700 hover:bg-red-800" : ""}>
            {pending ? busyLabel : confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}

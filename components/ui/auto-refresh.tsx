"use client";
/**
 * Keeps a day-two page live: re-reads its server components every `seconds` (router.refresh in a
 * transition, so the old data stays on screen until the new is ready), skipped while the tab is
 * hidden so an idle tab does not keep querying the environment. Says when the shown data was read;
 * `controls` adds Pause / Refresh now.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "./button";

export function AutoRefresh({ seconds, readAt, what = "Checked at", tookMs, controls = false }: { seconds: number; readAt: string; what?: string; tookMs?: number; controls?: boolean }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const [refreshing, start] = useTransition();
  useEffect(() => {
    if (paused) return;
    const t = setInterval(() => {
      if (document.visibilityState === "visible") start(() => router.refresh());
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [paused, router, seconds]);
  return (
    <div className="flex items-center gap-3 text-xs text-zinc-500" data-checked-at={readAt}>
      <p aria-live="polite">
        {what} {readAt.slice(11, 19)} UTC{tookMs === undefined ? "" : ` in ${tookMs} ms`} · {paused ? "auto-refresh paused" : `refreshes every ${seconds} s`}
        {refreshing ? " · checking…" : ""}
      </p>
      {controls ? (
        <>
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setPaused((p) => !p)}>
            {paused ? "Resume" : "Pause"}
          </Button>
          <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => start(() => router.refresh())}>
            Refresh now
          </Button>
        </>
      ) : null}
    </div>
  );
}

"use client";
/**
 * Re-reads the page's server data every `seconds` (router.refresh in a transition: the old
 * report stays on screen until the new one is ready), paused while the tab is hidden so an
 * idle tab does not keep sampling the cache. Says when the shown report was taken.
 */
import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";

export function AutoRefresh({ seconds, checkedAt }: { seconds: number; checkedAt: string }) {
  const router = useRouter();
  const [refreshing, start] = useTransition();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") start(() => router.refresh());
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return (
    <p className="text-xs text-zinc-500" aria-live="polite">
      Checked at {checkedAt.slice(11, 19)} UTC · refreshes every {seconds} s{refreshing ? " · checking…" : ""}
    </p>
  );
}

"use client";
/**
 * Re-renders the page's server components every `seconds` (router.refresh), so the report stays
 * live without a reload; paused while the tab is hidden or when the admin pauses it.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

export function AutoRefresh({ seconds, checkedAt, tookMs }: { seconds: number; checkedAt: string; tookMs: number }) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => {
      if (!document.hidden) router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [paused, seconds, router]);
  return (
    <div className="flex items-center gap-3 text-xs text-zinc-500" data-checked-at={checkedAt}>
      <span>
        Checked {new Date(checkedAt).toLocaleTimeString("en-GB", { timeZone: "UTC" })} UTC in {tookMs} ms · {paused ? "auto-refresh paused" : `refreshes every ${seconds} s`}
      </span>
      <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setPaused((p) => !p)}>
        {paused ? "Resume" : "Pause"}
      </Button>
      <Button variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => router.refresh()}>
        Refresh now
      </Button>
    </div>
  );
}

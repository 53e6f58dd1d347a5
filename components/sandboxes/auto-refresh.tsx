"use client";
/** Re-renders the page's server data every `seconds` (a live view, never a manual reload), and says when it last did. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ seconds, observedAt }: { seconds: number; observedAt: string }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return (
    <p className="text-xs text-zinc-500">
      Read from the cluster at {observedAt.slice(11, 19)} UTC · refreshes every {seconds} s
    </p>
  );
}

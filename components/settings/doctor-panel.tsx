"use client";
/**
 * The doctor in Settings: runs GET /api/doctor on demand (the checks call live endpoints and
 * take a few seconds) and lists each check with its status word, evidence and fix.
 */
import { useQuery } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { CheckStatus } from "@/lib/doctor/checks";
import type { DoctorReport } from "@/lib/doctor/run";

const TONE: Record<CheckStatus, BadgeTone> = { ok: "success", warn: "warning", fail: "danger" };

async function fetchReport(): Promise<DoctorReport> {
  const res = await fetch("/api/doctor", { cache: "no-store" });
  const body = (await res.json().catch(() => null)) as (DoctorReport & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new Error(body?.error?.message ?? `The doctor did not answer (HTTP ${res.status}).`);
  return body;
}

export function DoctorPanel() {
  const q = useQuery({ queryKey: ["doctor"], queryFn: fetchReport, enabled: false, retry: false });
  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        <Button onClick={() => void q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? "Checking the live endpoints…" : q.data ? "Run the checks again" : "Run the checks"}
        </Button>
        {q.data && (
          <span data-doctor-status={q.data.status}>
            <Badge tone={TONE[q.data.status]}>{q.data.status}</Badge> checked {q.data.checkedAt.slice(11, 19)} UTC
          </span>
        )}
      </div>
      {q.error && <Notice tone="error">{q.error.message}</Notice>}
      {q.data && (
        <ul className="space-y-3" aria-label="Doctor checks">
          {q.data.checks.map((c) => (
            <li key={c.id} data-check={c.id} data-status={c.status} className="text-sm">
              <div className="flex items-center gap-2 font-medium">
                <Badge tone={TONE[c.status]}>{c.status}</Badge> {c.title}
              </div>
              <p className="mt-1 whitespace-pre-line text-zinc-600">{c.evidence}</p>
              {c.fix && <p className="mt-1 text-zinc-800">Fix: {c.fix}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

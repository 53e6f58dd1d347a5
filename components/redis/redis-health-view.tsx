import type { ReactNode } from "react";
import type { RedisHealthReport } from "@/lib/openhands/redis-health";
import { worst, type Verdict } from "@/lib/openhands/verdict";
import { formatBytes, formatDuration } from "@/lib/openhands/redis-health/format";
import { Notice } from "@/components/ui/notice";
import { HealthChecks } from "./health-checks";
import { KeyspaceTable } from "./keyspace-table";
import { SlowlogTable } from "./slowlog-table";
import { VerdictBadge } from "@/components/ui/verdict-badge";

/** Where the report was read from, in the words an admin checks against the Azure portal. */
export interface RedisConnectionFacts {
  cacheName: string;
  host: string;
  port: number;
  tls: boolean;
  /** "Standard C1", when ARM answered. */
  sku?: string;
}

const SERVER_CHECKS = ["memory", "evictions", "hit-ratio", "clients", "blocked-clients", "ops", "fragmentation", "replication", "uptime", "version"];

function Section({ title, verdict, children }: { title: string; verdict: Verdict; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-zinc-200 bg-white" data-section-verdict={verdict}>
      <h2 className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold text-zinc-800">
        {title} <VerdictBadge verdict={verdict} />
      </h2>
      <div className="p-4">{children}</div>
    </section>
  );
}

export function RedisHealthView({ report, connection }: { report: RedisHealthReport; connection: RedisConnectionFacts }) {
  const byKey = (key: string) => report.items.find((i) => i.key === key);
  const serverItems = report.items.filter((i) => SERVER_CHECKS.includes(i.key));
  const s = report.server;
  return (
    <div className="space-y-6">
      <section aria-label="Summary" className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm">
        <span className="flex items-center gap-2 font-semibold text-zinc-900">
          Redis is <VerdictBadge verdict={report.verdict} />
        </span>
        <span className="text-zinc-600">
          {connection.cacheName}
          {connection.sku ? ` (${connection.sku})` : ""} · {connection.host}:{connection.port} {connection.tls ? "TLS" : "non-TLS, as OpenHands connects"}
        </span>
        {s ? (
          <span className="text-zinc-600">
            Redis {s.version ?? "?"} · {s.role ?? "?"} · up {s.uptimeSeconds === null ? "?" : formatDuration(s.uptimeSeconds)} · {formatBytes(s.usedMemory)} used
          </span>
        ) : null}
        {report.windowMs ? <span className="text-xs text-zinc-500">counters compared over the last {formatDuration(report.windowMs / 1000)}</span> : null}
      </section>

      <Section title="Server checks" verdict={worst(serverItems.map((i) => i.verdict))}>
        <HealthChecks items={serverItems} />
      </Section>

      <Section title="Slow log" verdict={byKey("slowlog")?.verdict ?? "unknown"}>
        <p className="mb-2 text-sm text-zinc-700">{byKey("slowlog")?.summary}</p>
        {report.slowlog.ok ? <SlowlogTable entries={report.slowlog.value.entries} length={report.slowlog.value.length} /> : <Notice tone="warning">The slow log could not be read: {report.slowlog.reason}</Notice>}
      </Section>

      {report.keyspace ? (
        <Section title="Keyspace by prefix" verdict={byKey("keyspace")?.verdict ?? "unknown"}>
          <p className="mb-2 text-sm text-zinc-700">{byKey("keyspace")?.summary}</p>
          {report.keyspace.ok ? (
            <KeyspaceTable sample={report.keyspace.value} databases={report.keyspaceByDb} />
          ) : (
            <Notice tone="warning">The keyspace could not be sampled: {report.keyspace.reason}</Notice>
          )}
        </Section>
      ) : null}
    </div>
  );
}

/** The cache could not be reached at all: say where we tried and why it failed. */
export function RedisUnreachable({ cacheName, reason }: { cacheName: string; reason: string }) {
  return (
    <div className="space-y-4">
      <section aria-label="Summary" className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm font-semibold">
        Redis is <VerdictBadge verdict="unknown" />
      </section>
      <Notice tone="error" title={`Cache ${cacheName} could not be reached`}>
        {reason} The console connects the way OpenHands does (the cache&apos;s host name from Azure, the non-TLS port 6379, the primary access
        key); when that fails, OpenHands most likely cannot connect either.
      </Notice>
    </div>
  );
}

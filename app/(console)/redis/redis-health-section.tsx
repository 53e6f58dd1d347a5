import type { EnvironmentTarget } from "@/lib/environments/target";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { RedisHealthView, RedisUnreachable } from "@/components/redis/redis-health-view";
import { loadRedisPage } from "./redis-data";

/** Streams in under the page's Suspense boundary: sampling takes a second or more. */
export async function RedisHealthSection({ target }: { target: EnvironmentTarget }) {
  const data = await loadRedisPage(target);
  return (
    <>
      <div className="mb-3">
        <AutoRefresh seconds={15} readAt={data.ok ? data.report.checkedAt : new Date().toISOString()} />
      </div>
      {data.ok ? <RedisHealthView report={data.report} connection={data.connection} /> : <RedisUnreachable cacheName={data.cacheName} reason={data.reason} />}
    </>
  );
}

export function RedisHealthSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <p className="text-sm text-zinc-600">Reading INFO and the slow log, and sampling the keyspace with SCAN…</p>
      <div className="h-10 animate-pulse rounded-lg bg-zinc-200" />
      <div className="h-48 animate-pulse rounded-lg bg-zinc-200" />
    </div>
  );
}

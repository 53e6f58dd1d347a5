/**
 * What a console page shows while its server part renders. Each page segment has its own
 * `loading.tsx` re-exporting this instead of one for the whole console: a loading boundary flushes
 * the response (status 200) before the page runs, so a page below it could no longer answer 404
 * (an unknown operation id). The operation page checks existence in its layout, above its boundary.
 */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <p className="text-sm text-zinc-600">Loading this page…</p>
      <div className="h-6 w-48 animate-pulse rounded bg-zinc-200" />
      <div className="h-32 animate-pulse rounded-lg bg-zinc-200" />
    </div>
  );
}

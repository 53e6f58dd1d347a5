export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <p className="text-sm text-zinc-600">Loading this page…</p>
      <div className="h-6 w-48 animate-pulse rounded bg-zinc-200" />
      <div className="h-32 animate-pulse rounded-lg bg-zinc-200" />
    </div>
  );
}

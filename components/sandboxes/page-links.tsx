import Link from "next/link";

type Params = Record<string, string | undefined>;

/** The Sandboxes page URL with some parameters changed (everything else kept: filters live in the URL). */
export function sandboxesHref(params: Params, change: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...change })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/sandboxes?${s}` : "/sandboxes";
}

export function Pager({ label, params, param, page, pages, total, noun }: { label: string; params: Params; param: string; page: number; pages: number; total: number; noun: string }) {
  if (pages <= 1) return <p className="mt-2 text-xs text-zinc-500">{total} {noun}</p>;
  return (
    <nav aria-label={label} className="mt-2 flex items-center justify-between text-xs text-zinc-600">
      <span>
        {total} {noun} · page {page} of {pages}
      </span>
      <span className="flex gap-3">
        {page > 1 ? <Link href={sandboxesHref(params, { [param]: String(page - 1) })}>Previous</Link> : <span className="text-zinc-400">Previous</span>}
        {page < pages ? <Link href={sandboxesHref(params, { [param]: String(page + 1) })}>Next</Link> : <span className="text-zinc-400">Next</span>}
      </span>
    </nav>
  );
}

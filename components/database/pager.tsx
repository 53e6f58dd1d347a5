import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import type { Page } from "@/lib/openhands/db-health/types";

/** Previous / next links for one server-side paginated list. */
export function Pager({ label, page, href }: { label: string; page: Pick<Page<unknown>, "page" | "pageSize" | "total">; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages <= 1 && page.page === 1) return null;
  const first = page.total === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  return (
    <nav aria-label={`${label} pages`} className="mt-3 flex items-center justify-between text-sm text-zinc-600">
      <p>
        {first}–{Math.min(page.total, page.page * page.pageSize)} of {page.total} · page {page.page} of {pages}
      </p>
      <div className="flex gap-2">
        {page.page > 1 ? (
          <Link href={href(page.page - 1)} className={buttonClass("secondary")} rel="prev">
            Previous page
          </Link>
        ) : null}
        {page.page < pages ? (
          <Link href={href(page.page + 1)} className={buttonClass("secondary")} rel="next">
            Next page
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

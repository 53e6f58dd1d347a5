import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { auditPageHref, type ParsedAuditFilters } from "./audit-filters";

export function AuditPagination({ form, page, pageSize, total }: { form: ParsedAuditFilters["form"]; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const firstRow = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const lastRow = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Audit log pages" className="mt-3 flex items-center justify-between text-sm text-zinc-600">
      <p>
        Events {firstRow}–{lastRow} of {total} · page {page} of {pages}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={auditPageHref(form, page - 1)} className={buttonClass("secondary")} rel="prev">
            Previous page
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={auditPageHref(form, page + 1)} className={buttonClass("secondary")} rel="next">
            Next page
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

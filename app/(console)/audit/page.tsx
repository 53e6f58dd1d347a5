import type { Metadata } from "next";
import { pagePrincipal } from "@/lib/auth/server";
import { getPool } from "@/lib/store/db";
import { listAuditActions, listAuditEvents } from "@/lib/store/audit";
import { auditTargetNames } from "@/lib/store/audit-targets";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { AuditTable } from "@/components/audit/audit-table";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AUDIT_PAGE_SIZE, parseAuditFilters } from "@/components/audit/audit-filters";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await pagePrincipal("audit.read");
  if (!principal) return null;
  const { filters, form, problems } = parseAuditFilters(await searchParams);
  const db = getPool();
  const [actions, page] = await Promise.all([
    listAuditActions(db),
    listAuditEvents(db, { actor: filters.actor, action: filters.action, from: filters.from, to: filters.to, page: filters.page, pageSize: AUDIT_PAGE_SIZE }),
  ]);
  const targetNames = await auditTargetNames(db, page.rows.map((r) => r.target));
  const filtered = Boolean(filters.actor || filters.action || filters.from || filters.to);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the console, every refused attempt, and sign-ins and sign-outs. Entries are never changed or deleted; secrets are redacted before they are written." />
      <AuditFilterForm form={form} actions={actions} />
      {problems.length > 0 ? (
        <div className="mb-4">
          <Notice tone="error" title="Some filters were not applied">
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      {page.rows.length === 0 ? (
        <EmptyState title={filtered ? "No events match" : page.total > 0 ? "No events on this page" : "No events yet"}>
          {filtered ? "No audit event matches these filters. Widen the time range or clear a filter." : page.total > 0 ? "This page is past the last event." : "Changes and sign-ins will be listed here as they happen."}
        </EmptyState>
      ) : (
        <>
          <AuditTable rows={page.rows} targetNames={targetNames} />
          <AuditPagination form={form} page={page.page} pageSize={page.pageSize} total={page.total} />
        </>
      )}
    </>
  );
}

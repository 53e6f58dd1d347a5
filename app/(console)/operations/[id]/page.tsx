import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { getPool } from "@/lib/store/db";
import { getEnvironment } from "@/lib/store/environments";
import { getOperation } from "@/lib/store/operations";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { OperationProgress } from "@/components/operations/operation-progress";
import { operationView } from "@/components/operations/operation-view";
import { OperationDone } from "@/components/operations/operation-done";
import { cancelOperationAction, retryOperationAction } from "./actions";
import { operationAuditTrail } from "./operation-data";

export const metadata: Metadata = { title: "Operation" };

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const { id } = await params;
  const db = getPool();
  const op = await getOperation(db, id);
  if (!op) notFound();
  const env = await getEnvironment(db, op.environmentId);
  const settings = env?.settings ?? {};
  const draftId = typeof settings.setupDraftId === "string" ? settings.setupDraftId : undefined;
  const host = typeof settings.host === "string" ? settings.host : undefined;
  const view = operationView(op);
  const trail = await operationAuditTrail(db, op.id, draftId);
  return (
    <>
      <PageHeader
        title={`${op.kind === "setup" ? "Setup" : op.kind} of ${env?.name ?? "environment"}`}
        description={`Operation ${op.id} · ${env ? `${env.region}, resource group ${env.resourceGroup}` : ""}`}
      />
      {op.status === "succeeded" ? <OperationDone view={view} host={host} trail={trail} /> : null}
      <Panel title="Steps">
        <OperationProgress
          initial={view}
          canRetry={hasPermission(principal.roles, "operation.retry")}
          canCancel={hasPermission(principal.roles, "operation.cancel")}
          retry={retryOperationAction}
          cancel={cancelOperationAction}
        />
      </Panel>
      {op.status !== "succeeded" ? (
        <Panel title="Audit trail" className="mt-6">
          <AuditTrailList trail={trail} />
        </Panel>
      ) : null}
    </>
  );
}

function AuditTrailList({ trail }: { trail: Awaited<ReturnType<typeof operationAuditTrail>> }) {
  if (trail.length === 0) return <p className="text-sm text-zinc-600">No audit events yet.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {trail.map((e, i) => (
        <li key={i}>
          <span className="text-zinc-500">{e.occurred_at.toISOString()}</span> {e.actor_name} <code>{e.action}</code> {e.outcome}
          {e.detail ? <span className="text-zinc-500"> — {e.detail}</span> : null}
        </li>
      ))}
    </ul>
  );
}

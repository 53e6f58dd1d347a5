import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { getPool } from "@/lib/store/db";
import { getEnvironment } from "@/lib/store/environments";
import { environmentTarget } from "@/lib/environments/target";
import { postgresAdminSecret } from "@/lib/openhands/postgres-admin-secret";
import { getOperation } from "@/lib/store/operations";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { AuditTrail } from "@/components/operations/audit-trail";
import { OperationProgress } from "@/components/operations/operation-progress";
import { operationView } from "@/components/operations/operation-view";
import { SetupSummary } from "@/components/operations/setup-summary";
import { RunSetupAgainButton } from "@/components/setup/wizard-buttons";
import { rerunSetup } from "../../setup/actions";
import { cancelOperationAction, retryOperationAction } from "./actions";
import { operationSetup } from "./operation-data";
import { kindPermission } from "./operation-actions";

export const metadata: Metadata = { title: "Operation" };

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const { id } = await params;
  const db = getPool();
  const op = await getOperation(db, id);
  if (!op) notFound();
  const env = await getEnvironment(db, op.environmentId);
  const { url, trail } = await operationSetup(db, op, env, hasPermission(principal.roles, "audit.read"));
  const view = operationView(op);
  const done = op.kind === "setup" && op.status === "succeeded";
  const target = done && env ? await environmentTarget(db, env) : null;
  const canRerun = hasPermission(principal.roles, "setup.run") && op.kind === "setup" && env !== null;
  // Retry/Cancel of a setup operation need setup.run too (the actions re-check it).
  const extra = kindPermission(op.kind);
  const mayActOnKind = extra === undefined || hasPermission(principal.roles, extra);
  return (
    <>
      <PageHeader
        title={`${op.kind === "setup" ? "Setup" : op.kind} of ${env?.name ?? "environment"}`}
        description={`Operation ${op.id} · ${env ? `${env.region}, resource group ${env.resourceGroup}` : ""}`}
      />
      {done ? (
        <SetupSummary
          view={view}
          url={url}
          environmentName={env?.name}
          trail={trail}
          {...(target ? { postgresSecret: postgresAdminSecret(target) } : {})}
          rerun={canRerun && env ? <RunSetupAgainButton action={rerunSetup} environmentId={env.id} variant="secondary" /> : undefined}
        />
      ) : null}
      <Panel title="Steps">
        <OperationProgress
          initial={view}
          canRetry={hasPermission(principal.roles, "operation.retry") && mayActOnKind}
          canCancel={hasPermission(principal.roles, "operation.cancel") && mayActOnKind}
          retry={retryOperationAction}
          cancel={cancelOperationAction}
        />
      </Panel>
      {!done ? (
        <Panel title="Audit trail" className="mt-6">
          <AuditTrail trail={trail} />
        </Panel>
      ) : null}
    </>
  );
}

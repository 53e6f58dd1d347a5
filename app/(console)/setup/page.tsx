import type { Metadata } from "next";
import Link from "next/link";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { getPool } from "@/lib/store/db";
import { getCurrentDraft } from "@/lib/store/setup-drafts";
import { PageHeader } from "@/components/ui/page-header";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { buttonClass } from "@/components/ui/button";
import { ActionButton } from "@/components/setup/wizard-buttons";
import { WizardStepper } from "@/components/setup/wizard-stepper";
import { discardSetup, startSetup } from "./actions";
import { WizardStepView } from "./step-view";
import { WIZARD_STEPS, isWizardStep, missingBefore, nextOpenStep } from "./wizard-steps";

export const metadata: Metadata = { title: "Setup" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ step?: string }> }) {
  const principal = await pagePrincipal("console.read");
  if (!principal) return null;
  const canRun = hasPermission(principal.roles, "setup.run");
  const draft = await getCurrentDraft(getPool());
  const header = (
    <PageHeader
      title="Setup"
      description="Guided first-time setup: environment, sizing, identity, OpenHands, preflight checks, review, then provisioning with live progress."
    />
  );
  const readOnlyNote = canRun ? null : (
    <div className="mb-4">
      <Notice tone="warning" title="Read-only">
        Your role ({principal.roles.join(", ")}) may look at setup but not change it or start it. An administrator (Console.Admin) runs setup.
      </Notice>
    </div>
  );

  if (!draft) {
    return (
      <>
        {header}
        {readOnlyNote}
        <Panel title="No setup in progress">
          <p className="mb-3 text-sm text-zinc-700">Setup creates the Azure resources of one OpenHands environment (DESIGN §2) and deploys OpenHands onto AKS. Your answers are kept in the console, so you can stop and continue later, from any browser.</p>
          {canRun ? <ActionButton label="Start setup" busyLabel="Starting…" action={startSetup} payload={{}} /> : null}
        </Panel>
      </>
    );
  }

  if (draft.status === "provisioning" && draft.operationId) {
    return (
      <>
        {header}
        {readOnlyNote}
        <Panel title="Provisioning started">
          <p className="mb-3 text-sm text-zinc-700">This setup is being provisioned. Follow each step, retry or cancel on the operation page.</p>
          <Link className={buttonClass("primary")} href={`/operations/${draft.operationId}`}>
            Open the operation
          </Link>
        </Panel>
      </>
    );
  }

  const { step: asked } = await searchParams;
  const wanted = isWizardStep(asked) ? asked : nextOpenStep(draft.completedSteps);
  const blockedBy = missingBefore(wanted, draft.completedSteps);
  const step = blockedBy.length > 0 ? nextOpenStep(draft.completedSteps) : wanted;
  const title = WIZARD_STEPS.find((s) => s.key === step)?.title ?? step;
  return (
    <>
      {header}
      {readOnlyNote}
      <WizardStepper current={step} completed={draft.completedSteps} />
      {blockedBy.length > 0 ? (
        <div className="mb-4">
          <Notice>Complete {blockedBy.join(", ")} first; continuing at {title}.</Notice>
        </div>
      ) : null}
      <Panel title={title}>
        <WizardStepView step={step} draft={draft} readOnly={!canRun} />
      </Panel>
      {canRun ? (
        <div className="mt-6">
          <ActionButton label="Discard this setup" busyLabel="Discarding…" variant="secondary" action={discardSetup} payload={{ draftId: draft.id, version: draft.version }} />
        </div>
      ) : null}
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { pagePrincipal } from "@/lib/auth/server";
import { hasPermission } from "@/lib/auth/permissions";
import { getPool } from "@/lib/store/db";
import { getEnvironment, listEnvironments } from "@/lib/store/environments";
import { getOperation } from "@/lib/store/operations";
import { getCurrentDraft } from "@/lib/store/setup-drafts";
import { PageHeader } from "@/components/ui/page-header";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { buttonClass } from "@/components/ui/button";
import { FinishedSetup } from "@/components/setup/finished-setup";
import { ActionButton, RunSetupAgainButton } from "@/components/setup/wizard-buttons";
import { WizardStepper } from "@/components/setup/wizard-stepper";
import { discardSetup, rerunSetup, startSetup } from "./actions";
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
    const environments = await listEnvironments(getPool());
    return (
      <>
        {header}
        {readOnlyNote}
        <Panel title="No setup in progress">
          <p className="mb-3 text-sm text-zinc-700">Setup creates the Azure resources of one OpenHands environment (resource group, network, AKS, PostgreSQL, Redis, storage and alerts) and deploys OpenHands onto AKS. Your answers are kept in the console, so you can stop and continue later, from any browser.</p>
          {canRun ? <ActionButton label="Start setup" busyLabel="Starting…" action={startSetup} payload={{}} /> : null}
        </Panel>
        {environments.length > 0 ? (
          <Panel title="Environments" className="mt-6">
            <ul className="space-y-3 text-sm" aria-label="Environments set up">
              {environments.map((env) => (
                <li key={env.id} className="flex flex-wrap items-center gap-3" data-environment={env.name}>
                  <span className="font-medium">{env.name}</span>
                  <span className="text-zinc-500">{env.region} · {env.status}</span>
                  {canRun ? <RunSetupAgainButton action={rerunSetup} environmentId={env.id} variant="secondary" /> : null}
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
      </>
    );
  }

  const operation = draft.status === "provisioning" && draft.operationId ? await getOperation(getPool(), draft.operationId) : null;
  const environment = operation ? await getEnvironment(getPool(), operation.environmentId) : null;
  if (operation && environment && operation.status !== "pending" && operation.status !== "running") {
    // The operation ended: show the environment and what can be done next (the draft is finished
    // when the admin starts another setup or runs this one again).
    return (
      <>
        {header}
        {readOnlyNote}
        <FinishedSetup
          environmentName={environment.name}
          operation={operation}
          actions={
            canRun ? (
              <>
                <RunSetupAgainButton action={rerunSetup} environmentId={environment.id} />
                <ActionButton label="Set up another environment" busyLabel="Starting…" variant="secondary" action={startSetup} payload={{}} />
              </>
            ) : null
          }
        />
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

/** Renders one wizard step from the server-side draft: saved answers in, secrets only as "provided". */
import { openhandsInputSchema, sizingInputSchema, type EnvironmentInput } from "@/lib/azure/provisioning/setup-input";
import { LATEST_RELEASE, RELEASES } from "@/lib/openhands/releases";
import { config } from "@/lib/config";
import { getPool } from "@/lib/store/db";
import { getEnvironmentByName } from "@/lib/store/environments";
import type { SetupDraft } from "@/lib/store/setup-drafts";
import { Notice } from "@/components/ui/notice";
import { loadArmPickers } from "@/components/setup/arm-pickers";
import { EnvironmentStep } from "@/components/setup/environment-step";
import { IdentityStep } from "@/components/setup/identity-step";
import { OpenHandsStep } from "@/components/setup/openhands-step";
import { PreflightStep } from "@/components/setup/preflight-step";
import { ReviewStep } from "@/components/setup/review-step";
import { SizingStep } from "@/components/setup/sizing-step";
import { ProvisionButton } from "@/components/setup/wizard-buttons";
import { provisionSetup, registerProviderFix, runPreflightStep, saveEnvironmentStep, saveIdentityStep, saveOpenHandsStep, saveSizingStep } from "./actions";
import { draftPlan } from "./draft-plan";
import { preflightResultSchema } from "./preflight-actions";
import { missingBefore, type WizardStepKey } from "./wizard-steps";

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

/** Said on the Environment and Review steps when the draft names an environment that exists. */
async function ExistingEnvironmentNote({ name }: { name: unknown }) {
  const env = typeof name === "string" ? await getEnvironmentByName(getPool(), name) : null;
  if (!env) return null;
  return (
    <div className="mb-4">
      <Notice title={`Environment ${env.name} already exists`}>
        Provision runs setup again on it ({env.region}, {env.resourceGroup}): resources that already match the plan are left unchanged and say so; only what differs is updated.
      </Notice>
    </div>
  );
}

export async function WizardStepView({ step, draft, readOnly }: { step: WizardStepKey; draft: SetupDraft; readOnly: boolean }) {
  const ref = { draftId: draft.id, version: draft.version, readOnly };
  const d = draft.data;
  switch (step) {
    case "environment": {
      const env = (d.environment ?? {}) as Partial<EnvironmentInput>;
      const pickers = await loadArmPickers(env.subscriptionId);
      const subscriptionId = env.subscriptionId ?? config().AZURE_SUBSCRIPTION_ID ?? pickers.subscriptions[0]?.id ?? "";
      const name = env.name ?? "prod";
      return (
        <>
          <ExistingEnvironmentNote name={env.name} />
          <EnvironmentStep
            {...ref}
            values={{ name, subscriptionId, region: env.region ?? "westeurope", alertEmail: env.alertEmail ?? "" }}
            subscriptions={pickers.subscriptions}
            locations={pickers.locations}
            armProblem={pickers.problem}
            overrides={env.names ?? {}}
            action={saveEnvironmentStep}
          />
        </>
      );
    }
    case "sizing": {
      const saved = sizingInputSchema.safeParse(d.sizing);
      return <SizingStep {...ref} region={str(d.environment?.region, "westeurope")} initial={saved.success ? saved.data : null} action={saveSizingStep} />;
    }
    case "identity": {
      const i = d.identity ?? {};
      const p = draft.secretsProvided;
      return (
        <IdentityStep
          {...ref}
          values={{ keycloakUrl: str(i.keycloakUrl), realm: str(i.realm, "allhands"), clientId: str(i.clientId, "openhands"), entraTenantId: str(i.entraTenantId), entraClientId: str(i.entraClientId) }}
          provided={{ keycloakClientSecret: p.keycloakClientSecret, keycloakAdminPassword: p.keycloakAdminPassword, entraClientSecret: p.entraClientSecret }}
          action={saveIdentityStep}
        />
      );
    }
    case "openhands": {
      const saved = openhandsInputSchema.safeParse(d.openhands);
      const o = saved.success ? saved.data : undefined;
      return (
        <OpenHandsStep
          {...ref}
          releases={RELEASES.map((r) => ({ version: r.version, label: `${r.version} (${r.released})${r.version === LATEST_RELEASE.version ? " — latest" : ""}` }))}
          values={{
            version: o?.version ?? LATEST_RELEASE.version,
            imageRegistry: o?.imageRegistry ?? "ghcr.io/openhands",
            host: o?.host ?? "",
            tlsMode: o?.tls.mode ?? "cert-manager",
            issuer: o?.tls.mode === "cert-manager" ? o.tls.issuer : "letsencrypt",
            secretName: o?.tls.mode === "existing-secret" ? o.tls.secretName : "",
            model: o?.llm.model ?? "",
            baseUrl: o?.llm.baseUrl ?? "",
          }}
          llmKeyProvided={draft.secretsProvided.llmApiKey}
          action={saveOpenHandsStep}
        />
      );
    }
    case "preflight": {
      const saved = preflightResultSchema.safeParse(d.preflight);
      // A result from before the last change of answers is stale: the step was reset.
      const current = saved.success && saved.data.forVersion === draft.version ? saved.data : null;
      return <PreflightStep {...ref} result={current} run={runPreflightStep} register={registerProviderFix} />;
    }
    case "review": {
      let planned;
      try {
        planned = draftPlan(draft);
      } catch (err) {
        return <Notice tone="error" title="The plan cannot be built">{err instanceof Error ? err.message : "unknown problem"}</Notice>;
      }
      const missing = missingBefore("review", draft.completedSteps);
      const blockedReason = readOnly ? "Only an administrator can provision." : missing.length > 0 ? `Blocked until these steps are complete: ${missing.join(", ")} (a failing preflight check blocks Provision).` : undefined;
      return (
        <>
          <ExistingEnvironmentNote name={planned.plan.environment.name} />
          <ReviewStep
            plan={planned.plan}
            exportLinks={
              <a className="text-sm text-blue-700 underline" href={`/api/setup/export?draftId=${draft.id}&format=bicep`} download>
                Download Bicep
              </a>
            }
            provision={<ProvisionButton action={provisionSetup} draftId={draft.id} version={draft.version} blockedReason={blockedReason} />}
          />
        </>
      );
    }
  }
}

"use client";
/** Step 4: OpenHands version from the release catalog, image registry, public host and TLS, LLM settings (the key is write-only). */
import { useState } from "react";
import { SecretField, SelectField, TextField, StepFormFooter } from "./fields";
import { useDraftForm, type WizardAction } from "./use-draft-form";

export interface OpenHandsStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  releases: { version: string; label: string }[];
  values: { version: string; imageRegistry: string; host: string; tlsMode: "cert-manager" | "existing-secret" | "none"; issuer: string; secretName: string; model: string; baseUrl: string };
  llmKeyProvided: boolean;
  action: WizardAction<unknown>;
}

export function OpenHandsStep(p: OpenHandsStepProps) {
  const { onSubmit, errors, message, pending } = useDraftForm(p.action, "/setup?step=preflight");
  const [tls, setTls] = useState(p.values.tlsMode);
  const v = p.values;
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="OpenHands">
      <input type="hidden" name="draftId" value={p.draftId} />
      <input type="hidden" name="version" value={p.version} data-type="number" />
      <fieldset disabled={p.readOnly} className="grid gap-4 sm:grid-cols-2">
        <SelectField label="OpenHands version" name="openhands.version" errors={errors} defaultValue={v.version} options={p.releases.map((r) => ({ value: r.version, label: r.label }))} />
        <TextField label="Image registry" name="openhands.imageRegistry" errors={errors} defaultValue={v.imageRegistry} />
        <TextField label="Public host name" name="openhands.host" errors={errors} defaultValue={v.host} placeholder="openhands.example.com" />
        <SelectField
          label="TLS"
          name="openhands.tls.mode"
          errors={errors}
          value={tls}
          onChange={(e) => setTls(e.target.value as typeof tls)}
          options={[
            { value: "cert-manager", label: "cert-manager issues the certificate" },
            { value: "existing-secret", label: "an existing Kubernetes TLS secret" },
            { value: "none", label: "no TLS at the ingress (not for production)" },
          ]}
        />
        {tls === "cert-manager" ? <TextField label="cert-manager issuer" name="openhands.tls.issuer" errors={errors} defaultValue={v.issuer} /> : null}
        {tls === "existing-secret" ? <TextField label="TLS secret name" name="openhands.tls.secretName" errors={errors} defaultValue={v.secretName} /> : null}
        <TextField label="LLM model" name="openhands.llm.model" errors={errors} defaultValue={v.model} placeholder="anthropic/claude-sonnet-4-5" />
        <TextField label="LLM base URL (optional)" name="openhands.llm.baseUrl" errors={errors} defaultValue={v.baseUrl} />
        <SecretField label="LLM API key" name="secrets.llmApiKey" errors={errors} provided={p.llmKeyProvided} />
      </fieldset>
      <StepFormFooter message={message} readOnly={p.readOnly} pending={pending} />
    </form>
  );
}

"use client";
/** Step 3: Keycloak (the guide's KEYCLOAK_* settings) and the Entra ID app Keycloak uses as its identity provider. */
import { SecretField, TextField, StepFormFooter } from "./fields";
import { useDraftForm, type WizardAction } from "./use-draft-form";

export interface IdentityStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  values: { keycloakUrl: string; realm: string; clientId: string; entraTenantId: string; entraClientId: string };
  provided: { keycloakClientSecret: boolean; keycloakAdminPassword: boolean; entraClientSecret: boolean };
  action: WizardAction<unknown>;
}

export function IdentityStep(p: IdentityStepProps) {
  const { onSubmit, errors, message, pending } = useDraftForm(p.action, "/setup?step=openhands");
  const v = p.values;
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Identity">
      <input type="hidden" name="draftId" value={p.draftId} />
      <input type="hidden" name="version" value={p.version} data-type="number" />
      <fieldset disabled={p.readOnly} className="grid gap-4 sm:grid-cols-2">
        <TextField label="Keycloak URL" name="identity.keycloakUrl" errors={errors} defaultValue={v.keycloakUrl} placeholder="https://auth.example.com" />
        <TextField label="Realm" name="identity.realm" errors={errors} defaultValue={v.realm} />
        <TextField label="Keycloak client id" name="identity.clientId" errors={errors} defaultValue={v.clientId} />
        <SecretField label="Keycloak client secret" name="secrets.keycloakClientSecret" errors={errors} provided={p.provided.keycloakClientSecret} />
        <SecretField label="Keycloak admin password" name="secrets.keycloakAdminPassword" errors={errors} provided={p.provided.keycloakAdminPassword} />
        <span />
        <TextField label="Entra ID tenant id" name="identity.entraTenantId" errors={errors} defaultValue={v.entraTenantId} />
        <TextField label="Entra ID application (client) id" name="identity.entraClientId" errors={errors} defaultValue={v.entraClientId} />
        <SecretField label="Entra ID client secret" name="secrets.entraClientSecret" errors={errors} provided={p.provided.entraClientSecret} />
      </fieldset>
      <StepFormFooter message={message} readOnly={p.readOnly} pending={pending} />
    </form>
  );
}

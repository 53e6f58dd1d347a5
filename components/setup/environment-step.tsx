"use client";
/** Step 1: environment name, subscription and region (listed from ARM), resource names previewed and editable. */
import { SelectField, TextField, StepFormFooter } from "./fields";
import { useDraftForm, type WizardAction } from "./use-draft-form";

export interface NamePreview {
  key: string;
  label: string;
  defaultName: string;
  override: string;
  rule: string;
}

export interface EnvironmentStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  values: { name: string; subscriptionId: string; region: string; alertEmail: string };
  subscriptions: { id: string; name: string }[];
  locations: { name: string; displayName: string }[];
  /** Why the pickers are empty (ARM could not be read), if they are. */
  armProblem?: string;
  names: NamePreview[];
  action: WizardAction<unknown>;
}

export function EnvironmentStep(p: EnvironmentStepProps) {
  const { onSubmit, errors, message, pending } = useDraftForm(p.action, "/setup?step=sizing");
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Environment">
      <input type="hidden" name="draftId" value={p.draftId} />
      <input type="hidden" name="version" value={p.version} data-type="number" />
      <fieldset disabled={p.readOnly} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Environment name" name="environment.name" errors={errors} defaultValue={p.values.name} hint="2–8 lowercase letters or digits, e.g. prod or staging" required />
          <SelectField
            label="Subscription"
            name="environment.subscriptionId"
            errors={errors}
            defaultValue={p.values.subscriptionId}
            options={p.subscriptions.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
          />
          <SelectField
            label="Region"
            name="environment.region"
            errors={errors}
            defaultValue={p.values.region}
            options={p.locations.map((l) => ({ value: l.name, label: `${l.displayName} (${l.name})` }))}
          />
        </div>
        {p.armProblem ? <p className="text-sm text-red-700">{p.armProblem}</p> : null}
        <TextField label="Alert e-mail (optional)" name="environment.alertEmail" type="email" errors={errors} defaultValue={p.values.alertEmail} hint="Where the recommended Azure Monitor alerts send mail." />
        <div>
          <h3 className="text-sm font-semibold text-zinc-800">Resource names</h3>
          <p className="mb-2 text-xs text-zinc-500">Previewed from the environment name and subscription (globally unique names carry a short deterministic suffix). Leave a field empty to keep the default; a name that breaks Azure&apos;s rule is refused with the rule.</p>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="py-1">resource</th>
                <th className="py-1">name</th>
              </tr>
            </thead>
            <tbody>
              {p.names.map((n) => (
                <tr key={n.key} className="border-t border-zinc-100 align-top">
                  <td className="py-1.5 pr-4 text-zinc-700">{n.label}</td>
                  <td className="py-1.5">
                    <TextField label={`${n.label} name`} name={`environment.names.${n.key}`} errors={errors} defaultValue={n.override} placeholder={n.defaultName} title={n.rule} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <StepFormFooter message={message} readOnly={p.readOnly} pending={pending} />
    </form>
  );
}

"use client";
/**
 * Step 1: environment name, subscription and region (listed from ARM), resource names previewed
 * and editable. The preview follows the name and subscription as they are typed: it is computed
 * here with the same pure `defaultNames` the server plans with, so what is shown is what Save
 * and Provision will use.
 */
import { useState } from "react";
import { NAME_RULES, defaultNames, type ResourceNameKey } from "@/lib/azure/naming";
import { SelectField, TextField, StepFormFooter } from "./fields";
import { useDraftForm, type WizardAction } from "./use-draft-form";

/** Stands in for the subscription id until one is picked, so the preview still shows the shape of each name. */
const NO_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

export interface EnvironmentStepProps {
  draftId: string;
  version: number;
  readOnly: boolean;
  values: { name: string; subscriptionId: string; region: string; alertEmail: string };
  subscriptions: { id: string; name: string }[];
  locations: { name: string; displayName: string }[];
  /** Why the pickers are empty (ARM could not be read), if they are. */
  armProblem?: string;
  /** The admin's saved name overrides ("" or absent = the default). */
  overrides: Partial<Record<ResourceNameKey, string>>;
  action: WizardAction<unknown>;
}

export function EnvironmentStep(p: EnvironmentStepProps) {
  const { onSubmit, errors, message, pending } = useDraftForm(p.action, "/setup?step=sizing");
  const [name, setName] = useState(p.values.name);
  const [subscriptionId, setSubscriptionId] = useState(p.values.subscriptionId);
  const defaults = defaultNames(name.trim(), subscriptionId || NO_SUBSCRIPTION);
  return (
    <form onSubmit={onSubmit} className="space-y-5" aria-label="Environment">
      <input type="hidden" name="draftId" value={p.draftId} />
      <input type="hidden" name="version" value={p.version} data-type="number" />
      <fieldset disabled={p.readOnly} className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Environment name" name="environment.name" errors={errors} value={name} onChange={(e) => setName(e.target.value)} hint="2–8 lowercase letters or digits, e.g. prod or staging" required />
          <SelectField
            label="Subscription"
            name="environment.subscriptionId"
            errors={errors}
            value={subscriptionId}
            onChange={(e) => setSubscriptionId(e.target.value)}
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
          <p className="mb-2 text-xs text-zinc-500">What will be created, following the environment name and subscription as you type (globally unique names carry a short suffix derived from both). Leave a field empty to keep the name shown; a name that breaks Azure&apos;s rule is refused with the rule.</p>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-zinc-500">
                <th className="py-1">resource</th>
                <th className="py-1">name</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(NAME_RULES) as ResourceNameKey[]).map((key) => (
                <tr key={key} className="border-t border-zinc-100 align-top" data-name-key={key}>
                  <td className="py-1.5 pr-4 text-zinc-700">{NAME_RULES[key].label}</td>
                  <td className="py-1.5">
                    <TextField label={`${NAME_RULES[key].label} name`} name={`environment.names.${key}`} errors={errors} defaultValue={p.overrides[key] ?? ""} placeholder={defaults[key]} title={NAME_RULES[key].rule} />
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

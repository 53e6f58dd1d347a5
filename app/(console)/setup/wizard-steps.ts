/**
 * The wizard's steps in order, and what each needs before it can be opened. Shared by the pages
 * (stepper, redirects) and the server actions (which step a save completes and what it invalidates).
 */
export const WIZARD_STEPS = [
  { key: "environment", title: "Environment" },
  { key: "sizing", title: "Sizing" },
  { key: "identity", title: "Identity" },
  { key: "openhands", title: "OpenHands" },
  { key: "preflight", title: "Preflight" },
  { key: "review", title: "Review" },
] as const;
export type WizardStepKey = (typeof WIZARD_STEPS)[number]["key"];

export function isWizardStep(value: string | undefined): value is WizardStepKey {
  return WIZARD_STEPS.some((s) => s.key === value);
}

/** Steps before `step` that must be completed to open it (the form steps are sequential). */
export function missingBefore(step: WizardStepKey, completed: readonly string[]): WizardStepKey[] {
  const index = WIZARD_STEPS.findIndex((s) => s.key === step);
  return WIZARD_STEPS.slice(0, index)
    .map((s) => s.key)
    .filter((k) => !completed.includes(k));
}

/** The first step not yet completed: where "continue setup" lands. */
export function nextOpenStep(completed: readonly string[]): WizardStepKey {
  return WIZARD_STEPS.find((s) => !completed.includes(s.key))?.key ?? "review";
}

/** A changed answer invalidates the preflight result (it checked the old plan). */
export const INVALIDATED_BY_CHANGE: readonly WizardStepKey[] = ["preflight"];

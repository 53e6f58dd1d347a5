/**
 * From a draft's saved answers to the complete `SetupInput` and the provisioning plan. Answers
 * were validated when saved; they are parsed again here because the plan must only ever be built
 * from a complete, valid input (a step may have been reset, or the schema may have moved on).
 */
import { ActionError } from "@/lib/auth/action";
import { PlanInputError, buildPlan, setupInputSchema, type ProvisioningPlan, type SetupInput } from "@/lib/azure/provisioning/plan";
import type { SetupDraft } from "@/lib/store/setup-drafts";

export type DraftInput = { ok: true; input: SetupInput } | { ok: false; problems: string[] };

export function draftSetupInput(draft: SetupDraft): DraftInput {
  const { environment, sizing, identity, openhands } = draft.data;
  const parsed = setupInputSchema.safeParse({ environment, sizing, identity, openhands });
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

/** The plan of a draft whose form steps are complete, or an ActionError naming what is missing. */
export function draftPlan(draft: SetupDraft): { input: SetupInput; plan: ProvisioningPlan } {
  const parsed = draftSetupInput(draft);
  if (!parsed.ok) throw new ActionError("setup_incomplete", `Setup is not complete yet: ${parsed.problems.slice(0, 3).join("; ")}. Finish the earlier steps first.`);
  try {
    return { input: parsed.input, plan: buildPlan(parsed.input) };
  } catch (err) {
    if (err instanceof PlanInputError) throw new ActionError("plan_invalid", err.message);
    throw err;
  }
}

/**
 * Provision: turn a complete, preflight-clean draft into its setup operation (the executor's
 * `startSetupOperation`), atomically, then hand over to the operation page. A draft that names a
 * new environment creates it; one that names an existing environment in the same subscription and
 * region runs setup on it again (same id: derived secrets and resources stay; steps that already
 * match the plan end "unchanged"). The store refuses a second active operation on one environment.
 * The draft's sealed secrets stay where they are; the executor opens them by operation id.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import { startSetupOperation } from "@/lib/operations/start-setup";
import { inTransaction, type Queryable } from "@/lib/store/db";
import { createEnvironment, getEnvironment, updateEnvironment, type Environment, type EnvironmentSettings } from "@/lib/store/environments";
import { NotFoundError } from "@/lib/store/errors";
import { getDraft, setDraftStatus } from "@/lib/store/setup-drafts";
import { draftPlan } from "./draft-plan";
import { existingEnvironmentFor, refuseWhileActive } from "./existing-environment";
import type { SetupDeps } from "./setup-actions";
import { missingBefore } from "./wizard-steps";

export interface Provisioned {
  environmentId: string;
  operationId: string;
  /** True when setup runs again on an environment that already existed. */
  existing: boolean;
}

/** The environment's settings with the draft's answers merged in; unchanged settings are not written. */
async function withSettings(tx: Queryable, existing: Environment, settings: EnvironmentSettings): Promise<Environment> {
  const env = await getEnvironment(tx, existing.id);
  if (!env) throw new NotFoundError("Environment", existing.id);
  const merged = { ...env.settings, ...settings };
  if (JSON.stringify(merged) === JSON.stringify(env.settings)) return env;
  return updateEnvironment(tx, env.id, env.version, { settings: merged });
}

export function provisionAction(deps: SetupDeps) {
  const input = z.object({ draftId: z.uuid(), version: z.number().int().positive() });
  return {
    name: "setup.provision",
    permission: "setup.run",
    input,
    audit: {
      action: "setup.provision",
      target: (i, r) => (r ? `operation/${r.operationId}` : `setup-draft/${i.draftId}`),
      changes: (_i, r): ChangeSet =>
        r ? { environmentId: { new: r.environmentId }, operationId: { new: r.operationId }, ...(r.existing ? { existingEnvironment: { new: true } } : {}) } : {},
    },
    run: async (ctx, i) => {
      const draft = await getDraft(deps.db(), i.draftId);
      if (!draft) throw new ActionError("not_found", "This setup draft no longer exists; reload the setup page.");
      if (draft.status !== "open") throw new ActionError("draft_not_open", `This setup is already ${draft.status}.`);
      if (draft.version !== i.version) throw new ActionError("version_conflict", "The setup was changed in another browser since this page loaded; reload and review it again.");
      const missing = missingBefore("review", draft.completedSteps);
      if (missing.length > 0) {
        const why = missing.includes("preflight") ? "preflight has not passed for the current answers (run it again; failing checks block Provision)" : `these steps are not complete: ${missing.join(", ")}`;
        throw new ActionError("setup_incomplete", `Provision is blocked: ${why}.`);
      }
      const { input: setup, plan } = draftPlan(draft);
      const existing = await existingEnvironmentFor(deps.db(), plan.environment);
      if (existing) await refuseWhileActive(deps.db(), existing);
      const settings = { setupDraftId: draft.id, sizingPreset: setup.sizing.preset, openhandsVersion: setup.openhands.version, host: setup.openhands.host };
      return inTransaction(deps.db(), async (tx) => {
        const env = existing
          ? await withSettings(tx, existing, settings)
          : await createEnvironment(tx, {
              name: plan.environment.name,
              subscriptionId: plan.environment.subscriptionId,
              region: plan.environment.region,
              resourceGroup: plan.environment.resourceGroup,
              status: "provisioning",
              createdBy: ctx.principal.oid,
              settings,
            });
        const op = await startSetupOperation(tx, env, plan, { id: ctx.principal.oid, name: ctx.principal.name });
        await setDraftStatus(tx, draft.id, draft.version, { status: "provisioning", actor: ctx.principal.oid, operationId: op.id, environmentId: env.id });
        return { environmentId: env.id, operationId: op.id, existing: existing !== null };
      });
    },
  } satisfies ActionDefinition<typeof input, Provisioned>;
}

/**
 * Provision: turn a complete, preflight-clean draft into an environment and its setup operation
 * (the executor's `startSetupOperation`), atomically, then hand over to the operation page.
 * The draft's sealed secrets stay where they are; the executor opens them by operation id.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import { startSetupOperation } from "@/lib/operations/start-setup";
import { inTransaction } from "@/lib/store/db";
import { createEnvironment } from "@/lib/store/environments";
import { getDraft, setDraftStatus } from "@/lib/store/setup-drafts";
import { draftPlan } from "./draft-plan";
import type { SetupDeps } from "./setup-actions";
import { missingBefore } from "./wizard-steps";

export interface Provisioned {
  environmentId: string;
  operationId: string;
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
      changes: (_i, r): ChangeSet => (r ? { environmentId: { new: r.environmentId }, operationId: { new: r.operationId } } : {}),
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
      return inTransaction(deps.db(), async (tx) => {
        const env = await createEnvironment(tx, {
          name: plan.environment.name,
          subscriptionId: plan.environment.subscriptionId,
          region: plan.environment.region,
          resourceGroup: plan.environment.resourceGroup,
          status: "provisioning",
          createdBy: ctx.principal.oid,
          settings: { setupDraftId: draft.id, sizingPreset: setup.sizing.preset, openhandsVersion: setup.openhands.version, host: setup.openhands.host },
        });
        const op = await startSetupOperation(tx, env, plan, { id: ctx.principal.oid, name: ctx.principal.name });
        await setDraftStatus(tx, draft.id, draft.version, { status: "provisioning", actor: ctx.principal.oid, operationId: op.id, environmentId: env.id });
        return { environmentId: env.id, operationId: op.id };
      });
    },
  } satisfies ActionDefinition<typeof input, Provisioned>;
}

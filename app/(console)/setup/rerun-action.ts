/**
 * Run setup again on an existing environment, with the answers of the setup that last ran on it
 * (a new draft per run, secrets re-sealed for it, so nothing typed once is typed again). The plan
 * is rebuilt from those answers, so every step that already matches Azure ends "unchanged" and
 * the operation page says "Nothing to change". Refused while the environment has an operation
 * pending or running, and while another setup is open or provisioning in this console.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import { startSetupOperation } from "@/lib/operations/start-setup";
import { inTransaction } from "@/lib/store/db";
import { getEnvironment } from "@/lib/store/environments";
import { SecretBoxError } from "@/lib/store/secret-box";
import { finishEndedDrafts, getCurrentDraft, latestEnvironmentDraft, startRerunDraft } from "@/lib/store/setup-drafts";
import { draftPlan } from "./draft-plan";
import { placementConflicts, refuseWhileActive } from "./existing-environment";
import type { SetupDeps } from "./setup-actions";

export interface SetupRerun {
  environmentId: string;
  operationId: string;
  draftId: string;
  /** The setup whose answers this run reuses. */
  sourceDraftId: string;
}

export function rerunAction(deps: SetupDeps) {
  const input = z.object({ environmentId: z.uuid("environmentId must be the id of an environment") });
  return {
    name: "setup.rerun",
    permission: "setup.run",
    input,
    audit: {
      action: "setup.rerun",
      target: (i, r) => (r ? `operation/${r.operationId}` : `environment/${i.environmentId}`),
      changes: (i, r): ChangeSet =>
        r ? { environmentId: { new: i.environmentId }, operationId: { new: r.operationId }, draftId: { new: r.draftId }, sourceDraftId: { new: r.sourceDraftId } } : {},
    },
    run: async (ctx, i) => {
      const db = deps.db();
      const env = await getEnvironment(db, i.environmentId);
      if (!env) throw new ActionError("not_found", `Environment ${i.environmentId} does not exist.`);
      await refuseWhileActive(db, env);
      const source = await latestEnvironmentDraft(db, env.id);
      if (!source) throw new ActionError("setup_answers_missing", `Environment "${env.name}" was not set up by this console's wizard, so there are no saved answers to run again; start a new setup with its name.`);
      const { plan } = draftPlan(source);
      const conflicts = Object.values(placementConflicts(env, plan.environment));
      if (plan.environment.name !== env.name || conflicts.length > 0) {
        throw new ActionError("environment_placement_differs", `The saved answers no longer match environment "${env.name}": ${conflicts.join(" ") || `they name ${plan.environment.name}`}`);
      }
      await finishEndedDrafts(db, ctx.principal.oid);
      const current = await getCurrentDraft(db);
      if (current) {
        throw new ActionError(
          "draft_exists",
          current.status === "open"
            ? "Another setup is open in this console; continue it or discard it before running setup again."
            : `Another setup is being provisioned (operation ${current.operationId ?? "unknown"}); wait for it to finish before running setup again.`,
        );
      }
      try {
        return await inTransaction(db, async (tx) => {
          const op = await startSetupOperation(tx, env, plan, { id: ctx.principal.oid, name: ctx.principal.name });
          const draft = await startRerunDraft(tx, deps.secretsKey(), source.id, { operationId: op.id, environmentId: env.id, actor: ctx.principal.oid });
          return { environmentId: env.id, operationId: op.id, draftId: draft.id, sourceDraftId: source.id };
        });
      } catch (err) {
        if (err instanceof SecretBoxError) {
          throw new ActionError("secrets_unreadable", `The secrets saved with the setup of "${env.name}" cannot be opened (SECRETS_KEY changed since); start a new setup with its name and enter them again.`);
        }
        throw err;
      }
    },
  } satisfies ActionDefinition<typeof input, SetupRerun>;
}

/**
 * Preflight from the wizard: run every check against Azure for the draft's plan and keep the
 * result in the draft (a failing check keeps the step incomplete, which blocks Provision); and
 * the one-click fix, registering a resource provider setup needs.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import type { ArmClients } from "@/lib/azure/clients";
import { REGISTRABLE_NAMESPACES, registerProvider, type ProviderRegistration } from "@/lib/azure/preflight/register";
import { runPreflight } from "@/lib/azure/preflight/run";
import { preflightBlocks, type PreflightCheck } from "@/lib/azure/preflight/types";
import { getDraft, saveDraftSection } from "@/lib/store/setup-drafts";
import { draftPlan } from "./draft-plan";
import type { DraftSaved, SetupDeps } from "./setup-actions";

export interface PreflightDeps extends SetupDeps {
  arm: (subscriptionId: string) => ArmClients;
}

export interface PreflightRun extends DraftSaved {
  blocked: boolean;
  checks: PreflightCheck[];
}

/** What the draft keeps of a run (parsed back by the page). */
export const preflightResultSchema = z.object({
  ranAt: z.string(),
  /** The draft version the run was saved as: any later save of answers makes the result stale. */
  forVersion: z.number().int(),
  blocked: z.boolean(),
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(["pass", "warn", "fail"]),
      evidence: z.string(),
      remedy: z.string().optional(),
      fix: z.object({ kind: z.literal("registerProvider"), namespace: z.string() }).optional(),
    }),
  ),
});
export type PreflightResult = z.infer<typeof preflightResultSchema>;

const draftRef = { draftId: z.uuid(), version: z.number().int().positive() };

export function preflightActions(deps: PreflightDeps) {
  const runInput = z.object(draftRef);
  const run = {
    name: "setup.preflight.run",
    permission: "setup.run",
    input: runInput,
    audit: {
      action: "setup.preflight.run",
      target: (i) => `setup-draft/${i.draftId}`,
      changes: (_i, r): ChangeSet => (r ? { preflight: { new: { blocked: r.blocked, failed: r.checks.filter((c) => c.status === "fail").map((c) => c.id) } } } : {}),
    },
    run: async (ctx, input) => {
      const draft = await getDraft(deps.db(), input.draftId);
      if (!draft) throw new ActionError("not_found", "This setup draft no longer exists; reload the setup page.");
      const { plan } = draftPlan(draft);
      const checks = await runPreflight(deps.arm(plan.environment.subscriptionId), plan);
      const blocked = preflightBlocks(checks);
      const result: PreflightResult = { ranAt: new Date().toISOString(), forVersion: input.version + 1, blocked, checks };
      const saved = await saveDraftSection(deps.db(), deps.secretsKey(), {
        id: input.draftId, expectedVersion: input.version, section: "preflight", value: result,
        completedStep: blocked ? undefined : "preflight", resetSteps: blocked ? ["preflight"] : [], actor: ctx.principal.oid,
      });
      return { draftId: saved.id, version: saved.version, completedSteps: saved.completedSteps, blocked, checks };
    },
  } satisfies ActionDefinition<typeof runInput, PreflightRun>;

  const registerInput = z.object({
    draftId: z.uuid(),
    namespace: z.enum(REGISTRABLE_NAMESPACES, { message: `namespace must be one setup needs: ${REGISTRABLE_NAMESPACES.join(", ")}` }),
  });
  const register = {
    name: "setup.provider.register",
    permission: "setup.run",
    input: registerInput,
    audit: { action: "setup.provider.register", target: (i) => `provider/${i.namespace}`, changes: (i, r) => ({ registrationState: { new: r?.registrationState ?? "failed" } }) },
    run: async (_ctx, input) => {
      const draft = await getDraft(deps.db(), input.draftId);
      const subscriptionId = z.guid().safeParse(draft?.data.environment?.subscriptionId);
      if (!subscriptionId.success) throw new ActionError("setup_incomplete", "Choose the subscription in the Environment step first.");
      return registerProvider(deps.arm(subscriptionId.data), input.namespace);
    },
  } satisfies ActionDefinition<typeof registerInput, ProviderRegistration>;

  return { run, register };
}

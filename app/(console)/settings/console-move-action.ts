/**
 * "Move the console into this environment" (Admin: `console.move`): starts the `console-move`
 * operation for one environment (lib/operations/start-console-move.ts) and answers its id, so the
 * browser opens the live operation page. Audited with what will be created; refused while the
 * environment has an operation pending or running, and with a clear reason when the environment
 * has no cluster with an OIDC issuer or no PostgreSQL server yet.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import type { ArmClients } from "@/lib/azure/clients";
import type { ConsoleInstallSettings } from "@/lib/azure/console-move/install-settings";
import { ConsoleMovePlanError, consoleMoveSummary } from "@/lib/azure/console-move/plan";
import { startConsoleMoveOperation } from "@/lib/operations/start-console-move";
import type { Queryable } from "@/lib/store/db";
import { getEnvironment } from "@/lib/store/environments";

export interface ConsoleMoveDeps {
  db: () => Queryable;
  arm: (subscriptionId: string) => ArmClients;
  /** The moved console's image, host and configuration (from this console's own config). */
  install: () => ConsoleInstallSettings;
}

export interface ConsoleMoveStarted {
  environmentId: string;
  operationId: string;
  /** The steps, in words (what the confirmation listed). */
  creates: string[];
}

export function consoleMoveAction(deps: ConsoleMoveDeps) {
  const input = z.object({ environmentId: z.uuid("environmentId must be the id of an environment") });
  return {
    name: "console.move",
    permission: "console.move",
    input,
    audit: {
      action: "console.move",
      target: (i, r) => (r ? `operation/${r.operationId}` : `environment/${i.environmentId}`),
      changes: (i, r): ChangeSet => (r ? { environmentId: { new: i.environmentId }, operationId: { new: r.operationId }, creates: { new: r.creates } } : {}),
    },
    run: async (ctx, i) => {
      const db = deps.db();
      const env = await getEnvironment(db, i.environmentId);
      if (!env) throw new ActionError("not_found", `Environment ${i.environmentId} does not exist.`);
      try {
        const { operation, plan } = await startConsoleMoveOperation(db, deps.arm(env.subscriptionId), env, { id: ctx.principal.oid, name: ctx.principal.name }, deps.install());
        return { environmentId: env.id, operationId: operation.id, creates: consoleMoveSummary(plan) };
      } catch (err) {
        if (err instanceof ConsoleMovePlanError) throw new ActionError("environment_not_ready", err.message);
        throw err;
      }
    },
  } satisfies ActionDefinition<typeof input, ConsoleMoveStarted>;
}

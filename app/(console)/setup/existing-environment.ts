/**
 * Setup on an environment that already exists. A draft that names an existing environment in the
 * same subscription, region and resource group runs setup on it again (same environment id, so
 * derived secrets and resources stay the same; steps that already match say "unchanged"). Anything
 * else under a taken name is refused with what differs, because setup never moves or renames.
 */
import { ActionError } from "@/lib/auth/action";
import type { Queryable } from "@/lib/store/db";
import { getEnvironmentByName, type Environment } from "@/lib/store/environments";
import { activeOperation } from "@/lib/store/operations";

export interface PlannedPlacement {
  name: string;
  subscriptionId: string;
  region: string;
  resourceGroup?: string;
}

/** Why `env` cannot take setup for `placement` (field → message), or an empty object when it can. */
export function placementConflicts(env: Environment, placement: PlannedPlacement): Record<string, string> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(env.subscriptionId, placement.subscriptionId)) {
    return { "environment.name": `An environment named "${env.name}" already exists in subscription ${env.subscriptionId}; choose another name.` };
  }
  const out: Record<string, string> = {};
  if (!same(env.region, placement.region)) {
    out["environment.region"] = `Environment "${env.name}" exists in ${env.region}; setup cannot move it to ${placement.region}. Choose ${env.region} to run setup on it again, or another name.`;
  }
  if (placement.resourceGroup !== undefined && !same(env.resourceGroup, placement.resourceGroup)) {
    out["environment.names.resourceGroup"] = `Environment "${env.name}" lives in resource group ${env.resourceGroup}; setup cannot move it to ${placement.resourceGroup}.`;
  }
  return out;
}

/** The existing environment setup will run on again, null for a new one, or an ActionError naming the conflict. */
export async function existingEnvironmentFor(db: Queryable, placement: PlannedPlacement): Promise<Environment | null> {
  const env = await getEnvironmentByName(db, placement.name);
  if (!env) return null;
  const conflicts = placementConflicts(env, placement);
  const messages = Object.values(conflicts);
  if (messages.length > 0) {
    const code = "environment.name" in conflicts ? "environment_name_taken" : "environment_placement_differs";
    throw new ActionError(code, messages.join(" "), Object.fromEntries(Object.entries(conflicts).map(([k, v]) => [k, [v]])));
  }
  return env;
}

/**
 * Only one operation runs per environment: refuse early with the one that is running. (The
 * store's unique index decides when two admins race; that refusal is OperationInProgressError.)
 */
export async function refuseWhileActive(db: Queryable, env: Environment): Promise<void> {
  const active = await activeOperation(db, env.id);
  if (!active) return;
  throw new ActionError(
    "operation_in_progress",
    `Environment "${env.name}" already has a ${active.kind} operation ${active.status} (${active.id}); only one operation runs per environment at a time. Wait for it to finish or cancel it, then run setup again.`,
  );
}

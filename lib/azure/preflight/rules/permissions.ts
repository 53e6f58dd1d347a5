/**
 * The caller's permissions: can the console's identity create everything in the plan? Evaluated
 * as Azure does: an action is granted by an entry when one of its `actions` matches and none of
 * its `notActions` does; entries (one per role assignment) add up.
 */
import type { Observed, PreflightCheck, PreflightTarget } from "../types";
import { requiredNamespaces } from "./providers";
import { unreadable } from "./observed";

type PermissionEntry = { actions: string[]; notActions: string[] };

function pattern(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
}

export function isActionAllowed(entries: readonly PermissionEntry[], action: string): boolean {
  return entries.some((e) => e.actions.some((a) => pattern(a).test(action)) && !e.notActions.some((n) => pattern(n).test(action)));
}

/** The actions setup performs: create the group, write every planned type, register providers it may need. */
export function requiredActions(target: Pick<PreflightTarget, "resourceTypes">): string[] {
  const actions = new Set<string>(["Microsoft.Resources/subscriptions/resourceGroups/write"]);
  for (const type of target.resourceTypes) {
    if (type.toLowerCase() === "microsoft.resources/resourcegroups") continue;
    actions.add(`${type}/write`);
  }
  for (const ns of requiredNamespaces(target)) actions.add(`${ns}/register/action`);
  return [...actions];
}

type PermissionsObservation = { scope: string; targetGroupExists: boolean; entries: PermissionEntry[] };

export function permissionCheck(target: PreflightTarget, observed: Observed<PermissionsObservation>): PreflightCheck {
  const id = "permissions";
  const title = "Permission to create the resources";
  if (!observed.ok) return unreadable(id, title, "the caller's permissions", observed);
  const { scope, targetGroupExists, entries } = observed.value;
  const needed = requiredActions(target);
  const missing = needed.filter((a) => !isActionAllowed(entries, a));
  const where = targetGroupExists ? `resource group ${target.resourceGroup}` : `${scope} (the target group ${target.resourceGroup} does not exist yet)`;
  if (entries.length === 0 || missing.length === needed.length) {
    return {
      id,
      title,
      status: "fail",
      evidence: `The console's identity has no write permission on ${where}: ${missing.length} of ${needed.length} needed actions are missing (e.g. ${missing.slice(0, 3).join(", ")}).`,
      remedy: `Assign the console's identity the Contributor role (or Owner) on subscription ${target.subscriptionId} or on resource group ${target.resourceGroup}, then run preflight again.`,
    };
  }
  if (missing.length > 0) {
    return {
      id,
      title,
      status: "fail",
      evidence: `On ${where} the console's identity lacks ${missing.length} of ${needed.length} needed actions: ${missing.join(", ")}.`,
      remedy: "Grant a role that includes these actions (Contributor covers them) or remove the deny that blocks them, then run preflight again.",
    };
  }
  if (!targetGroupExists) {
    return {
      id,
      title,
      status: "warn",
      evidence: `All ${needed.length} needed actions are allowed on ${scope}; the target group ${target.resourceGroup} does not exist yet, so its own permissions could not be read (Azure reads permissions per group).`,
      remedy: "Nothing to do if the role is assigned on the subscription; a role assigned only on another group would not cover the new one.",
    };
  }
  return { id, title, status: "pass", evidence: `All ${needed.length} needed actions are allowed on ${where}.` };
}

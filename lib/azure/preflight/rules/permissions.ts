/**
 * The caller's permissions: can the console's identity create everything in the plan? Evaluated
 * as Azure does: an action is granted by an entry when one of its `actions` matches and none of
 * its `notActions` does; entries (one per role assignment) add up. Before the target group exists
 * the entries are the caller's roles at subscription scope (what the new group will inherit),
 * and the evidence says that is what was checked.
 */
import type { Observed, PermissionsObservation, PreflightCheck, PreflightTarget } from "../types";
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

/** What was read, in words: the group's own permissions, or the roles a new group inherits. */
function checkedWhere(target: PreflightTarget, o: PermissionsObservation): string {
  if (o.targetGroupExists) return `resource group ${target.resourceGroup}`;
  const roles = o.roles && o.roles.length > 0 ? `roles ${o.roles.join(", ")}` : "no role";
  return `${o.scope} (checked: the identity's role assignments at subscription scope, ${roles}; resource group ${target.resourceGroup} does not exist yet and will inherit them)`;
}

export function permissionCheck(target: PreflightTarget, observed: Observed<PermissionsObservation>): PreflightCheck {
  const id = "permissions";
  const title = "Permission to create the resources";
  if (!observed.ok) {
    const remedy =
      observed.error.code === "CallerUnknown"
        ? `List the console identity's roles by hand (az role assignment list --assignee <its client id> --all) and make sure it holds Contributor or Owner on subscription ${target.subscriptionId}.`
        : undefined;
    return unreadable(id, title, "the caller's permissions", observed, remedy);
  }
  const o = observed.value;
  const needed = requiredActions(target);
  const missing = needed.filter((a) => !isActionAllowed(o.entries, a));
  const where = checkedWhere(target, o);
  const assign = o.targetGroupExists
    ? `Assign the console's identity the Contributor role (or Owner) on subscription ${target.subscriptionId} or on resource group ${target.resourceGroup}, then run preflight again.`
    : `Assign the console's identity the Contributor role (or Owner) on subscription ${target.subscriptionId}, then run preflight again (a role on another resource group does not reach the new one).`;
  if (o.entries.length === 0 || missing.length === needed.length) {
    return {
      id,
      title,
      status: "fail",
      evidence: `The console's identity has no write permission on ${where}: ${missing.length} of ${needed.length} needed actions are missing (e.g. ${missing.slice(0, 3).join(", ")}).`,
      remedy: assign,
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
  return { id, title, status: "pass", evidence: `All ${needed.length} needed actions are allowed on ${where}.` };
}

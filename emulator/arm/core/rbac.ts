/**
 * Azure RBAC of the local subscription: built-in role definitions (actions / notActions as in
 * Azure) and role assignments by principal object id, all at subscription scope.
 */
import type { ArmRole } from "./types";

export interface RoleDefinition {
  actions: string[];
  notActions: string[];
}

export const roleDefinitions: Record<ArmRole, RoleDefinition> = {
  Owner: { actions: ["*"], notActions: [] },
  Contributor: {
    actions: ["*"],
    notActions: [
      "Microsoft.Authorization/*/Delete",
      "Microsoft.Authorization/*/Write",
      "Microsoft.Authorization/elevateAccess/Action",
      "Microsoft.Blueprint/blueprintAssignments/write",
      "Microsoft.Blueprint/blueprintAssignments/delete",
      "Microsoft.Compute/galleries/share/action",
      "Microsoft.Purview/consents/write",
      "Microsoft.Purview/consents/delete",
      "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
      "Microsoft.Subscription/cancel/action",
      "Microsoft.Subscription/enable/action",
    ],
  },
  Reader: { actions: ["*/read"], notActions: [] },
};

function actionPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

const compiled = new Map<string, RegExp>();
function matches(pattern: string, action: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = actionPattern(pattern);
    compiled.set(pattern, re);
  }
  return re.test(action);
}

export function roleAllows(role: ArmRole | null, action: string): boolean {
  if (!role) return false;
  const def = roleDefinitions[role];
  return def.actions.some((a) => matches(a, action)) && !def.notActions.some((n) => matches(n, action));
}

/** Principal object id → role on the subscription. */
export type RoleAssignments = ReadonlyMap<string, ArmRole>;

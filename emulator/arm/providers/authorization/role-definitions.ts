/**
 * Microsoft.Authorization roleDefinitions GET (RoleDefinitions_Get, 2022-04-01 shape): a built-in
 * role's name and permissions by its GUID, at subscription or tenant scope. Preflight reads the
 * definitions of the caller's subscription-scope role assignments when the target resource group
 * does not exist yet. The three roles the front door enforces (Owner, Contributor, Reader) carry
 * their real actions/notActions; the other built-in roles known by id answer with their name and
 * an empty permission list (listed in the README's "what is simulated").
 */
import { ArmError } from "../../core/errors";
import { ok } from "../../core/resource-helpers";
import { roleDefinitions } from "../../core/rbac";
import type { ArmRole, ArmRoute } from "../../core/types";
import { BUILT_IN_ROLES } from "./built-in-roles";

export const ROLE_DEFINITION_API_VERSIONS = ["2022-05-01-preview", "2022-04-01", "2018-01-01-preview", "2015-07-01"];

function definitionBody(scope: string, guid: string): Record<string, unknown> {
  const roleName = BUILT_IN_ROLES[guid.toLowerCase()];
  if (!roleName) throw new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${guid}' does not exist.`);
  const enforced = Object.hasOwn(roleDefinitions, roleName) ? roleDefinitions[roleName as ArmRole] : undefined;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid.toLowerCase()}`,
    name: guid.toLowerCase(),
    type: "Microsoft.Authorization/roleDefinitions",
    properties: {
      roleName,
      type: "BuiltInRole",
      description: `Built-in role ${roleName}.`,
      assignableScopes: ["/"],
      permissions: [{ actions: [...(enforced?.actions ?? [])], notActions: [...(enforced?.notActions ?? [])], dataActions: [], notDataActions: [] }],
    },
  };
}

export function roleDefinitionRoutes(): ArmRoute[] {
  return [
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
      apiVersions: ROLE_DEFINITION_API_VERSIONS,
      action: "Microsoft.Authorization/roleDefinitions/read",
      handle: (req) => ok(definitionBody(`/subscriptions/${req.params.subscriptionId!}`, req.params.roleDefinitionId!)),
    },
  ];
}

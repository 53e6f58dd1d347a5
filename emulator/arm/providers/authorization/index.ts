/**
 * Microsoft.Authorization: the caller's own permissions on a resource group
 * (Permissions_ListForResourceGroup), from its role assignment. Preflight uses it to tell
 * "you cannot create resources here" before anything starts.
 */
import { ok, pageOf, requireResourceGroup } from "../../core/resource-helpers";
import { roleDefinitions } from "../../core/rbac";
import type { ArmEnvironment, ResourceProvider } from "../../core/types";
import { ROLE_ASSIGNMENT_API_VERSIONS, roleAssignmentRoutes, type StackAssignment } from "./role-assignments";
import { ROLE_DEFINITION_API_VERSIONS, roleDefinitionRoutes } from "./role-definitions";

const API_VERSIONS = ["2022-04-01", "2018-07-01", "2018-01-01-preview", "2015-07-01"];

/** `knownPrincipals`: object ids of the tenant's principals (role assignments to others fail with PrincipalNotFound). */
export function createAuthorizationProvider(knownPrincipals: (env: ArmEnvironment) => Set<string> = () => new Set(), stackAssignments: readonly StackAssignment[] = []): ResourceProvider {
  return {
    namespace: "Microsoft.Authorization",
    registeredByDefault: true,
    resourceTypes: [
      { resourceType: "permissions", locations: [], apiVersions: API_VERSIONS },
      { resourceType: "roleAssignments", locations: [], apiVersions: ROLE_ASSIGNMENT_API_VERSIONS },
      { resourceType: "roleDefinitions", locations: [], apiVersions: ROLE_DEFINITION_API_VERSIONS },
    ],
    routes: [
      {
        method: "GET",
        path: "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/Microsoft.Authorization/permissions",
        apiVersions: API_VERSIONS,
        // Every principal may read its own permissions (an empty list when it has none).
        action: null,
        handle: (req, env) => {
          requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
          const role = req.caller.role;
          if (!role) return ok({ value: [] });
          const def = roleDefinitions[role];
          return pageOf(env, req, [{ actions: [...def.actions], notActions: [...def.notActions], dataActions: [], notDataActions: [] }]);
        },
      },
      ...roleAssignmentRoutes(knownPrincipals, stackAssignments),
      ...roleDefinitionRoutes(),
    ],
  };
}

/**
 * Microsoft.Authorization/roleAssignments at subscription, resource-group and resource scope:
 * PUT (201, synchronous; the name must be a GUID), GET, DELETE (200 with the removed assignment /
 * 204), list at a scope (`$filter=atScope()` and `principalId eq '…'`) and for the subscription.
 * As Azure: one assignment per principal + role + scope (`RoleAssignmentExists` 409 under another
 * name), an assignment cannot be changed in place (`RoleAssignmentUpdateNotPermitted`), the
 * principal must exist in the tenant (`PrincipalNotFound`), the role must be a known definition
 * (`RoleDefinitionDoesNotExist`). Writing needs `Microsoft.Authorization/roleAssignments/write`,
 * which Owner has and Contributor has not. Assignments made here are recorded, not enforced: the
 * front door's RBAC stays the stack identity's subscription roles (core/assignments.ts).
 * Shapes: azure-rest-api-specs specification/authorization/resource-manager/Microsoft.Authorization/
 * stable/2022-04-01/examples/RoleAssignments_CreateForResourceGroup.json, RoleAssignments_Get.json,
 * RoleAssignments_ListForResourceGroup.json.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute } from "../../core/types";
import { BUILT_IN_ROLES, roleDefinitionGuid } from "./built-in-roles";

export const ROLE_ASSIGNMENT_API_VERSIONS = ["2022-04-01", "2020-10-01-preview", "2020-04-01-preview"];
const TYPE = "Microsoft.Authorization/roleAssignments";
const SEGMENT = "/providers/Microsoft.Authorization/roleAssignments";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES = [
  "/subscriptions/{subscriptionId}",
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}",
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}",
];
const bodySchema = z.object({
  properties: z.object({
    roleDefinitionId: z.string(),
    principalId: z.string(),
    principalType: z.enum(["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"]).optional(),
    description: z.string().nullable().optional(),
    condition: z.string().nullable().optional(),
    conditionVersion: z.string().nullable().optional(),
  }).loose(),
}).loose();

interface AssignmentProps {
  roleDefinitionId: string;
  principalId: string;
  scope: string;
}

/** The scope part of the request path (everything before /providers/Microsoft.Authorization/roleAssignments). */
function scopeOf(req: ArmRequest): string {
  const at = req.path.toLowerCase().lastIndexOf(SEGMENT.toLowerCase());
  return req.path.slice(0, at);
}

/** The scope must exist: the subscription, the group, or the resource. */
function requireScope(env: ArmEnvironment, req: ArmRequest, scope: string): void {
  if (req.params.resourceGroupName) requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName);
  if (req.params.resourceName && !env.store.get(scope)) {
    throw new ArmError(404, "ResourceNotFound", `The Resource '${req.params.resourceProviderNamespace!}/${req.params.resourceType!}/${req.params.resourceName}' under resource group '${req.params.resourceGroupName!}' was not found.`);
  }
}

function isAssignment(body: Record<string, unknown>): boolean {
  return String(body.type).toLowerCase() === TYPE.toLowerCase();
}

function within(id: string, scope: string): boolean {
  const a = id.toLowerCase();
  const s = scope.toLowerCase();
  return a === s || a.startsWith(`${s}/`);
}

/** A subscription role of the stack identity (core/assignments.ts), e.g. the console app's Contributor. */
export interface StackAssignment {
  principalId: string;
  role: string;
}

/**
 * The stack identity's roles as the assignments Azure would list for them (subscription scope,
 * a stable GUID name per principal and role), so a client listing a principal's assignments sees
 * the role the front door enforces. They cannot be deleted here.
 */
function stackAssignmentBodies(subscriptionId: string, stack: readonly StackAssignment[]): Array<Record<string, unknown>> {
  const scope = `/subscriptions/${subscriptionId}`;
  return stack.flatMap(({ principalId, role }) => {
    const roleGuid = Object.entries(BUILT_IN_ROLES).find(([, name]) => name === role)?.[0];
    if (!roleGuid) return [];
    const h = createHash("sha256").update(`${scope}|${principalId}|${roleGuid}`).digest("hex");
    const name = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return [{
      id: `${scope}${SEGMENT}/${name}`,
      name,
      type: TYPE,
      properties: { roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`, principalId, principalType: "ServicePrincipal", scope },
    }];
  });
}

function allAssignments(env: ArmEnvironment, subscriptionId: string, stack: readonly StackAssignment[]): Array<Record<string, unknown>> {
  const stored = env.store.all().map((r) => r.body).filter((b) => isAssignment(b) && within(String((b.properties as AssignmentProps).scope), `/subscriptions/${subscriptionId}`));
  return [...stackAssignmentBodies(subscriptionId, stack), ...stored];
}

/** `atScope()`: at or above the scope; otherwise also below it; `principalId eq '…'` or `assignedTo('…')` narrows. */
function listAt(env: ArmEnvironment, req: ArmRequest, scope: string, stack: readonly StackAssignment[]): ArmResponse {
  requireScope(env, req, scope);
  const filter = req.query.get("$filter") ?? "";
  const atScope = /atScope\(\)/i.test(filter);
  // `assignedTo('{objectId}')` is Azure's filter for a principal's assignments including those it
  // has through groups; the local tenant has no groups, so it narrows exactly as `principalId eq`.
  const principal = (/principalId\s+eq\s+'([^']+)'/i.exec(filter) ?? /assignedTo\('([^']+)'\)/i.exec(filter))?.[1]?.toLowerCase();
  const items = allAssignments(env, req.params.subscriptionId!, stack).filter((b) => {
    const p = b.properties as AssignmentProps;
    if (principal && p.principalId.toLowerCase() !== principal) return false;
    return within(scope, p.scope) || (!atScope && within(p.scope, scope));
  });
  return pageOf(env, req, items.map((b) => snapshot(b)));
}

export function roleAssignmentRoutes(knownPrincipals: (env: ArmEnvironment) => Set<string>, stack: readonly StackAssignment[] = []): ArmRoute[] {
  const versions = ROLE_ASSIGNMENT_API_VERSIONS;
  const routes: ArmRoute[] = [];
  for (const scopePath of SCOPES) {
    routes.push(
      {
        method: "PUT",
        path: `${scopePath}${SEGMENT}/{roleAssignmentName}`,
        apiVersions: versions,
        action: "Microsoft.Authorization/roleAssignments/write",
        requiresRegistration: false,
        handle: (req, env) => {
          const scope = scopeOf(req);
          requireScope(env, req, scope);
          const name = req.params.roleAssignmentName!;
          if (!GUID.test(name)) throw new ArmError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
          const props = parseBody(bodySchema, req.body).properties;
          const roleGuid = roleDefinitionGuid(props.roleDefinitionId);
          if (!roleGuid || !BUILT_IN_ROLES[roleGuid]) {
            throw new ArmError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${props.roleDefinitionId.split("/").pop() ?? ""}' does not exist.`);
          }
          const principalId = props.principalId.toLowerCase();
          if (!knownPrincipals(env).has(principalId)) {
            throw new ArmError(400, "PrincipalNotFound", `Principal ${props.principalId.replace(/-/g, "")} does not exist in the directory ${env.settings.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
          }
          const roleDefinitionId = `/subscriptions/${req.params.subscriptionId!}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
          const id = `${scope}${SEGMENT}/${name}`;
          const existing = env.store.get(id);
          if (existing) {
            const p = existing.body.properties as AssignmentProps;
            if (p.principalId !== principalId || roleDefinitionGuid(p.roleDefinitionId) !== roleGuid) {
              throw new ArmError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
            }
            return { status: 201, body: snapshot(existing.body) };
          }
          const duplicate = allAssignments(env, req.params.subscriptionId!, stack).find((b) => {
            const p = b.properties as AssignmentProps;
            return p.principalId === principalId && roleDefinitionGuid(p.roleDefinitionId) === roleGuid && p.scope.toLowerCase() === scope.toLowerCase();
          });
          if (duplicate) throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
          const at = env.now().toISOString();
          const body = {
            id,
            type: TYPE,
            name,
            properties: {
              roleDefinitionId,
              principalId,
              principalType: props.principalType ?? "User",
              scope,
              condition: props.condition ?? null,
              conditionVersion: props.conditionVersion ?? null,
              createdOn: at,
              updatedOn: at,
              createdBy: req.caller.oid,
              updatedBy: req.caller.oid,
              delegatedManagedIdentityResourceId: null,
              description: props.description ?? null,
            },
          };
          env.store.put(id, body);
          return { status: 201, body: snapshot(body) };
        },
      },
      {
        method: "GET",
        path: `${scopePath}${SEGMENT}/{roleAssignmentName}`,
        apiVersions: versions,
        action: "Microsoft.Authorization/roleAssignments/read",
        handle: (req, env) => {
          const found = env.store.get(`${scopeOf(req)}${SEGMENT}/${req.params.roleAssignmentName!}`);
          if (!found) throw new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${req.params.roleAssignmentName!}' is not found.`);
          return { status: 200, body: snapshot(found.body) };
        },
      },
      {
        method: "DELETE",
        path: `${scopePath}${SEGMENT}/{roleAssignmentName}`,
        apiVersions: versions,
        action: "Microsoft.Authorization/roleAssignments/delete",
        handle: (req, env) => {
          const removed = env.store.delete(`${scopeOf(req)}${SEGMENT}/${req.params.roleAssignmentName!}`);
          return removed[0] ? { status: 200, body: snapshot(removed[0].body) } : { status: 204 };
        },
      },
      {
        method: "GET",
        path: `${scopePath}${SEGMENT}`,
        apiVersions: versions,
        action: "Microsoft.Authorization/roleAssignments/read",
        handle: (req, env) => listAt(env, req, scopeOf(req), stack),
      },
    );
  }
  return routes;
}


/**
 * The console's own Azure identity on AKS (workload identity): a user-assigned managed identity,
 * its federated credential (the cluster's OIDC issuer + the console's ServiceAccount), and its
 * role assignments. A role assignment's principal is the identity's service principal, known only
 * once the identity exists, so the plan names the identity and the handler reads its principalId.
 * Assignment names are deterministic GUIDs (scope + identity + role): a re-run finds its own.
 */
import { createHash } from "node:crypto";
import type { FederatedIdentityCredential, Identity } from "@azure/arm-msi";
import type { RoleAssignment } from "@azure/arm-authorization";
import { z } from "zod";
import { getIfExists, nameSegments } from "./lro";
import { reconcile } from "./reconcile";
import { ensureRegistered } from "./registration";
import type { ResourceHandler } from "./types";

export const userAssignedIdentityHandler: ResourceHandler = {
  types: ["Microsoft.ManagedIdentity/userAssignedIdentities"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.msi.userAssignedIdentities.get(r.resourceGroup, r.name),
      put: () => ctx.clients.msi.userAssignedIdentities.createOrUpdate(r.resourceGroup, r.name, r.armBody as Identity),
      // Ids, not secrets: the manifests need the client id, the role assignments the principal id.
      facts: (i) => ({ principalId: i.principalId ?? "", clientId: i.clientId ?? "", tenantId: i.tenantId ?? "" }),
    }),
};

export const federatedCredentialHandler: ResourceHandler = {
  types: ["Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"],
  apply: (ctx, r) => {
    const [identity = "", name = ""] = nameSegments(r, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.msi.federatedIdentityCredentials.get(r.resourceGroup, identity, name),
      put: () => ctx.clients.msi.federatedIdentityCredentials.createOrUpdate(r.resourceGroup, identity, name, r.armBody as FederatedIdentityCredential),
    });
  },
};

/** What a planned role assignment carries (its armBody). */
export const roleAssignmentBodySchema = z.object({
  /** Built-in role definition GUID. */
  roleDefinitionGuid: z.string().uuid(),
  /** Full ARM id of the scope (resource group or resource). */
  scope: z.string().startsWith("/subscriptions/"),
  /** The user-assigned identity whose service principal gets the role. */
  identity: z.object({ resourceGroup: z.string(), name: z.string() }),
});
export type RoleAssignmentBody = z.infer<typeof roleAssignmentBodySchema>;

/** Deterministic assignment name (a GUID, as ARM requires), like Bicep's guid(scope, principal, role). */
export function roleAssignmentName(scope: string, identityId: string, roleGuid: string): string {
  const h = createHash("sha256").update(`${scope.toLowerCase()}|${identityId.toLowerCase()}|${roleGuid.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function roleIdOf(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function sameRole(a: RoleAssignment, guid: string): boolean {
  return (a.roleDefinitionId ?? "").toLowerCase().endsWith(`/${guid.toLowerCase()}`);
}

export const roleAssignmentHandler: ResourceHandler = {
  types: ["Microsoft.Authorization/roleAssignments"],
  apply: async (ctx, r) => {
    const body = roleAssignmentBodySchema.parse(r.armBody);
    await ensureRegistered(ctx, "Microsoft.Authorization");
    const identity = await ctx.clients.msi.userAssignedIdentities.get(body.identity.resourceGroup, body.identity.name);
    const principalId = identity.principalId ?? "";
    const assignments = ctx.clients.authorization.roleAssignments;
    const base = { key: r.key, type: r.type, name: r.name };
    // An equal assignment under any name (ours from an earlier run, or made by hand) is enough.
    for await (const a of assignments.listForScope(body.scope, { filter: `atScope() and principalId eq '${principalId}'` })) {
      if (sameRole(a, body.roleDefinitionGuid) && (a.scope ?? "").toLowerCase() === body.scope.toLowerCase()) {
        return { ...base, change: "unchanged", resourceId: a.id ?? "", facts: { principalId, scope: body.scope } };
      }
    }
    // Ours for an identity deleted and re-created since (another principal): assignments cannot be changed in place.
    const stale = await getIfExists(() => assignments.get(body.scope, r.name));
    if (stale) {
      ctx.log(`${r.key}: assignment ${r.name} names an old principal; replacing it`);
      await assignments.delete(body.scope, r.name);
    }
    const created = await assignments.create(body.scope, r.name, {
      roleDefinitionId: roleIdOf(ctx.subscriptionId, body.roleDefinitionGuid),
      principalId,
      // Set so a principal created seconds ago is not refused while the directory replicates.
      principalType: "ServicePrincipal",
    });
    return { ...base, change: stale ? "updated" : "created", resourceId: created.id ?? "", facts: { principalId, scope: body.scope } };
  },
};

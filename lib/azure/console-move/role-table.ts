/**
 * The console's own identity on Azure, least privilege: which built-in role on which scope, and
 * why. Pure data, shown in the confirmation before the move and planned as role assignments.
 *
 * Considered and NOT granted:
 * - Owner / User Access Administrator / Role Based Access Control Administrator: the console never
 *   writes role assignments at run time (this move is run once by the identity that already has
 *   that right, e.g. the admin's current console identity).
 * - Monitoring Reader: metrics and alerts of the environment are readable through Contributor on
 *   its group; subscription-wide reads through Reader.
 * - Azure Kubernetes Service Cluster User Role: `listClusterUserCredential/action` is part of
 *   Contributor on the group (the cluster uses local accounts, not Azure RBAC for Kubernetes).
 * - Contributor on the subscription: the moved console manages THIS environment; creating another
 *   environment's resource group from it needs a grant an admin makes on purpose.
 */
export const BUILT_IN_ROLE_IDS = {
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;
export type ConsoleRoleName = keyof typeof BUILT_IN_ROLE_IDS;

export type RoleScopeKind = "resourceGroup" | "subscription";

export interface ConsoleRoleGrant {
  role: ConsoleRoleName;
  roleDefinitionGuid: string;
  scope: RoleScopeKind;
  why: string;
}

export const CONSOLE_ROLE_TABLE: readonly ConsoleRoleGrant[] = [
  {
    role: "Contributor",
    roleDefinitionGuid: BUILT_IN_ROLE_IDS.Contributor,
    scope: "resourceGroup",
    why: "Provision, upgrade, back up and repair the environment's resources (AKS, PostgreSQL, Redis, storage, network, alerts) and fetch the cluster's user kubeconfig; bounded by the environment's resource group, and Contributor cannot grant roles.",
  },
  {
    role: "Reader",
    roleDefinitionGuid: BUILT_IN_ROLE_IDS.Reader,
    scope: "subscription",
    why: "Read-only checks that are subscription-wide in Azure: regions, vCPU quota (usages), VM size availability and resource-provider registration state for preflight and the doctor.",
  },
];

/** The ARM id of a grant's scope for an environment. */
export function scopeId(kind: RoleScopeKind, subscriptionId: string, resourceGroup: string): string {
  return kind === "subscription" ? `/subscriptions/${subscriptionId}` : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

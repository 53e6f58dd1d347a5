/**
 * Built-in Azure role definitions the local Azure knows by id (the ids are the same in every
 * tenant; source: learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 * Role assignments must name one of these.
 */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
  "43d0d8ad-25c7-4714-9337-8ba259a9fe05": "Monitoring Reader",
  "749f88d5-cbae-40b8-bcfc-e573ddc772fa": "Monitoring Contributor",
  "4abbcc35-e782-43d8-92c5-2d3f1bd2253f": "Azure Kubernetes Service Cluster User Role",
  "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8": "Azure Kubernetes Service Cluster Admin Role",
  "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8": "Azure Kubernetes Service Contributor Role",
  "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b": "Azure Kubernetes Service RBAC Cluster Admin",
  "f1a07417-d97a-45cb-824c-7a7467783830": "Managed Identity Operator",
  "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
};

/** The GUID of a role definition id in either spelling (`/subscriptions/{s}/providers/…/roleDefinitions/{g}` or `/providers/…/roleDefinitions/{g}`). */
export function roleDefinitionGuid(roleDefinitionId: string): string | undefined {
  const m = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i.exec(roleDefinitionId);
  return m?.[1]?.toLowerCase();
}

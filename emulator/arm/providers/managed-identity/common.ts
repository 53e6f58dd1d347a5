/** Shared pieces of the Microsoft.ManagedIdentity provider: api versions, types, name rules. */
export const NAMESPACE = "Microsoft.ManagedIdentity";
export const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
export const CREDENTIAL_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";
/** @azure/arm-msi 2.x sends 2024-11-30; 2023-01-31 is the version the Bicep/ARM examples use. */
export const MSI_API_VERSIONS = ["2024-11-30", "2023-07-31-preview", "2023-01-31", "2022-01-31-preview", "2018-11-30"] as const;
/** Azure caps the federated credentials of one identity at 20. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** Identity names: 3–128 characters, letters, digits, '-' and '_', starting with a letter or digit. */
export function identityNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(name)) return undefined;
  return `Resource name '${name}' is invalid. The name can contain only letters, numbers, underscores and hyphens, must start with a letter or number, and be 3 to 128 characters long.`;
}

/** Federated credential names: 3–120 characters, letters, digits, '-' and '_', starting with a letter or digit. */
export function credentialNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/.test(name)) return undefined;
  return `Federated identity credential name '${name}' is invalid. It must start with a letter or number, contain only letters, numbers, hyphens and underscores, and be 3 to 120 characters long.`;
}

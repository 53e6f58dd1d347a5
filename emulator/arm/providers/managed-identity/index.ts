/**
 * Microsoft.ManagedIdentity: user-assigned identities and their federated identity credentials
 * (the console's own identity on AKS through workload identity). Synchronous like Azure's.
 */
import type { ResourceProvider } from "../../core/types";
import { MSI_API_VERSIONS, NAMESPACE } from "./common";
import { federatedCredentialRoutes } from "./federated-credentials";
import { identityRoutes } from "./identities";

export { identityPrincipalIds } from "./identities";

export function createManagedIdentityProvider(locations: string[]): ResourceProvider {
  const apiVersions = [...MSI_API_VERSIONS];
  return {
    namespace: NAMESPACE,
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "userAssignedIdentities", locations, apiVersions },
      { resourceType: "userAssignedIdentities/federatedIdentityCredentials", locations, apiVersions },
    ],
    routes: [...identityRoutes(locations), ...federatedCredentialRoutes],
  };
}

/**
 * Microsoft.Storage: storage accounts (create LRO, update, delete, keys, name availability),
 * blob service properties, blob containers and the lifecycle management policy.
 */
import { forgetKeys } from "./account-keys";
import { DEFAULT_SERVICE_ORIGIN } from "./account-body";
import { STORAGE_API_VERSIONS } from "./api-versions";
import { blobContainerRoutes } from "./blob-containers";
import { blobServiceRoutes } from "./blob-services";
import { managementPolicyRoutes } from "./management-policies";
import { accountCompletions, STORAGE, storageAccountRoutes, type StorageOptions } from "./storage-accounts";
import { reservedNameControl } from "./taken-names";
import type { ResourceProvider } from "../../core/types";

export function createStorageProvider(locations: string[], opts: Partial<StorageOptions> = {}): ResourceProvider {
  const versions = [...STORAGE_API_VERSIONS];
  const options: StorageOptions = { serviceOrigin: opts.serviceOrigin ?? DEFAULT_SERVICE_ORIGIN };
  return {
    namespace: STORAGE,
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "storageAccounts", locations, apiVersions: versions, capabilities: "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation" },
      { resourceType: "storageAccounts/blobServices", locations, apiVersions: versions },
      { resourceType: "storageAccounts/blobServices/containers", locations, apiVersions: versions },
      { resourceType: "storageAccounts/managementPolicies", locations, apiVersions: versions },
      { resourceType: "checkNameAvailability", locations: [], apiVersions: versions },
      { resourceType: "locations/operationResults", locations: [], apiVersions: versions },
    ],
    routes: [...storageAccountRoutes(options), ...blobServiceRoutes, ...blobContainerRoutes, ...managementPolicyRoutes],
    completions: accountCompletions,
    control: reservedNameControl,
    onCascadeDelete(removed, env) {
      forgetKeys(env, removed.map((r) => r.id));
    },
  };
}

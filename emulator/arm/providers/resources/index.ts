/** Microsoft.Resources: subscriptions, locations, providers, resource groups, generic resources, LRO polls. */
import { operationPollRoutes } from "../../core/operation-routes";
import type { ResourceProvider } from "../../core/types";
import { RESOURCES_API_VERSIONS, SUBSCRIPTIONS_API_VERSIONS } from "./api-versions";
import { providerRoutes } from "./provider-registrations";
import { resourceGroupCompletions, resourceGroupRoutes } from "./resource-groups";
import { resourceListRoutes } from "./resources-list";
import { subscriptionRoutes } from "./subscriptions";

export function createResourcesProvider(locations: string[]): ResourceProvider {
  const versions = [...RESOURCES_API_VERSIONS];
  return {
    namespace: "Microsoft.Resources",
    registeredByDefault: true,
    resourceTypes: [
      { resourceType: "resourceGroups", locations, apiVersions: versions, capabilities: "SupportsTags, SupportsLocation" },
      { resourceType: "subscriptions", locations: [], apiVersions: [...SUBSCRIPTIONS_API_VERSIONS] },
      { resourceType: "subscriptions/resourceGroups", locations: [], apiVersions: versions },
      { resourceType: "subscriptions/locations", locations: [], apiVersions: [...SUBSCRIPTIONS_API_VERSIONS] },
      { resourceType: "subscriptions/providers", locations: [], apiVersions: versions },
      { resourceType: "resources", locations: [], apiVersions: versions },
    ],
    routes: [...subscriptionRoutes, ...providerRoutes, ...resourceGroupRoutes, ...resourceListRoutes, ...operationPollRoutes],
    completions: resourceGroupCompletions,
  };
}

/**
 * Microsoft.Network: virtual networks, subnets, network security groups and security rules,
 * private DNS zones and their virtual-network links. See README.md beside this file.
 */
import type { ResourceProvider } from "../../core/types";
import { NETWORK_API_VERSIONS, PRIVATE_DNS_API_VERSIONS } from "./api-versions";
import { NETWORK, networkCompletions } from "./network-state";
import { privateDnsRoutes } from "./private-dns";
import { securityGroupRoutes } from "./security-groups";
import { subnetRoutes } from "./subnets";
import { virtualNetworkRoutes } from "./virtual-networks";

export function createNetworkProvider(locations: string[]): ResourceProvider {
  const versions = [...NETWORK_API_VERSIONS];
  const dns = [...PRIVATE_DNS_API_VERSIONS];
  return {
    namespace: NETWORK,
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "virtualNetworks", locations, apiVersions: versions, capabilities: "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation" },
      { resourceType: "virtualNetworks/subnets", locations: [], apiVersions: versions },
      { resourceType: "networkSecurityGroups", locations, apiVersions: versions, capabilities: "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation" },
      { resourceType: "networkSecurityGroups/securityRules", locations: [], apiVersions: versions },
      { resourceType: "privateDnsZones", locations: ["global"], apiVersions: dns, capabilities: "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation" },
      { resourceType: "privateDnsZones/virtualNetworkLinks", locations: ["global"], apiVersions: dns, capabilities: "SupportsTags, SupportsLocation" },
      { resourceType: "locations/operations", locations: [], apiVersions: versions },
      { resourceType: "locations/operationResults", locations: [], apiVersions: versions },
    ],
    routes: [...virtualNetworkRoutes, ...subnetRoutes, ...securityGroupRoutes, ...privateDnsRoutes],
    completions: networkCompletions,
  };
}

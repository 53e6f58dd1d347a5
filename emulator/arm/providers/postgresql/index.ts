/**
 * Microsoft.DBforPostgreSQL (flexible servers) of the local Azure: servers with their LROs and
 * actions, databases, firewall rules, server parameters and name checks. The data plane behind
 * each server is pluggable (see data-plane.ts); without one, servers get loopback hosts.
 */
import type { ResourceProvider } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { HOSTS_SETTING, NAMESPACE, SERVER_TYPE } from "./common";
import { configurationCompletions, configurationRoutes } from "./configurations";
import { noDataPlane, type PostgresDataPlane } from "./data-plane";
import { databaseCompletions, databaseRoutes } from "./databases";
import { firewallRuleCompletions, firewallRuleRoutes } from "./firewall-rules";
import { releaseLoopbackHost } from "./loopback-host";
import { nameAvailabilityRoutes } from "./name-availability";
import { serverCompletions, serverRoutes } from "./servers";

export type { PostgresDataPlane, PostgresServerInfo } from "./data-plane";

export function createPostgresProvider(locations: string[], dataPlane: PostgresDataPlane = noDataPlane): ResourceProvider {
  const apiVersions = [...POSTGRES_API_VERSIONS];
  return {
    namespace: NAMESPACE,
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "flexibleServers", locations, apiVersions, capabilities: "SupportsTags, SupportsLocation" },
      { resourceType: "flexibleServers/databases", locations, apiVersions },
      { resourceType: "flexibleServers/firewallRules", locations, apiVersions },
      { resourceType: "flexibleServers/configurations", locations, apiVersions },
      { resourceType: "checkNameAvailability", locations: [], apiVersions },
      { resourceType: "locations/checkNameAvailability", locations, apiVersions },
      { resourceType: "locations/azureAsyncOperation", locations, apiVersions },
      { resourceType: "locations/operationResults", locations, apiVersions },
    ],
    routes: [...serverRoutes(dataPlane), ...databaseRoutes(), ...firewallRuleRoutes(), ...configurationRoutes(), ...nameAvailabilityRoutes],
    completions: { ...serverCompletions(dataPlane), ...databaseCompletions(dataPlane), ...firewallRuleCompletions, ...configurationCompletions(dataPlane) },
    onCascadeDelete(removed, env) {
      for (const r of removed) {
        if (String(r.body.type).toLowerCase() !== SERVER_TYPE.toLowerCase()) continue;
        releaseLoopbackHost(env, HOSTS_SETTING, r.id);
        dataPlane.serverDeleted?.(r.id);
      }
    },
  };
}

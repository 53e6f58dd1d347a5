/**
 * Microsoft.DBforPostgreSQL (flexible servers) of the local Azure: servers with their LROs and
 * actions, databases, firewall rules, server parameters and name checks. The data plane behind
 * each server is pluggable (see data-plane.ts); without one, servers get loopback hosts.
 */
import type { ResourceProvider } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { HOSTS_SETTING, NAMESPACE, propsOf, SERVER_TYPE, serverInfo } from "./common";
import { runInBackground } from "./data-plane-wait";
import { configurationCompletions, configurationRoutes } from "./configurations";
import { noDataPlane, type PostgresDataPlane } from "./data-plane";
import { databaseCompletions, databaseRoutes } from "./databases";
import { firewallRuleCompletions, firewallRuleRoutes } from "./firewall-rules";
import { releaseLoopbackHost } from "./loopback-host";
import { nameAvailabilityRoutes } from "./name-availability";
import { serverCompletions, serverRoutes } from "./servers";

export type { DataPlaneResult, PostgresDataPlane, PostgresServerInfo } from "./data-plane";

export function createPostgresProvider(locations: string[], dataPlane: PostgresDataPlane = noDataPlane, log: (line: string) => void = () => {}): ResourceProvider {
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
    completions: { ...serverCompletions(dataPlane), ...databaseCompletions(dataPlane), ...firewallRuleCompletions(dataPlane), ...configurationCompletions(dataPlane) },
    onCascadeDelete(removed, env) {
      for (const r of removed) {
        if (String(r.body.type).toLowerCase() !== SERVER_TYPE.toLowerCase()) continue;
        releaseLoopbackHost(env, HOSTS_SETTING, r.id);
        runInBackground(dataPlane.serverDeleted?.(r.id), log, `data plane: removing ${r.id}`);
      }
    },
    // Bring the engines of Ready servers back up after a restart of the local Azure.
    onStart(env) {
      for (const r of env.store.all()) {
        if (String(r.body.type).toLowerCase() !== SERVER_TYPE.toLowerCase() || propsOf(r).state !== "Ready") continue;
        runInBackground(dataPlane.serverReady?.(serverInfo(r, env)), log, `data plane: restoring ${String(r.body.name)}`);
      }
    },
  };
}

/**
 * How long each kind of operation takes on real Azure (seconds, typical values seen in the
 * portal and docs), scaled by one setting. AKS (a cluster with its node pools) is the slowest,
 * Redis next, networking fast. The demo default (0.1) makes a full setup take about 1.5–2 minutes
 * (AKS ~96 s, Redis ~90 s, PostgreSQL ~42 s, in parallel); tests use 0 (instant).
 */
export const DEFAULT_TIME_SCALE = 0.1;

export const realisticSeconds: Record<string, number> = {
  "Microsoft.Resources/resourceGroups/delete": 60,
  "Microsoft.Resources/providers/register": 40,
  "Microsoft.ContainerService/managedClusters/create": 960,
  "Microsoft.ContainerService/managedClusters/update": 300,
  "Microsoft.ContainerService/managedClusters/upgrade": 600,
  "Microsoft.ContainerService/managedClusters/delete": 300,
  "Microsoft.ContainerService/agentPools/create": 200,
  "Microsoft.ContainerService/agentPools/update": 120,
  "Microsoft.ContainerService/agentPools/upgrade": 400,
  "Microsoft.ContainerService/agentPools/upgradeNodeImage": 300,
  "Microsoft.ContainerService/agentPools/delete": 150,
  "Microsoft.DBforPostgreSQL/flexibleServers/create": 420,
  "Microsoft.DBforPostgreSQL/flexibleServers/update": 240,
  "Microsoft.DBforPostgreSQL/flexibleServers/delete": 120,
  "Microsoft.DBforPostgreSQL/flexibleServers/restart": 60,
  "Microsoft.DBforPostgreSQL/flexibleServers/start": 120,
  "Microsoft.DBforPostgreSQL/flexibleServers/stop": 90,
  "Microsoft.DBforPostgreSQL/flexibleServers/databases/write": 15,
  "Microsoft.DBforPostgreSQL/flexibleServers/databases/delete": 10,
  "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/write": 30,
  "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/delete": 20,
  "Microsoft.DBforPostgreSQL/flexibleServers/configurations/write": 20,
  "Microsoft.Cache/redis/create": 900,
  "Microsoft.Cache/redis/update": 60,
  "Microsoft.Cache/redis/scale": 1200,
  "Microsoft.Cache/redis/delete": 300,
  "Microsoft.Network/create": 5,
  "Microsoft.Network/delete": 10,
  "Microsoft.Network/privateDnsZones/create": 45,
  "Microsoft.Network/privateDnsZones/delete": 30,
  "Microsoft.Storage/storageAccounts/create": 20,
};

/** Fallback for kinds a provider did not list. */
export const DEFAULT_SECONDS = 30;

export function scaledDurationMs(kind: string, timeScale: number): number {
  const seconds = realisticSeconds[kind] ?? DEFAULT_SECONDS;
  return Math.max(0, Math.round(seconds * 1000 * timeScale));
}


/**
 * What ARM knows and the engine does not: server state, high availability, backups and
 * replication of the flexible server (`servers.get`), read once per report.
 */
import type { Server } from "@azure/arm-postgresql-flexible";
import { HA_STATE_VERDICT, SERVER_STATE_VERDICT } from "@/lib/openhands/db-health/rules";
import { worst, type Verdict } from "@/lib/openhands/verdict";
import type { ServerSnapshot } from "./types";

export interface PostgresServersClient {
  servers: { get(resourceGroup: string, serverName: string): Promise<Server> };
}

export async function readServerSnapshot(client: PostgresServersClient, resourceGroup: string, serverName: string): Promise<ServerSnapshot> {
  return serverSnapshot(await client.servers.get(resourceGroup, serverName), serverName);
}

export function serverSnapshot(s: Server, fallbackName: string): ServerSnapshot {
  const earliest = s.backup?.earliestRestoreDate;
  return {
    name: s.name ?? fallbackName,
    state: s.state ?? null,
    version: s.version ?? null,
    sku: s.sku?.name ?? null,
    tier: s.sku?.tier ?? null,
    storageSizeGB: s.storage?.storageSizeGB ?? null,
    storageAutoGrow: s.storage?.autoGrow ?? null,
    availabilityZone: s.availabilityZone ?? null,
    highAvailability: { mode: s.highAvailability?.mode ?? "Disabled", state: s.highAvailability?.state ?? null, standbyZone: s.highAvailability?.standbyAvailabilityZone ?? null },
    backup: {
      retentionDays: s.backup?.backupRetentionDays ?? null,
      geoRedundant: s.backup?.geoRedundantBackup ?? null,
      earliestRestoreDate: earliest instanceof Date ? earliest.toISOString() : (earliest ?? null),
    },
    replication: { role: s.replicationRole ?? null, capacity: s.replicaCapacity ?? null },
  };
}

export function serverVerdict(s: ServerSnapshot): Verdict {
  const state = s.state ? (SERVER_STATE_VERDICT[s.state] ?? "unknown") : "unknown";
  const ha = s.highAvailability.mode === "Disabled" ? "ok" : s.highAvailability.state ? (HA_STATE_VERDICT[s.highAvailability.state] ?? "unknown") : "unknown";
  return worst([state, ha]);
}

export function serverSummary(s: ServerSnapshot): string {
  const ha = s.highAvailability.mode === "Disabled" ? "no high availability" : `HA ${s.highAvailability.mode} ${s.highAvailability.state ?? "state unknown"}`;
  const backup = `backups kept ${s.backup.retentionDays ?? "?"} days${s.backup.geoRedundant === "Enabled" ? ", geo-redundant" : ""}`;
  return `${s.state ?? "state unknown"}, ${ha}, ${backup}, ${s.replication.role ?? "role unknown"}.`;
}

/**
 * Test helper: PUT one planned resource with the real SDK call its type uses (the calls an
 * executor step would make), waiting for long-running operations. Test-only; the executor owns
 * the production steps.
 */
import type { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import type { ArmClients } from "@/lib/azure/clients";
import type { PlannedResource, PlannedResourceOf } from "../plan-types";

export async function putPlannedResource(c: ArmClients, dns: PrivateDnsManagementClient, r: PlannedResource, body: unknown = r.armBody): Promise<void> {
  const rg = r.resourceGroup;
  const p0 = r.parentNames[0] ?? "";
  const as = <T extends PlannedResource["type"]>(_t: T) => body as PlannedResourceOf<T>["armBody"];
  switch (r.type) {
    case "Microsoft.Resources/resourceGroups": return void (await c.resources.resourceGroups.createOrUpdate(r.name, as(r.type)));
    case "Microsoft.Network/networkSecurityGroups": return void (await c.network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Network/virtualNetworks": return void (await c.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Network/privateDnsZones": return void (await dns.privateZones.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Network/privateDnsZones/virtualNetworkLinks": return void (await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(rg, p0, r.name, as(r.type)));
    case "Microsoft.ContainerService/managedClusters": return void (await c.containerService.managedClusters.createOrUpdate(rg, r.name, as(r.type)));
    case "Microsoft.DBforPostgreSQL/flexibleServers": return void (await c.postgres.servers.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.DBforPostgreSQL/flexibleServers/databases": return void (await c.postgres.databases.beginCreateAndWait(rg, p0, r.name, as(r.type)));
    case "Microsoft.DBforPostgreSQL/flexibleServers/configurations": return void (await c.postgres.configurations.beginPutAndWait(rg, p0, r.name, as(r.type)));
    case "Microsoft.Cache/redis": return void (await c.redis.redis.beginCreateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Storage/storageAccounts": return void (await c.storage.storageAccounts.create(rg, r.name, as(r.type)));
    case "Microsoft.Storage/storageAccounts/blobServices/containers": return void (await c.storage.blobContainers.create(rg, p0, r.name, as(r.type)));
    case "Microsoft.Storage/storageAccounts/managementPolicies": return void (await c.storage.managementPolicies.createOrUpdate(rg, p0, "default", as(r.type)));
    case "Microsoft.Insights/actionGroups": return void (await c.monitor.actionGroups.createOrUpdate(rg, r.name, as(r.type)));
    case "Microsoft.Insights/metricAlerts": return void (await c.monitor.metricAlerts.createOrUpdate(rg, r.name, as(r.type)));
  }
}

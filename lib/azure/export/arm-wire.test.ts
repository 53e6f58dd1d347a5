/**
 * The wire shapes `armWireBody` computes must be exactly what the real SDK clients send for the
 * same planned bodies (captured in process through the clients' transport hook; nothing leaves).
 */
import { describe, expect, it } from "vitest";
import type { HttpClient, PipelineRequest } from "@azure/core-rest-pipeline";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { ARM_SCOPE, armClients } from "@/lib/azure/clients";
import { buildPlan } from "@/lib/azure/provisioning/plan";
import type { PlannedResource, PlannedResourceOf } from "@/lib/azure/provisioning/plan-types";
import { makeSetupInput } from "@/lib/azure/provisioning/testing/setup-fixtures";
import { armWireBody } from "./arm-wire";

const ENDPOINT = "https://arm.invalid";
const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Records every PUT body and answers 200 Succeeded, so pollers finish at once. */
function recorder() {
  const puts = new Map<string, unknown>();
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const path = new URL(request.url).pathname;
      if (request.method === "PUT") puts.set(path.toLowerCase(), JSON.parse(String(request.body)));
      const body = JSON.stringify({ id: path, name: path.split("/").pop(), properties: { provisioningState: "Succeeded" } });
      return { request, status: 200, headers: createHttpHeaders({ "content-type": "application/json" }), bodyAsText: body };
    },
  };
  return { puts, httpClient };
}

async function sendWithSdk(r: PlannedResource, subscriptionId: string, httpClient: HttpClient): Promise<void> {
  const c = armClients({ subscriptionId, credential, endpoint: ENDPOINT, httpClient });
  const rg = r.resourceGroup;
  const [p0 = "", p1 = ""] = r.parentNames;
  const as = <T extends PlannedResource["type"]>(_t: T) => r.armBody as PlannedResourceOf<T>["armBody"];
  switch (r.type) {
    case "Microsoft.Resources/resourceGroups": return void (await c.resources.resourceGroups.createOrUpdate(r.name, as(r.type)));
    case "Microsoft.Network/networkSecurityGroups": return void (await c.network.networkSecurityGroups.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Network/virtualNetworks": return void (await c.network.virtualNetworks.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
    case "Microsoft.Network/privateDnsZones":
    case "Microsoft.Network/privateDnsZones/virtualNetworkLinks": {
      const dns = new PrivateDnsManagementClient(credential, subscriptionId, { endpoint: ENDPOINT, credentialScopes: [ARM_SCOPE], httpClient });
      if (r.type === "Microsoft.Network/privateDnsZones") return void (await dns.privateZones.beginCreateOrUpdateAndWait(rg, r.name, as(r.type)));
      return void (await dns.virtualNetworkLinks.beginCreateOrUpdateAndWait(rg, p0, r.name, as("Microsoft.Network/privateDnsZones/virtualNetworkLinks")));
    }
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
  void p1;
}

describe("armWireBody", () => {
  for (const redis of ["Premium", "Standard"] as const) {
    it(`equals the SDKs' wire bodies for every resource of the plan (Redis ${redis})`, async () => {
      const plan = buildPlan(makeSetupInput({ sizing: { redis: { sku: redis, capacity: 1 } }, environment: { alertEmail: "ops@example.com" } }));
      const { puts, httpClient } = recorder();
      for (const r of plan.resources) {
        await sendWithSdk(r, plan.environment.subscriptionId, httpClient);
        const sent = puts.get(r.id.toLowerCase());
        expect(sent, `${r.key}: the SDK sent no PUT to ${r.id}`).toBeDefined();
        expect(armWireBody(r), r.key).toEqual(sent);
      }
    });
  }
});

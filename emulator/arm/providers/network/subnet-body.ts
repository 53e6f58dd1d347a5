/**
 * The wire shape of a subnet: request schema (shared by the subnet PUT and the inline
 * `subnets` of a VNet PUT) and the body Azure answers, with delegations, service endpoints
 * and the NSG reference checked the way Azure checks them.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import type { ArmEnvironment } from "../../core/types";
import { networkEtag, TYPES } from "./network-state";

const reference = z.object({ id: z.string().min(1) }).loose();

export const subnetPropertiesSchema = z
  .object({
    addressPrefix: z.string().optional(),
    addressPrefixes: z.array(z.string()).optional(),
    networkSecurityGroup: reference.nullable().optional(),
    routeTable: reference.nullable().optional(),
    natGateway: reference.nullable().optional(),
    serviceEndpoints: z.array(z.object({ service: z.string().min(1), locations: z.array(z.string()).optional() }).loose()).optional(),
    delegations: z.array(z.object({ name: z.string().min(1), properties: z.object({ serviceName: z.string().min(1) }).loose() }).loose()).optional(),
    privateEndpointNetworkPolicies: z.enum(["Enabled", "Disabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"]).optional(),
    privateLinkServiceNetworkPolicies: z.enum(["Enabled", "Disabled"]).optional(),
    defaultOutboundAccess: z.boolean().optional(),
  })
  .loose();
export type SubnetProperties = z.infer<typeof subnetPropertiesSchema>;

/** Services a subnet can be delegated to, with the actions Azure lists for each. */
const DELEGATION_ACTIONS: Record<string, string[]> = {
  "microsoft.dbforpostgresql/flexibleservers": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
  "microsoft.dbformysql/flexibleservers": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
  "microsoft.web/serverfarms": ["Microsoft.Network/virtualNetworks/subnets/action"],
  "microsoft.containerinstance/containergroups": ["Microsoft.Network/virtualNetworks/subnets/action"],
  "microsoft.app/environments": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
  "microsoft.containerservice/managedclusters": ["Microsoft.Network/virtualNetworks/subnets/join/action"],
  "microsoft.sql/managedinstances": [
    "Microsoft.Network/virtualNetworks/subnets/join/action",
    "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
    "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
  ],
  "microsoft.netapp/volumes": ["Microsoft.Network/networkinterfaces/*", "Microsoft.Network/virtualNetworks/subnets/join/action"],
};

const SERVICE_ENDPOINTS = new Set(
  ["Microsoft.Storage", "Microsoft.Storage.Global", "Microsoft.Sql", "Microsoft.KeyVault", "Microsoft.AzureCosmosDB", "Microsoft.ServiceBus", "Microsoft.EventHub", "Microsoft.Web", "Microsoft.ContainerRegistry", "Microsoft.CognitiveServices", "Microsoft.AzureActiveDirectory"].map((s) => s.toLowerCase()),
);

export function subnetPrefixes(p: SubnetProperties): string[] {
  if (p.addressPrefixes && p.addressPrefixes.length > 0) return p.addressPrefixes;
  return p.addressPrefix ? [p.addressPrefix] : [];
}

/** The NSG a subnet names must exist in the subnet's region (Azure: InvalidResourceReference). */
function checkNsgReference(env: ArmEnvironment, subnetId: string, location: string, nsgRef: string): void {
  const nsg = env.store.get(nsgRef);
  const isNsg = nsg && String(nsg.body.type).toLowerCase() === TYPES.nsg.toLowerCase();
  if (!nsg || !isNsg || nsg.body.location !== location) {
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${nsgRef} referenced by resource ${subnetId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  }
}

export interface SubnetContext {
  env: ArmEnvironment;
  subnetId: string;
  name: string;
  /** Region of the VNet (service endpoint locations and the NSG must match it). */
  location: string;
}

/** Build the stored/wire body of a subnet in "Updating" state; validates references. */
export function subnetBody(ctx: SubnetContext, p: SubnetProperties): Record<string, unknown> {
  const { env, subnetId, name, location } = ctx;
  const etag = networkEtag();
  const properties: Record<string, unknown> = { provisioningState: "Updating" };
  if (p.addressPrefixes && p.addressPrefixes.length > 0) properties.addressPrefixes = p.addressPrefixes;
  else if (p.addressPrefix) properties.addressPrefix = p.addressPrefix;
  if (p.networkSecurityGroup) {
    checkNsgReference(env, subnetId, location, p.networkSecurityGroup.id);
    properties.networkSecurityGroup = { id: env.store.get(p.networkSecurityGroup.id)!.id };
  }
  if (p.routeTable) properties.routeTable = { id: p.routeTable.id };
  if (p.natGateway) properties.natGateway = { id: p.natGateway.id };
  if (p.serviceEndpoints && p.serviceEndpoints.length > 0) {
    const paired = env.settings.locations.find((l) => l.name === location)?.pairedRegion;
    properties.serviceEndpoints = p.serviceEndpoints.map((se) => {
      if (!SERVICE_ENDPOINTS.has(se.service.toLowerCase())) {
        throw new ArmError(400, "InvalidServiceNameOnServiceEndpoint", `Subnet ${subnetId} has an invalid service endpoint: service name ${se.service} is not valid.`);
      }
      const defaults = se.service.toLowerCase() === "microsoft.storage" && paired ? [location, paired] : [location];
      return { provisioningState: "Succeeded", service: se.service, locations: se.locations ?? defaults };
    });
  }
  properties.delegations = (p.delegations ?? []).map((d) => {
    const actions = DELEGATION_ACTIONS[d.properties.serviceName.toLowerCase()];
    if (!actions) {
      throw new ArmError(400, "InvalidServiceNameOnDelegation", `Subnet ${subnetId} has an invalid delegation: service name ${d.properties.serviceName} is not valid.`);
    }
    return {
      name: d.name,
      id: `${subnetId}/delegations/${d.name}`,
      etag,
      type: "Microsoft.Network/virtualNetworks/subnets/delegations",
      properties: { provisioningState: "Succeeded", serviceName: d.properties.serviceName, actions },
    };
  });
  properties.privateEndpointNetworkPolicies = p.privateEndpointNetworkPolicies ?? "Disabled";
  properties.privateLinkServiceNetworkPolicies = p.privateLinkServiceNetworkPolicies ?? "Enabled";
  if (p.defaultOutboundAccess !== undefined) properties.defaultOutboundAccess = p.defaultOutboundAccess;
  return { name, id: subnetId, etag, type: TYPES.subnet, properties };
}

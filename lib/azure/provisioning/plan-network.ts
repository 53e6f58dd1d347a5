/**
 * Network part of the plan: resource group, the two NSGs, the VNet with its complete subnet set
 * (a VNet PUT deletes subnets it leaves out, so the body always carries all of them) and the
 * private DNS zone + VNet link PostgreSQL needs in a delegated subnet.
 * NSG rules (DESIGN.md §2): only app→db 5432 and app→redis 6379 into the data subnets.
 */
import type { SecurityRule } from "@azure/arm-network";
import { API_VERSIONS, postgresDnsZoneName, RESOURCE_KEYS as K, resourceId, type PlanContext } from "./plan-context";
import type { PlannedResourceOf } from "./plan-types";

function rule(name: string, priority: number, r: Omit<SecurityRule, "name" | "priority" | "direction"> & { direction?: "Inbound" | "Outbound" }): SecurityRule {
  return { name, priority, direction: "Inbound", sourcePortRange: "*", ...r };
}

export function networkResources(ctx: PlanContext): [
  PlannedResourceOf<"Microsoft.Resources/resourceGroups">,
  PlannedResourceOf<"Microsoft.Network/networkSecurityGroups">,
  PlannedResourceOf<"Microsoft.Network/networkSecurityGroups">,
  PlannedResourceOf<"Microsoft.Network/virtualNetworks">,
  PlannedResourceOf<"Microsoft.Network/privateDnsZones">,
  PlannedResourceOf<"Microsoft.Network/privateDnsZones/virtualNetworkLinks">,
] {
  const { names, region, resourceGroup, tags } = ctx;
  const space = ctx.input.environment.addressSpace;
  const base = { parentNames: [], resourceGroup, monthlyCost: 0 };

  const dataRules: SecurityRule[] = [
    rule("allow-app-to-postgres", 100, { access: "Allow", protocol: "Tcp", sourceAddressPrefix: space.appSubnet, destinationAddressPrefix: space.dbSubnet, destinationPortRange: "5432" }),
    rule("allow-app-to-redis", 110, { access: "Allow", protocol: "Tcp", sourceAddressPrefix: space.appSubnet, destinationAddressPrefix: space.redisSubnet, destinationPortRange: "6379" }),
    // Premium caches replicate between their own instances inside the subnet.
    rule("allow-redis-intra-subnet", 120, { access: "Allow", protocol: "*", sourceAddressPrefix: space.redisSubnet, destinationAddressPrefix: space.redisSubnet, destinationPortRange: "*" }),
    rule("allow-azure-load-balancer", 130, { access: "Allow", protocol: "*", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: "*", destinationPortRange: "*" }),
    rule("deny-other-vnet-inbound", 4000, { access: "Deny", protocol: "*", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "*", destinationPortRange: "*" }),
  ];
  const appRules: SecurityRule[] = [
    rule("allow-https-inbound", 100, { access: "Allow", protocol: "Tcp", sourceAddressPrefix: "Internet", destinationAddressPrefix: space.appSubnet, destinationPortRange: "443" }),
    // Plain HTTP only so cert-manager's HTTP-01 challenge and the redirect to HTTPS work.
    rule("allow-http-inbound", 110, { access: "Allow", protocol: "Tcp", sourceAddressPrefix: "Internet", destinationAddressPrefix: space.appSubnet, destinationPortRange: "80" }),
  ];

  const appNsgId = resourceId(ctx, "Microsoft.Network/networkSecurityGroups", names.appNsg);
  const dbNsgId = resourceId(ctx, "Microsoft.Network/networkSecurityGroups", names.dbNsg);
  const vnetId = resourceId(ctx, "Microsoft.Network/virtualNetworks", names.virtualNetwork);
  const zoneName = postgresDnsZoneName(ctx);
  const zoneId = resourceId(ctx, "Microsoft.Network/privateDnsZones", zoneName);

  const subnets = [
    { name: names.appSubnet, addressPrefix: space.appSubnet, networkSecurityGroup: { id: appNsgId } },
    {
      name: names.dbSubnet,
      addressPrefix: space.dbSubnet,
      networkSecurityGroup: { id: dbNsgId },
      delegations: [{ name: "postgres-flexible", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
    },
    ...(ctx.redisInVnet ? [{ name: names.redisSubnet, addressPrefix: space.redisSubnet, networkSecurityGroup: { id: dbNsgId } }] : []),
  ];

  return [
    {
      ...base,
      key: K.resourceGroup,
      type: "Microsoft.Resources/resourceGroups",
      name: resourceGroup,
      id: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${resourceGroup}`,
      apiVersion: API_VERSIONS["Microsoft.Resources/resourceGroups"],
      location: region,
      dependsOn: [],
      armBody: { location: region, tags },
    },
    {
      ...base,
      key: K.appNsg,
      type: "Microsoft.Network/networkSecurityGroups",
      name: names.appNsg,
      id: appNsgId,
      apiVersion: API_VERSIONS["Microsoft.Network/networkSecurityGroups"],
      location: region,
      dependsOn: [K.resourceGroup],
      armBody: { location: region, tags, securityRules: appRules },
    },
    {
      ...base,
      key: K.dbNsg,
      type: "Microsoft.Network/networkSecurityGroups",
      name: names.dbNsg,
      id: dbNsgId,
      apiVersion: API_VERSIONS["Microsoft.Network/networkSecurityGroups"],
      location: region,
      dependsOn: [K.resourceGroup],
      armBody: { location: region, tags, securityRules: dataRules },
    },
    {
      ...base,
      key: K.vnet,
      type: "Microsoft.Network/virtualNetworks",
      name: names.virtualNetwork,
      id: vnetId,
      apiVersion: API_VERSIONS["Microsoft.Network/virtualNetworks"],
      location: region,
      sku: `${space.vnet}, ${subnets.length} subnets`,
      dependsOn: [K.appNsg, K.dbNsg],
      armBody: { location: region, tags, addressSpace: { addressPrefixes: [space.vnet] }, subnets },
    },
    {
      ...base,
      key: K.dnsZone,
      type: "Microsoft.Network/privateDnsZones",
      name: zoneName,
      id: zoneId,
      apiVersion: API_VERSIONS["Microsoft.Network/privateDnsZones"],
      location: "global",
      dependsOn: [K.resourceGroup],
      armBody: { location: "global", tags },
    },
    {
      ...base,
      key: K.dnsLink,
      type: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
      name: `${names.virtualNetwork}-link`,
      parentNames: [zoneName],
      id: `${zoneId}/virtualNetworkLinks/${names.virtualNetwork}-link`,
      apiVersion: API_VERSIONS["Microsoft.Network/privateDnsZones/virtualNetworkLinks"],
      location: "global",
      dependsOn: [K.dnsZone, K.vnet],
      armBody: { location: "global", tags, virtualNetwork: { id: vnetId }, registrationEnabled: false },
    },
  ];
}


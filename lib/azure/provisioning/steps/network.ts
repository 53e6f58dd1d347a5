/**
 * Virtual network (with ALL its subnets in one PUT: a VNet PUT deletes the subnets it omits, so
 * the plan's body carries the db subnet's PostgreSQL delegation and the NSG associations) and
 * network security groups (with all their rules: app→db 5432, app→redis 6379).
 */
import type { NetworkSecurityGroup, VirtualNetwork } from "@azure/arm-network";
import { autorestLro } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const virtualNetworkHandler: ResourceHandler = {
  types: ["Microsoft.Network/virtualNetworks"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.network.virtualNetworks.get(r.resourceGroup, r.name),
      put: () => autorestLro(ctx, r.key, (o) => ctx.clients.network.virtualNetworks.beginCreateOrUpdate(r.resourceGroup, r.name, r.armBody as VirtualNetwork, o)),
      facts: (v) => Object.fromEntries((v.subnets ?? []).map((s) => [`subnet:${s.name ?? ""}`, s.id ?? ""])),
    }),
};

export const networkSecurityGroupHandler: ResourceHandler = {
  types: ["Microsoft.Network/networkSecurityGroups"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.network.networkSecurityGroups.get(r.resourceGroup, r.name),
      put: () =>
        autorestLro(ctx, r.key, (o) => ctx.clients.network.networkSecurityGroups.beginCreateOrUpdate(r.resourceGroup, r.name, r.armBody as NetworkSecurityGroup, o)),
    }),
};

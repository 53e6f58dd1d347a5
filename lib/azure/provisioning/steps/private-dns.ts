/**
 * Private DNS zone for the PostgreSQL server's private access, and its link to the VNet (a
 * flexible server in a delegated subnet needs both). Zone and link live in location "global".
 */
import type { PrivateZone, VirtualNetworkLink } from "@azure/arm-privatedns";
import { autorestLro, nameSegments } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const privateDnsZoneHandler: ResourceHandler = {
  types: ["Microsoft.Network/privateDnsZones"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.privateDns.privateZones.get(r.resourceGroup, r.name),
      put: () => autorestLro(ctx, r.key, (o) => ctx.clients.privateDns.privateZones.beginCreateOrUpdate(r.resourceGroup, r.name, r.armBody as PrivateZone, o)),
    }),
};

export const privateDnsLinkHandler: ResourceHandler = {
  types: ["Microsoft.Network/privateDnsZones/virtualNetworkLinks"],
  apply: (ctx, r) => {
    const [zone = "", link = ""] = nameSegments(r, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.privateDns.virtualNetworkLinks.get(r.resourceGroup, zone, link),
      put: () =>
        autorestLro(ctx, r.key, (o) => ctx.clients.privateDns.virtualNetworkLinks.beginCreateOrUpdate(r.resourceGroup, zone, link, r.armBody as VirtualNetworkLink, o)),
    });
  },
};

/** Resource group: a synchronous PUT (no LRO), registered provider by default. */
import type { ResourceGroup } from "@azure/arm-resources";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const resourceGroupHandler: ResourceHandler = {
  types: ["Microsoft.Resources/resourceGroups"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      noRegistration: true,
      get: () => ctx.clients.resources.resourceGroups.get(r.name),
      put: () => ctx.clients.resources.resourceGroups.createOrUpdate(r.name, r.armBody as ResourceGroup),
    }),
};

/**
 * Azure Monitor: the action group admins are notified through and the recommended metric alert
 * rules (synchronous PUTs). Microsoft.Insights is registered first, like every namespace.
 */
import type { ActionGroupResource, MetricAlertResource } from "@azure/arm-monitor";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

export const actionGroupHandler: ResourceHandler = {
  types: ["Microsoft.Insights/actionGroups"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.monitor.actionGroups.get(r.resourceGroup, r.name),
      put: () => ctx.clients.monitor.actionGroups.createOrUpdate(r.resourceGroup, r.name, r.armBody as ActionGroupResource),
    }),
};

export const metricAlertHandler: ResourceHandler = {
  types: ["Microsoft.Insights/metricAlerts"],
  apply: (ctx, r) =>
    reconcile(ctx, r, {
      get: () => ctx.clients.monitor.metricAlerts.get(r.resourceGroup, r.name),
      put: () => ctx.clients.monitor.metricAlerts.createOrUpdate(r.resourceGroup, r.name, r.armBody as MetricAlertResource),
    }),
};

/**
 * Microsoft.Insights: Azure Monitor platform metrics and metric definitions of the resources in
 * the local Azure (computed by a deterministic model, overridable per minute by MetricSources),
 * metric alert rules and action groups. See README.md in this folder for the model.
 */
import type { ResourceProvider } from "../../core/types";
import { actionGroupRoutes } from "./action-groups";
import { ACTIVITY_LOG_API_VERSIONS, activityLogRoutes } from "./activity-log-routes";
import { ACTION_GROUPS_API_VERSIONS, METRIC_ALERTS_API_VERSIONS, METRICS_API_VERSIONS } from "./api-versions";
import { metricAlertRoutes } from "./metric-alerts";
import { MetricSources, type MetricSource } from "./metric-source";
import { metricsRoutes } from "./metrics-routes";

export function createInsightsProvider(locations: string[], metricSources: readonly MetricSource[] = []): ResourceProvider {
  const sources = new MetricSources(metricSources);
  return {
    namespace: "Microsoft.Insights",
    // Like a new Azure subscription: register before creating alert rules or action groups.
    // Metric reads need no registration.
    registeredByDefault: false,
    resourceTypes: [
      { resourceType: "metricAlerts", locations: ["global"], apiVersions: [...METRIC_ALERTS_API_VERSIONS], capabilities: "SupportsTags" },
      { resourceType: "actionGroups", locations: ["global"], apiVersions: [...ACTION_GROUPS_API_VERSIONS], capabilities: "SupportsTags" },
      { resourceType: "metrics", locations, apiVersions: [...METRICS_API_VERSIONS] },
      { resourceType: "metricDefinitions", locations, apiVersions: [...METRICS_API_VERSIONS] },
      { resourceType: "eventtypes", locations: [], apiVersions: [...ACTIVITY_LOG_API_VERSIONS] },
    ],
    routes: [...metricsRoutes(sources), ...metricAlertRoutes(sources), ...actionGroupRoutes, ...activityLogRoutes],
  };
}

export { MetricSources, RecordedMetricSource, type MetricSource, type SeriesRef } from "./metric-source";
export { evaluateMetricAlert, type AlertVerdict, type AlertRule } from "./alert-evaluation";
export { queryMetrics, type MetricsQuery, type MetricsAnswer } from "./metrics-query";
export { catalogFor, METRIC_CATALOGS } from "./catalog";

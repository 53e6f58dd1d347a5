/**
 * api-versions the local Microsoft.Insights accepts per resource type. @azure/arm-monitor 7.0.0
 * (pinned on Node 20) sends metrics/metricDefinitions 2018-01-01, metricAlerts 2018-03-01 and
 * actionGroups 2021-09-01; the newer TypeSpec SDK and the spec examples use 2024-02-01 / 2022-06-01.
 */
export const METRICS_API_VERSIONS = ["2024-02-01", "2023-10-01", "2021-05-01", "2019-07-01", "2018-01-01"] as const;
export const METRIC_ALERTS_API_VERSIONS = ["2024-03-01-preview", "2018-03-01"] as const;
export const ACTION_GROUPS_API_VERSIONS = ["2024-10-01-preview", "2023-01-01", "2022-06-01", "2022-04-01", "2021-09-01", "2019-06-01", "2019-03-01"] as const;
export const METRIC_NAMESPACES_API_VERSIONS = ["2024-02-01", "2023-10-01", "2017-12-01-preview"] as const;

/**
 * `GET /{resourceUri}/providers/Microsoft.Insights/metrics`, `…/metricDefinitions` and `…/metricNamespaces` for resources
 * in the ARM store. Validation failures answer 400 with Azure Monitor's flat body
 * `{"code":"BadRequest","message":…}` (the metrics service does not wrap it in `error`), which the
 * SDKs read into RestError.code like any ARM error; a missing resource is ARM's 404.
 */
import type { ArmRequest, ArmResponse, ArmRoute } from "../../core/types";
import { ok } from "../../core/resource-helpers";
import { METRIC_NAMESPACES_API_VERSIONS, METRICS_API_VERSIONS } from "./api-versions";
import { catalogFor } from "./catalog";
import type { MetricResource, MetricSpec } from "./catalog/types";
import { findMetricResource, type ResourcePath } from "./metric-resource";
import type { MetricSources } from "./metric-source";
import { queryMetrics } from "./metrics-query";
import { MetricsQueryError } from "./timegrain";

const TOP = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{namespace}/{resourceType}/{resourceName}";
const CHILD = `${TOP}/{childType}/{childName}`;

function resourcePath(req: ArmRequest): ResourcePath {
  const p = req.params;
  return {
    subscriptionId: p.subscriptionId!,
    resourceGroupName: p.resourceGroupName!,
    namespace: p.namespace!,
    type: p.resourceType!,
    name: p.resourceName!,
    ...(p.childType !== undefined && p.childName !== undefined ? { childType: p.childType, childName: p.childName } : {}),
  };
}

function badRequest(err: unknown): ArmResponse {
  if (err instanceof MetricsQueryError) return { status: 400, body: { code: "BadRequest", message: err.message } };
  throw err;
}

/** Query parameters are case-insensitive on Azure (`AutoAdjustTimegrain`, `autoadjusttimegrain`). */
function param(req: ArmRequest, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [k, v] of req.query) if (k.toLowerCase() === lower) return v;
  return null;
}

function flag(req: ArmRequest, name: string, fallback: boolean): boolean {
  const v = param(req, name);
  return v === null ? fallback : v.toLowerCase() === "true";
}

export function metricDefinition(resource: MetricResource, spec: MetricSpec): Record<string, unknown> {
  const def: Record<string, unknown> = {
    id: `${resource.id}/providers/microsoft.insights/metricdefinitions/${spec.name}`,
    resourceId: resource.id,
    namespace: resource.type.toLowerCase(),
    metricClass: spec.metricClass,
    name: { value: spec.name, localizedValue: spec.displayName },
    displayDescription: spec.description,
    isDimensionRequired: false,
    unit: spec.unit,
    primaryAggregationType: spec.primaryAggregation,
    supportedAggregationTypes: [...spec.supportedAggregations],
    metricAvailabilities: spec.grains.map((timeGrain) => ({ timeGrain, retention: "P93D" })),
  };
  if (spec.dimensions.length > 0) def.dimensions = spec.dimensions.map((d) => ({ value: d, localizedValue: d }));
  return def;
}

export function metricsRoutes(sources: MetricSources): ArmRoute[] {
  const metrics = (path: string): ArmRoute => ({
    method: "GET",
    path: `${path}/providers/Microsoft.Insights/metrics`,
    apiVersions: METRICS_API_VERSIONS,
    action: "Microsoft.Insights/metrics/read",
    handle: (req, env) => {
      const resource = findMetricResource(env, resourcePath(req));
      try {
        const answer = queryMetrics(
          { resource, catalog: catalogFor(resource.type), sources, nowMs: env.now().getTime() },
          {
            metricnames: param(req, "metricnames"),
            aggregation: param(req, "aggregation"),
            timespan: param(req, "timespan"),
            interval: param(req, "interval"),
            filter: param(req, "$filter"),
            top: param(req, "top"),
            orderby: param(req, "orderby"),
            resultType: param(req, "resultType"),
            rollupby: param(req, "rollupby"),
            metricnamespace: param(req, "metricnamespace"),
            autoAdjustTimegrain: flag(req, "AutoAdjustTimegrain", false),
            validateDimensions: flag(req, "ValidateDimensions", true),
          },
        );
        return ok(answer);
      } catch (err) {
        return badRequest(err);
      }
    },
  });
  const definitions = (path: string): ArmRoute => ({
    method: "GET",
    path: `${path}/providers/Microsoft.Insights/metricDefinitions`,
    apiVersions: METRICS_API_VERSIONS,
    action: "Microsoft.Insights/metricDefinitions/read",
    handle: (req, env) => {
      const resource = findMetricResource(env, resourcePath(req));
      const ns = param(req, "metricnamespace");
      const catalog = catalogFor(resource.type);
      // Platform metrics live in the resource type's own namespace; any other namespace has none here.
      if (!catalog || (ns && ns.toLowerCase() !== resource.type.toLowerCase())) return ok({ value: [] });
      return ok({ value: catalog.metrics.map((m) => metricDefinition(resource, m)) });
    },
  });
  const namespaces = (path: string): ArmRoute => ({
    method: "GET",
    path: `${path}/providers/Microsoft.Insights/metricNamespaces`,
    apiVersions: METRIC_NAMESPACES_API_VERSIONS,
    action: "Microsoft.Insights/metricNamespaces/read",
    handle: (req, env) => {
      const resource = findMetricResource(env, resourcePath(req));
      if (!catalogFor(resource.type)) return ok({ value: [] });
      const name = resource.type;
      return ok({
        value: [
          {
            id: `${resource.id}/providers/microsoft.insights/metricNamespaces/${name}`,
            name,
            type: "Microsoft.Insights/metricNamespaces",
            classification: "Platform",
            properties: { metricNamespaceName: name },
          },
        ],
      });
    },
  });
  return [metrics(TOP), metrics(CHILD), definitions(TOP), definitions(CHILD), namespaces(TOP), namespaces(CHILD)];
}

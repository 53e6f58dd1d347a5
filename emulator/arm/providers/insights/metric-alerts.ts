/**
 * Microsoft.Insights/metricAlerts (api 2018-03-01, location "global"): create or replace (200,
 * synchronous, as arm-monitor expects), get, patch, delete (200/204), list by group and
 * subscription, and MetricAlertsStatus_List whose status comes from alert-evaluation.ts.
 * Single-resource rules only (`Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria`):
 * the scope must be a resource in the store, every metric and dimension must exist for the
 * scope's type, and action groups must exist.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { ok, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { evaluateMetricAlert, type AlertRule } from "./alert-evaluation";
import { METRIC_ALERTS_API_VERSIONS } from "./api-versions";
import { catalogFor, findMetric } from "./catalog";
import { AGGREGATIONS } from "./catalog/types";
import { metricResourceById } from "./metric-resource";
import type { MetricSources } from "./metric-source";
import { canonicalGrain, grainMinutes, type TimeGrain } from "./timegrain";

const TYPE = "Microsoft.Insights/metricAlerts";
const SINGLE = "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria";
const FREQUENCIES: readonly TimeGrain[] = ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"];
const WINDOWS: readonly TimeGrain[] = ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D"];

const grainOf = (allowed: readonly TimeGrain[]) =>
  z.string().refine((v) => {
    const g = canonicalGrain(v);
    return g !== undefined && allowed.includes(g);
  }, `must be one of ${allowed.join(", ")}`);

const criterionSchema = z.object({
  criterionType: z.literal("StaticThresholdCriterion", { error: "only StaticThresholdCriterion is valid in SingleResourceMultipleMetricCriteria" }),
  name: z.string().min(1),
  metricName: z.string().min(1),
  metricNamespace: z.string().optional(),
  operator: z.enum(["Equals", "GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"]),
  threshold: z.number(),
  timeAggregation: z.enum(AGGREGATIONS),
  dimensions: z.array(z.object({ name: z.string().min(1), operator: z.enum(["Include", "Exclude"]), values: z.array(z.string()).min(1) })).optional(),
  skipMetricValidation: z.boolean().optional(),
}).loose();

const actionSchema = z.object({
  actionGroupId: z.string().min(1),
  webHookProperties: z.record(z.string(), z.string()).optional(),
  webhookProperties: z.record(z.string(), z.string()).optional(),
});

const alertSchema = z.object({
  location: z.string().refine((l) => l.toLowerCase() === "global", "must be 'global': metric alert rules are global resources"),
  tags: z.record(z.string().max(512), z.string().max(256)).optional(),
  properties: z.object({
    description: z.string().optional(),
    severity: z.number().int().min(0).max(4),
    enabled: z.boolean(),
    scopes: z.array(z.string().min(1)).min(1),
    evaluationFrequency: grainOf(FREQUENCIES),
    windowSize: grainOf(WINDOWS),
    targetResourceType: z.string().optional(),
    targetResourceRegion: z.string().optional(),
    criteria: z.object({ "odata.type": z.string(), allOf: z.array(z.unknown()).min(1).max(5) }),
    autoMitigate: z.boolean().optional(),
    actions: z.array(actionSchema).optional(),
  }),
});
const patchSchema = z.object({ tags: z.record(z.string(), z.string()).optional(), properties: z.record(z.string(), z.unknown()).optional() });

/** The path's subscription, group and rule/group name (the route template guarantees them). */
function routeNames(req: ArmRequest): { sub: string; rg: string; name: string } {
  return { sub: req.params.subscriptionId!, rg: req.params.resourceGroupName!, name: req.params.ruleName! };
}

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Insights/metricAlerts";

const invalid = (message: string, target?: string) => new ArmError(400, "BadRequest", message, target ? { target } : {});

export function metricAlertId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Insights/metricAlerts/${name}`;
}

/** Validate a rule body against the store; returns the properties as stored. */
function validatedProperties(env: ArmEnvironment, raw: unknown): { body: z.infer<typeof alertSchema>; properties: Record<string, unknown> } {
  const body = parseBody(alertSchema, raw);
  const p = body.properties;
  if (grainMinutes(canonicalGrain(p.windowSize)!) < grainMinutes(canonicalGrain(p.evaluationFrequency)!)) {
    throw invalid(`The windowSize '${p.windowSize}' must be greater than or equal to the evaluationFrequency '${p.evaluationFrequency}'.`, "properties.windowSize");
  }
  if (p.criteria["odata.type"] !== SINGLE) {
    throw invalid(`Criteria of type '${p.criteria["odata.type"]}' are not supported by the local Azure; use '${SINGLE}'.`, "properties.criteria");
  }
  if (p.scopes.length !== 1) throw invalid(`'${SINGLE}' alerts need exactly one scope; ${p.scopes.length} were given.`, "properties.scopes");
  const scope = metricResourceById(env, p.scopes[0]!);
  if (!scope) throw invalid(`The scope '${p.scopes[0]}' is not an existing resource.`, "properties.scopes[0]");
  const catalog = catalogFor(scope.type);
  const allOf = p.criteria.allOf.map((c, i) => {
    const parsed = parseBody(criterionSchema, c);
    const target = `properties.criteria.allOf[${i}]`;
    if (parsed.metricNamespace && parsed.metricNamespace.toLowerCase() !== scope.type.toLowerCase()) {
      throw invalid(`The metric namespace '${parsed.metricNamespace}' does not match the scope's resource type '${scope.type}'.`, `${target}.metricNamespace`);
    }
    if (!parsed.skipMetricValidation) {
      const spec = findMetric(catalog, parsed.metricName);
      if (!spec) {
        const valid = catalog?.metrics.map((m) => m.name).join(",") ?? "";
        throw invalid(`The metric '${parsed.metricName}' does not exist for resource type '${scope.type}'. Valid metrics: ${valid}`, `${target}.metricName`);
      }
      for (const d of parsed.dimensions ?? []) {
        if (!spec.dimensions.some((n) => n.toLowerCase() === d.name.toLowerCase())) {
          throw invalid(`The dimension '${d.name}' does not exist for metric '${spec.name}'. Valid dimensions: ${spec.dimensions.join(",") || "(none)"}`, `${target}.dimensions`);
        }
      }
    }
    return parsed;
  });
  const actions = (p.actions ?? []).map((a, i) => {
    if (!env.store.get(a.actionGroupId)) throw invalid(`The action group '${a.actionGroupId}' does not exist.`, `properties.actions[${i}].actionGroupId`);
    // arm-monitor reads `webHookProperties`; the spec examples write `webhookProperties`.
    return { actionGroupId: a.actionGroupId, webHookProperties: a.webHookProperties ?? a.webhookProperties ?? {} };
  });
  const properties: Record<string, unknown> = {
    description: p.description ?? "",
    severity: p.severity,
    enabled: p.enabled,
    scopes: [scope.id],
    evaluationFrequency: p.evaluationFrequency,
    windowSize: p.windowSize,
    criteria: { "odata.type": SINGLE, allOf },
    autoMitigate: p.autoMitigate ?? true,
    actions,
    lastUpdatedTime: env.now().toISOString(),
    isMigrated: false,
  };
  if (p.targetResourceType) properties.targetResourceType = p.targetResourceType;
  if (p.targetResourceRegion) properties.targetResourceRegion = p.targetResourceRegion;
  return { body, properties };
}

function requireAlert(env: ArmEnvironment, req: ArmRequest) {
  const { sub, rg, name } = routeNames(req);
  requireResourceGroup(env, sub, rg);
  const stored = env.store.get(metricAlertId(sub, rg, name));
  if (!stored) throw armErrors.resourceNotFound(TYPE, name, rg);
  return stored;
}

function listed(env: ArmEnvironment, prefix: string) {
  const p = prefix.toLowerCase();
  return env.store
    .all()
    .filter((r) => r.id.toLowerCase().startsWith(p) && String(r.body.type) === TYPE)
    .map((r) => snapshot(r.body));
}

/** The stored rule in the shape alert-evaluation reads. */
export function alertRule(body: Record<string, unknown>): AlertRule {
  const p = body.properties as { enabled: boolean; windowSize: string; criteria: { allOf: AlertRule["criteria"] } };
  return { enabled: p.enabled, windowSize: p.windowSize, criteria: p.criteria.allOf };
}

export function metricAlertRoutes(sources: MetricSources): ArmRoute[] {
  return [
    {
      method: "PUT",
      path: `${base}/{ruleName}`,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/write",
      handle: (req, env) => {
        const { sub, rg, name } = routeNames(req);
        if (!/^[^<>%&:\\?/*#|]{1,260}$/.test(name)) throw new ArmError(400, "InvalidResourceName", `The alert rule name '${name}' is invalid: 1-260 characters, none of < > % & : \\ ? / * # |.`);
        const group = requireResourceGroup(env, sub, rg, { forWrite: true });
        const { body, properties } = validatedProperties(env, req.body);
        const id = metricAlertId(sub, String(group.body.name ?? rg), name);
        const existing = env.store.get(id);
        const resource: Record<string, unknown> = {
          id: existing?.id ?? id,
          name: existing ? String(existing.body.name) : name,
          type: TYPE,
          location: "global",
          tags: body.tags ?? {},
          properties,
        };
        env.store.put(resource.id as string, resource);
        return ok(snapshot(resource));
      },
    },
    {
      method: "GET",
      path: `${base}/{ruleName}`,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/read",
      handle: (req, env) => ok(snapshot(requireAlert(env, req).body)),
    },
    {
      method: "PATCH",
      path: `${base}/{ruleName}`,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/write",
      handle: (req, env) => {
        const stored = requireAlert(env, req);
        const patch = parseBody(patchSchema, req.body);
        // A patch is the stored rule with the given fields replaced, validated as a whole.
        const merged = { location: "global", tags: patch.tags ?? stored.body.tags, properties: { ...(stored.body.properties as Record<string, unknown>), ...(patch.properties ?? {}) } };
        const { properties } = validatedProperties(env, merged);
        const updated = env.store.update(stored.id, (b) => {
          b.tags = merged.tags ?? {};
          b.properties = properties;
        });
        return ok(snapshot(updated!.body));
      },
    },
    {
      method: "DELETE",
      path: `${base}/{ruleName}`,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/delete",
      handle: (req, env) => {
        const { sub, rg, name } = routeNames(req);
        requireResourceGroup(env, sub, rg);
        return { status: env.store.delete(metricAlertId(sub, rg, name)).length > 0 ? 200 : 204 };
      },
    },
    {
      method: "GET",
      path: base,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/read",
      handle: (req, env) => {
        const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        return ok({ value: listed(env, `${group.id}/`) });
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Insights/metricAlerts",
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/read",
      handle: (req, env) => ok({ value: listed(env, `/subscriptions/${req.params.subscriptionId!}/`) }),
    },
    {
      method: "GET",
      path: `${base}/{ruleName}/status`,
      apiVersions: METRIC_ALERTS_API_VERSIONS,
      action: "Microsoft.Insights/metricAlerts/status/read",
      handle: (req, env) => {
        const stored = requireAlert(env, req);
        const scopeId = (stored.body.properties as { scopes: string[] }).scopes[0]!;
        const scope = metricResourceById(env, scopeId);
        const nowMs = env.now().getTime();
        const verdict = scope ? evaluateMetricAlert(alertRule(stored.body), scope, sources, nowMs) : { status: "NoData", evaluatedAt: new Date(nowMs).toISOString() };
        const statusName = Buffer.from(`resourceId=${scopeId}`).toString("base64url");
        return ok({
          value: [
            {
              name: statusName,
              id: `${stored.id}/status/${statusName}`,
              type: "Microsoft.Insights/metricAlerts/status",
              properties: { dimensions: {}, status: verdict.status, timestamp: verdict.evaluatedAt },
            },
          ],
        });
      },
    },
  ];
}

/**
 * `GET /subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management/values` — the
 * Activity Log (core/activity-log.ts records the events). `$filter` takes only the patterns the
 * REST spec allows: `eventTimestamp ge '…' [and eventTimestamp le '…'] [and <field> eq '…']` with
 * field resourceGroupName, resourceUri, resourceProvider or correlationId; anything else is 400
 * BadRequest, as is a start more than 90 days back (Azure keeps 90 days). `$select` picks fields.
 */
import { ArmError } from "../../core/errors";
import { pageOf } from "../../core/resource-helpers";
import type { ActivityFilter } from "../../core/activity-log";
import type { ArmRequest, ArmResponse, ArmRoute } from "../../core/types";

export const ACTIVITY_LOG_API_VERSIONS = ["2015-04-01"] as const;
const RETENTION_DAYS = 90;
const EQ_FIELDS = { resourcegroupname: "resourceGroupName", resourceuri: "resourceUri", resourceprovider: "resourceProvider", correlationid: "correlationId" } as const;

const invalid = (why: string) =>
  new ArmError(400, "BadRequest", `The $filter query parameter value is invalid: ${why}. Use eventTimestamp ge '<start>' and eventTimestamp le '<end>' [and resourceGroupName|resourceUri|resourceProvider|correlationId eq '<value>'].`);

/** Parses the restricted $filter grammar of the Activity Log API. */
export function parseActivityFilter(filter: string | null, now: Date): ActivityFilter {
  if (!filter || filter.trim() === "") throw invalid("it is required and must name at least the start time");
  let from: Date | undefined;
  let to: Date | undefined;
  const eq: Partial<Record<(typeof EQ_FIELDS)[keyof typeof EQ_FIELDS], string>> = {};
  for (const clause of filter.trim().split(/\s+and\s+/i)) {
    const m = /^(\w+)\s+(ge|le|eq)\s+'([^']*)'$/i.exec(clause.trim());
    if (!m) throw invalid(`'${clause.slice(0, 100)}' is not a supported condition`);
    const [, rawField = "", op = "", value = ""] = m;
    const field = rawField.toLowerCase();
    if (field === "eventtimestamp" && op.toLowerCase() !== "eq") {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw invalid(`'${value.slice(0, 40)}' is not a date-time`);
      if (op.toLowerCase() === "ge") from = at;
      else to = at;
      continue;
    }
    const known = EQ_FIELDS[field as keyof typeof EQ_FIELDS];
    if (!known || op.toLowerCase() !== "eq") throw invalid(`'${rawField} ${op}' is not supported`);
    if (Object.keys(eq).length > 0) throw invalid("only one of resourceGroupName, resourceUri, resourceProvider or correlationId may be given");
    eq[known] = value;
  }
  if (!from) throw invalid("eventTimestamp ge '<start>' is required");
  if (now.getTime() - from.getTime() > RETENTION_DAYS * 86_400_000) {
    throw new ArmError(400, "BadRequest", `The start time of the query cannot be more than ${RETENTION_DAYS} days in the past.`);
  }
  return { from, to: to ?? now, ...eq };
}

function select(event: object, fields: string[]): Record<string, unknown> {
  const source = event as Record<string, unknown>;
  const lower = new Map(Object.keys(source).map((k) => [k.toLowerCase(), k]));
  return Object.fromEntries(fields.map((f) => lower.get(f.toLowerCase())).filter((k): k is string => k !== undefined).map((k) => [k, source[k]]));
}

function queryParam(req: ArmRequest, name: string): string | null {
  for (const [k, v] of req.query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return null;
}

export const activityLogRoutes: ArmRoute[] = [
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values",
    apiVersions: ACTIVITY_LOG_API_VERSIONS,
    action: "Microsoft.Insights/eventtypes/values/read",
    requiresRegistration: false,
    handle(req, env): ArmResponse {
      const filter = parseActivityFilter(queryParam(req, "$filter"), env.now());
      const fields = (queryParam(req, "$select") ?? "").split(",").map((f) => f.trim()).filter(Boolean);
      const events = env.activityLog.list(filter);
      return pageOf(env, req, fields.length > 0 ? events.map((e) => select(e, fields)) : events);
    },
  },
];

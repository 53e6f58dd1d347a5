/** Generic resource listing (Resources_ListByResourceGroup / Resources_List): top-level resources only, as ARM lists them. */
import { parseResourceId } from "../../core/paths";
import { pageOf, requireResourceGroup } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmRoute } from "../../core/types";
import { RESOURCES_API_VERSIONS } from "./api-versions";

const GENERIC_FIELDS = ["id", "name", "type", "location", "tags", "sku", "kind", "identity", "managedBy", "extendedLocation", "plan"];

function isTopLevel(r: StoredResource): boolean {
  const parsed = parseResourceId(r.id);
  // Role assignments are extension resources (they live on a scope): ARM never lists them as resources.
  if (parsed?.type?.toLowerCase() === "microsoft.authorization/roleassignments") return false;
  return parsed?.type !== undefined && parsed.type.split("/").length === 2;
}

function genericBody(r: StoredResource, expand: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of GENERIC_FIELDS) if (r.body[f] !== undefined) out[f] = structuredClone(r.body[f]);
  const want = (expand ?? "").toLowerCase();
  if (want.includes("createdtime")) out.createdTime = r.createdAt;
  if (want.includes("provisioningstate")) {
    const state = (r.body.properties as { provisioningState?: string } | undefined)?.provisioningState;
    if (state) out.provisioningState = state;
  }
  return out;
}

function byFilter(filter: string | null): (r: StoredResource) => boolean {
  // Supports the common `resourceType eq 'Microsoft.X/y'` filter; other filters are ignored.
  const m = filter ? /resourceType\s+eq\s+'([^']+)'/i.exec(filter) : null;
  const wanted = m?.[1]?.toLowerCase();
  return (r) => !wanted || String(r.body.type).toLowerCase() === wanted;
}

export const resourceListRoutes: ArmRoute[] = [
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources",
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/resources/read",
    handle: (req, env) => {
      const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
      const prefix = group.id.toLowerCase() + "/providers/";
      const filter = byFilter(req.query.get("$filter"));
      const items = env.store
        .all()
        .filter((r) => r.id.toLowerCase().startsWith(prefix) && isTopLevel(r) && filter(r))
        .map((r) => genericBody(r, req.query.get("$expand")));
      return pageOf(env, req, items);
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/resources",
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resources/read",
    handle: (req, env) => {
      const filter = byFilter(req.query.get("$filter"));
      const items = env.store
        .all()
        .filter((r) => isTopLevel(r) && filter(r))
        .map((r) => genericBody(r, req.query.get("$expand")));
      return pageOf(env, req, items);
    },
  },
];

/**
 * Resource groups: create/update (sync 201/200), get, check existence (HEAD), tags patch, list,
 * and delete as an LRO (202 + Location) that removes every resource inside when it completes.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { lroHeaders } from "../../core/operations";
import { parseResourceId, resourceGroupId } from "../../core/paths";
import { ok, pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import { locationName } from "../../core/locations";
import type { ArmRoute, OperationCompletion } from "../../core/types";
import { RESOURCES_API_VERSIONS } from "./api-versions";

const tagsSchema = z.record(z.string().max(512), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, "at most 50 tags");
const groupSchema = z.object({ location: z.string().min(1), tags: tagsSchema.optional(), managedBy: z.string().optional() }).loose();
const patchSchema = z.object({ tags: tagsSchema.optional(), managedBy: z.string().optional() }).loose();

/** Azure: 1–90 chars of letters, digits, `_ ( ) - .`, not ending in a period. */
const GROUP_NAME = /^[-\w._()]{1,90}$/u;

const path = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";

export const RESOURCE_GROUP_DELETE = "Microsoft.Resources/resourceGroups/delete";

export const resourceGroupCompletions: Record<string, OperationCompletion> = {
  [RESOURCE_GROUP_DELETE]: {
    onSuccess(op, env) {
      const removed = env.store.delete(op.resourceId);
      for (const provider of env.providers) {
        const ns = provider.namespace.toLowerCase();
        const mine = removed.filter((r) => parseResourceId(r.id)?.namespace?.toLowerCase() === ns);
        if (mine.length > 0) provider.onCascadeDelete?.(mine, env);
      }
    },
    onFailure(op, env) {
      env.store.update(op.resourceId, (body) => {
        body.properties = { provisioningState: "Succeeded" };
      });
    },
  },
};

export const resourceGroupRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/write",
    handle: (req, env) => {
      const { subscriptionId: sub, resourceGroupName: name } = req.params as { subscriptionId: string; resourceGroupName: string };
      if (!GROUP_NAME.test(name) || name.endsWith(".")) {
        throw new ArmError(400, "InvalidResourceGroup", `The provided resource group name '${name}' has these invalid characters or length. The name can contain only 1-90 letters, digits, periods, underscores, hyphens or parentheses and cannot end in a period.`);
      }
      const body = parseBody(groupSchema, req.body);
      const location = locationName(env.settings.locations, body.location);
      if (!location) throw new ArmError(400, "LocationNotAvailableForResourceGroup", `The provided location '${body.location}' is not available for resource group. List of available regions is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
      const id = resourceGroupId(sub, name);
      const existing = env.store.get(id);
      if (existing) {
        const props = existing.body.properties as { provisioningState?: string } | undefined;
        if (props?.provisioningState === "Deleting") {
          throw new ArmError(409, "ResourceGroupBeingDeleted", `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`);
        }
        if (existing.body.location !== location) {
          throw new ArmError(409, "InvalidResourceGroupLocation", `Invalid resource group location '${body.location}'. The Resource group already exists in location '${String(existing.body.location)}'.`);
        }
      }
      // Keep the name's first spelling, as ARM does.
      const canonical = existing ? (existing.body.name as string) : name;
      const group: Record<string, unknown> = {
        id: resourceGroupId(sub, canonical),
        name: canonical,
        type: "Microsoft.Resources/resourceGroups",
        location,
        properties: { provisioningState: "Succeeded" },
      };
      if (body.tags) group.tags = body.tags;
      if (body.managedBy) group.managedBy = body.managedBy;
      env.store.put(group.id as string, group);
      return ok(snapshot(group), existing ? 200 : 201);
    },
  },
  {
    method: "GET",
    path,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/read",
    handle: (req, env) => ok(snapshot(requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!).body)),
  },
  {
    method: "HEAD",
    path,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/read",
    handle: (req, env) => ({ status: env.store.get(resourceGroupId(req.params.subscriptionId!, req.params.resourceGroupName!)) ? 204 : 404 }),
  },
  {
    method: "PATCH",
    path,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/write",
    handle: (req, env) => {
      const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
      const body = parseBody(patchSchema, req.body);
      const updated = env.store.update(group.id, (g) => {
        if (body.tags) g.tags = body.tags;
        if (body.managedBy) g.managedBy = body.managedBy;
      });
      return ok(snapshot(updated!.body));
    },
  },
  {
    method: "DELETE",
    path,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/delete",
    handle: (req, env) => {
      const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
      const running = env.operations.inFlightFor(group.id);
      const op =
        running?.completion === RESOURCE_GROUP_DELETE
          ? running
          : env.operations.begin({
              subscriptionId: req.params.subscriptionId!,
              namespace: "Microsoft.Resources",
              location: String(group.body.location),
              resourceId: group.id,
              kind: RESOURCE_GROUP_DELETE,
              completion: RESOURCE_GROUP_DELETE,
              result: "none",
              fault: req.lroFault,
            });
      env.store.update(group.id, (g) => {
        g.properties = { provisioningState: "Deleting" };
      });
      return { status: 202, headers: lroHeaders(env, op, { location: true, apiVersion: req.apiVersion }) };
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/resourcegroups",
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/resourceGroups/read",
    handle: (req, env) => {
      const prefix = `/subscriptions/${req.params.subscriptionId!}/resourcegroups/`.toLowerCase();
      const groups = env.store
        .all()
        .filter((r) => r.id.toLowerCase().startsWith(prefix) && !r.id.slice(prefix.length).includes("/"))
        .map((r) => snapshot(r.body));
      return pageOf(env, req, groups);
    },
  },
];


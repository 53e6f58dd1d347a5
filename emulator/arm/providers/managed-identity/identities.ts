/**
 * userAssignedIdentities: PUT (synchronous 201 create / 200 update), GET, PATCH tags, DELETE
 * (200 / 204), list by group and subscription. The identity's service principal (principalId),
 * its application (clientId) and tenant are generated once at creation and kept on every update
 * and across restarts, as Azure does; a delete + re-create gets new ones (a new service principal).
 * Shapes: azure-rest-api-specs specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/
 * 2023-01-31/examples (IdentityCreate.json, IdentityGet.json, IdentityListByResourceGroup.json).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { providerResourceId } from "../../core/paths";
import { pageOf, parseBody, requireResourceGroup, snapshot, systemData } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { IDENTITY_TYPE, MSI_API_VERSIONS, NAMESPACE, identityNameProblem } from "./common";

const versions = [...MSI_API_VERSIONS];
const GROUP = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
export const IDENTITY_PATH = `${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}`;

const tagsSchema = z.record(z.string(), z.string());
const putSchema = z.object({ location: z.string().min(1), tags: tagsSchema.optional() }).loose();
const patchSchema = z.object({ tags: tagsSchema.optional() }).loose();

export function identityId(req: ArmRequest, name: string): string {
  return providerResourceId(req.params.subscriptionId!, req.params.resourceGroupName!, NAMESPACE, ["userAssignedIdentities"], [name]);
}

export function requireIdentity(env: ArmEnvironment, req: ArmRequest): StoredResource {
  const found = env.store.get(identityId(req, req.params.resourceName!));
  if (!found) throw armErrors.resourceNotFound(IDENTITY_TYPE, req.params.resourceName!, req.params.resourceGroupName!);
  return found;
}

export function isIdentity(r: StoredResource): boolean {
  return String(r.body.type).toLowerCase() === IDENTITY_TYPE.toLowerCase();
}

/** principalIds of every user-assigned identity: the service principals this directory knows. */
export function identityPrincipalIds(env: ArmEnvironment): string[] {
  return env.store.all().filter(isIdentity).map((r) => String((r.body.properties as { principalId?: string }).principalId ?? ""));
}

export function identityRoutes(knownLocations: string[]): ArmRoute[] {
  const locations = new Set(knownLocations.map((l) => l.toLowerCase()));
  return [
    {
      method: "PUT",
      path: IDENTITY_PATH,
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/write",
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!, { forWrite: true });
        const name = req.params.resourceName!;
        const problem = identityNameProblem(name);
        if (problem) throw new ArmError(400, "InvalidResourceName", problem, { target: "resourceName" });
        const body = parseBody(putSchema, req.body);
        const location = body.location.replace(/\s+/g, "").toLowerCase();
        if (!locations.has(location)) {
          throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${body.location}' is not available for resource type '${IDENTITY_TYPE}'. List of available regions for the resource type is '${knownLocations.join(",")}'.`);
        }
        const id = identityId(req, name);
        const existing = env.store.get(id);
        if (existing && String(existing.body.location) !== location) {
          throw new ArmError(400, "InvalidResourceLocation", `The resource '${name}' already exists in location '${String(existing.body.location)}' in resource group '${req.params.resourceGroupName!}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`);
        }
        const previous = existing?.body.properties as Record<string, unknown> | undefined;
        const canonical = existing ? String(existing.body.name) : name;
        const stored = {
          id: existing?.id ?? id,
          name: canonical,
          type: IDENTITY_TYPE,
          location,
          tags: body.tags ?? {},
          properties: previous ?? { tenantId: env.settings.tenantId, principalId: randomUUID(), clientId: randomUUID(), isolationScope: "None" },
          systemData: systemData(req.caller, env.now(), existing?.body.systemData),
        };
        env.store.put(id, stored);
        return { status: existing ? 200 : 201, body: snapshot(stored) };
      },
    },
    {
      method: "PATCH",
      path: IDENTITY_PATH,
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/write",
      handle: (req, env) => {
        const found = requireIdentity(env, req);
        const { tags } = parseBody(patchSchema, req.body ?? {});
        const updated = env.store.update(found.id, (b) => {
          if (tags) b.tags = tags;
          b.systemData = systemData(req.caller, env.now(), b.systemData);
        });
        return { status: 200, body: snapshot(updated!.body) };
      },
    },
    {
      method: "GET",
      path: IDENTITY_PATH,
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
      handle: (req, env) => ({ status: 200, body: snapshot(requireIdentity(env, req).body) }),
    },
    {
      method: "DELETE",
      path: IDENTITY_PATH,
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/delete",
      handle: (req, env) => {
        // Its federated credentials go with it (they are child resources).
        const removed = env.store.delete(identityId(req, req.params.resourceName!));
        return { status: removed.length > 0 ? 200 : 204 };
      },
    },
    {
      method: "GET",
      path: `${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
      handle: (req, env) => {
        const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const prefix = `${group.id.toLowerCase()}/`;
        return pageOf(env, req, env.store.all().filter((r) => isIdentity(r) && r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
      apiVersions: versions,
      action: "Microsoft.ManagedIdentity/userAssignedIdentities/read",
      handle: (req, env) => {
        const prefix = `/subscriptions/${req.params.subscriptionId!.toLowerCase()}/`;
        return pageOf(env, req, env.store.all().filter((r) => isIdentity(r) && r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
  ];
}

/**
 * Private DNS zones (Microsoft.Network/privateDnsZones, location "global") and their
 * virtualNetworkLinks, as @azure/arm-privatedns sees them: PUT and DELETE answer 202 with
 * Azure-AsyncOperation + Location. A VNet can be linked once per zone name (Azure refuses
 * overlapping namespaces with 409 Conflict); a zone with links cannot be deleted.
 * The poll URLs use the shared `/locations/global/operations/…` form, not Azure's
 * `privateDnsOperationStatuses` path; the SDK follows either.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { lroHeaders } from "../../core/operations";
import { idKey, providerResourceId, resourceGroupId } from "../../core/paths";
import { ok, pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { PRIVATE_DNS_API_VERSIONS } from "./api-versions";
import { beginDelete, checkPreconditions, listOfType, NETWORK, NETWORK_PUT, ofType, props, refreshNetworkViews, refuseConcurrent, TYPES } from "./network-state";
import { tagsPatchSchema, tagsSchema } from "./virtual-networks";

export const PRIVATE_DNS_CREATE = "Microsoft.Network/privateDnsZones/create";
export const PRIVATE_DNS_DELETE = "Microsoft.Network/privateDnsZones/delete";

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A zone name is a DNS name of at least two labels (e.g. privatelink.postgres.database.azure.com). */
export function isValidZoneName(name: string): boolean {
  const labels = name.replace(/\.$/, "").split(".");
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l));
}

const zoneSchema = z.object({ location: z.string().min(1), tags: tagsSchema.optional(), etag: z.string().optional() }).loose();
const linkSchema = z
  .object({
    location: z.string().min(1).optional(),
    tags: tagsSchema.optional(),
    properties: z
      .object({
        virtualNetwork: z.object({ id: z.string().min(1) }).loose(),
        registrationEnabled: z.boolean().optional(),
        resolutionPolicy: z.enum(["Default", "NxDomainRedirect"]).optional(),
      })
      .loose(),
  })
  .loose();

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones";

function zoneIds(req: ArmRequest) {
  const { subscriptionId: sub, resourceGroupName: rg, privateZoneName: name } = req.params as Record<string, string>;
  return { sub: sub!, rg: rg!, name: name!, id: providerResourceId(sub!, rg!, NETWORK, ["privateDnsZones"], [name!]) };
}

function requireGlobal(location: string, type: string): void {
  if (location.toLowerCase() !== "global") {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceType",
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is 'global'.`,
    );
  }
}

function accepted(env: ArmEnvironment, req: ArmRequest, resourceId: string) {
  const op = env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: NETWORK,
    location: "global",
    resourceId,
    kind: PRIVATE_DNS_CREATE,
    completion: NETWORK_PUT,
    result: "resource",
    fault: req.lroFault,
  });
  return { status: 202, headers: lroHeaders(env, op, { asyncOperation: "operations", location: true, apiVersion: req.apiVersion }) };
}

function requireZone(env: ArmEnvironment, req: ArmRequest) {
  const { rg, name, id } = zoneIds(req);
  const zone = env.store.get(id);
  if (!zone) throw armErrors.resourceNotFound(TYPES.zone, name, rg);
  return zone;
}

function putZone(req: ArmRequest, env: ArmEnvironment) {
  const { sub, rg, name, id } = zoneIds(req);
  if (!isValidZoneName(name)) {
    throw new ArmError(400, "InvalidPrivateZoneName", `The private DNS zone name '${name}' is not valid: it must be a DNS name of at least two labels, each 1-63 letters, digits or hyphens.`);
  }
  requireResourceGroup(env, sub, rg, { forWrite: true });
  const body = parseBody(zoneSchema, req.body, "InvalidRequestFormat");
  requireGlobal(body.location, TYPES.zone);
  const existing = env.store.get(id);
  checkPreconditions(req, existing);
  refuseConcurrent(env, id, req.apiVersion);
  const previous = existing ? props(existing.body) : {};
  const zoneId = existing?.id ?? id;
  const zone: Record<string, unknown> = {
    id: zoneId,
    name: existing ? String(existing.body.name) : name.toLowerCase(),
    type: TYPES.zone,
    etag: randomUUID(),
    location: "global",
    properties: {
      maxNumberOfRecordSets: 25000,
      maxNumberOfVirtualNetworkLinks: 1000,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfRecordSets: 1,
      numberOfVirtualNetworkLinks: 0,
      numberOfVirtualNetworkLinksWithRegistration: 0,
      provisioningState: "Updating",
      internalId: typeof previous.internalId === "string" ? previous.internalId : randomBytes(48).toString("base64"),
    },
  };
  if (body.tags) zone.tags = body.tags;
  env.store.put(zoneId, zone);
  refreshNetworkViews(env);
  return accepted(env, req, zoneId);
}

function putLink(req: ArmRequest, env: ArmEnvironment) {
  const zone = requireZone(env, req);
  const name = req.params.virtualNetworkLinkName!;
  const body = parseBody(linkSchema, req.body, "InvalidRequestFormat");
  requireGlobal(body.location ?? "global", TYPES.link);
  const linkId = `${zone.id}/virtualNetworkLinks/${name}`;
  const existing = env.store.get(linkId);
  checkPreconditions(req, existing);
  refuseConcurrent(env, linkId, req.apiVersion);
  const vnet = env.store.get(body.properties.virtualNetwork.id);
  if (!vnet || String(vnet.body.type).toLowerCase() !== TYPES.vnet.toLowerCase()) {
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${body.properties.virtualNetwork.id} referenced by resource ${linkId} was not found. Please make sure that the referenced resource exists.`,
    );
  }
  // One zone name per VNet: another link of this VNet to a zone with the same name clashes.
  const zoneName = String(zone.body.name).toLowerCase();
  const clash = ofType(env, TYPES.link).find(
    (l) =>
      idKey(l.id) !== idKey(linkId) &&
      idKey(String((props(l.body).virtualNetwork as { id?: string } | undefined)?.id ?? "")) === idKey(vnet.id) &&
      String(env.store.get(l.id.replace(/\/virtualNetworkLinks\/[^/]+$/i, ""))?.body.name ?? "").toLowerCase() === zoneName,
  );
  if (clash) {
    throw new ArmError(
      409,
      "Conflict",
      `A virtual network cannot be linked to multiple zones with overlapping namespaces. You tried to link virtual network with '${zoneName}' and '${zoneName}' zones.`,
    );
  }
  const link: Record<string, unknown> = {
    id: existing?.id ?? linkId,
    name: existing ? String(existing.body.name) : name,
    type: TYPES.link,
    etag: randomUUID(),
    location: "global",
    properties: {
      provisioningState: "Updating",
      virtualNetwork: { id: vnet.id },
      registrationEnabled: body.properties.registrationEnabled ?? false,
      resolutionPolicy: body.properties.resolutionPolicy ?? "Default",
      virtualNetworkLinkState: "Completed",
    },
  };
  if (body.tags) link.tags = body.tags;
  env.store.put(String(link.id), link);
  refreshNetworkViews(env);
  return accepted(env, req, String(link.id));
}

function patchTags(find: (req: ArmRequest, env: ArmEnvironment) => { id: string }) {
  return (req: ArmRequest, env: ArmEnvironment) => {
    const target = find(req, env);
    const body = parseBody(tagsPatchSchema, req.body, "InvalidRequestFormat");
    env.store.update(target.id, (b) => {
      if (body.tags) b.tags = body.tags;
      b.etag = randomUUID();
    });
    return ok(snapshot(env.store.get(target.id)!.body));
  };
}

function requireLink(req: ArmRequest, env: ArmEnvironment) {
  const zone = requireZone(env, req);
  const link = env.store.get(`${zone.id}/virtualNetworkLinks/${req.params.virtualNetworkLinkName!}`);
  if (!link) throw armErrors.resourceNotFound(TYPES.link, `${String(zone.body.name)}/${req.params.virtualNetworkLinkName!}`, req.params.resourceGroupName!);
  return link;
}

const linkPath = `${base}/{privateZoneName}/virtualNetworkLinks`;

export const privateDnsRoutes: ArmRoute[] = [
  { method: "PUT", path: `${base}/{privateZoneName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/write", handle: putZone },
  { method: "GET", path: `${base}/{privateZoneName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/read", handle: (req, env) => ok(snapshot(requireZone(env, req).body)) },
  { method: "PATCH", path: `${base}/{privateZoneName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/write", handle: patchTags((req, env) => requireZone(env, req)) },
  {
    method: "DELETE",
    path: `${base}/{privateZoneName}`,
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    action: "Microsoft.Network/privateDnsZones/delete",
    handle: (req, env) => {
      const zone = env.store.get(zoneIds(req).id);
      if (!zone) return { status: 204 };
      checkPreconditions(req, zone);
      refuseConcurrent(env, zone.id, req.apiVersion);
      if (env.store.children(zone.id, "virtualNetworkLinks").length > 0) {
        throw new ArmError(409, "Conflict", `You cannot delete a Private DNS zone that has virtual network links. Delete the virtual network links of '${String(zone.body.name)}' first.`);
      }
      return beginDelete(env, req, zone, "global", PRIVATE_DNS_DELETE);
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    action: "Microsoft.Network/privateDnsZones/read",
    handle: (req, env) => {
      const { sub, rg } = zoneIds(req);
      requireResourceGroup(env, sub, rg);
      return pageOf(env, req, listOfType(env, TYPES.zone, `${resourceGroupId(sub, rg)}/`));
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Network/privateDnsZones",
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    action: "Microsoft.Network/privateDnsZones/read",
    handle: (req, env) => pageOf(env, req, listOfType(env, TYPES.zone, `/subscriptions/${req.params.subscriptionId!}/`)),
  },
  { method: "PUT", path: `${linkPath}/{virtualNetworkLinkName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/write", handle: putLink },
  { method: "GET", path: `${linkPath}/{virtualNetworkLinkName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/read", handle: (req, env) => ok(snapshot(requireLink(req, env).body)) },
  { method: "PATCH", path: `${linkPath}/{virtualNetworkLinkName}`, apiVersions: PRIVATE_DNS_API_VERSIONS, action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/write", handle: patchTags(requireLink) },
  {
    method: "DELETE",
    path: `${linkPath}/{virtualNetworkLinkName}`,
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete",
    handle: (req, env) => {
      const zone = requireZone(env, req);
      const link = env.store.get(`${zone.id}/virtualNetworkLinks/${req.params.virtualNetworkLinkName!}`);
      if (!link) return { status: 204 };
      checkPreconditions(req, link);
      refuseConcurrent(env, link.id, req.apiVersion);
      return beginDelete(env, req, link, "global", PRIVATE_DNS_DELETE);
    },
  },
  {
    method: "GET",
    path: linkPath,
    apiVersions: PRIVATE_DNS_API_VERSIONS,
    action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/read",
    handle: (req, env) => pageOf(env, req, env.store.children(requireZone(env, req).id, "virtualNetworkLinks").map((l) => snapshot(l.body))),
  },
];

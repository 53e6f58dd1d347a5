/**
 * Virtual networks: PUT (201/200 + Azure-AsyncOperation, "Updating" → "Succeeded"), GET, tags
 * PATCH, DELETE (202), lists. A VNet PUT carries the complete subnet set as Azure treats it:
 * subnets it leaves out are deleted, and refused (InUseSubnetCannotBeDeleted) while in use.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { locationName } from "../../core/locations";
import { idKey, providerResourceId, resourceGroupId } from "../../core/paths";
import { ok, pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { assertNetworkName, validateSubnets, validateVnetAddressSpace } from "./address-space";
import { NETWORK_API_VERSIONS } from "./api-versions";
import {
  assertDelegationsUnchangedInUse,
  assertSubnetNotInUse,
  beginDelete,
  beginPut,
  checkPreconditions,
  listOfType,
  networkEtag,
  NETWORK,
  props,
  refreshNetworkViews,
  refuseConcurrent,
  requireNetworkResource,
  TYPES,
} from "./network-state";
import { subnetBody, subnetPrefixes, subnetPropertiesSchema } from "./subnet-body";

export const tagsSchema = z.record(z.string().max(512), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, "at most 50 tags");

const vnetSchema = z
  .object({
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    properties: z
      .object({
        addressSpace: z.object({ addressPrefixes: z.array(z.string()) }).loose(),
        subnets: z.array(z.object({ name: z.string().min(1), properties: subnetPropertiesSchema }).loose()).optional(),
        flowTimeoutInMinutes: z.number().int().min(4).max(30).optional(),
        dhcpOptions: z.object({ dnsServers: z.array(z.string()) }).loose().optional(),
        enableDdosProtection: z.boolean().optional(),
      })
      .loose(),
  })
  .loose();

export const tagsPatchSchema = z.object({ tags: tagsSchema.optional() }).loose();

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks";

function ids(req: ArmRequest): { sub: string; rg: string; name: string; id: string } {
  const { subscriptionId: sub, resourceGroupName: rg, virtualNetworkName: name } = req.params as Record<string, string>;
  return { sub: sub!, rg: rg!, name: name!, id: providerResourceId(sub!, rg!, NETWORK, ["virtualNetworks"], [name!]) };
}

/** Location for a new network resource, or Azure's error for a move of an existing one. */
export function networkLocation(env: ArmEnvironment, requested: string, existing: Record<string, unknown> | undefined, name: string, rg: string): string {
  const location = locationName(env.settings.locations, requested);
  if (!location) {
    throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${requested}' is not available for this resource type. List of available regions is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
  }
  if (existing && existing.location !== location) {
    throw new ArmError(
      409,
      "InvalidResourceLocation",
      `The resource '${name}' already exists in location '${String(existing.location)}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  return location;
}

function putVnet(req: ArmRequest, env: ArmEnvironment) {
  const { sub, rg, name, id } = ids(req);
  assertNetworkName(name);
  requireResourceGroup(env, sub, rg, { forWrite: true });
  const body = parseBody(vnetSchema, req.body, "InvalidRequestFormat");
  const existing = env.store.get(id);
  checkPreconditions(req, existing);
  refuseConcurrent(env, id, req.apiVersion);
  const location = networkLocation(env, body.location, existing?.body, name, rg);
  const canonicalName = existing ? String(existing.body.name) : name;
  const vnetId = existing ? existing.id : id;

  const space = validateVnetAddressSpace(canonicalName, vnetId, body.properties.addressSpace.addressPrefixes);
  const desired = body.properties.subnets ?? [];
  const seen = new Set<string>();
  for (const s of desired) {
    assertNetworkName(s.name);
    if (seen.has(s.name.toLowerCase())) {
      throw new ArmError(400, "DuplicateResourceName", `Resource ${vnetId} has two child resources with the same name (${s.name}).`);
    }
    seen.add(s.name.toLowerCase());
  }
  const subnetIds = (s: { name: string }) => `${vnetId}/subnets/${s.name}`;
  validateSubnets(canonicalName, space, desired.map((s) => ({ name: s.name, id: subnetIds(s), prefixes: subnetPrefixes(s.properties) })));
  const current = existing ? env.store.children(vnetId, "subnets") : [];
  const removed = current.filter((s) => !seen.has(String(s.body.name).toLowerCase()));
  for (const s of removed) assertSubnetNotInUse(env, s.id);
  // Build every subnet body before storing anything: a bad reference changes nothing.
  const subnetBodies = desired.map((s) => {
    const prior = current.find((c) => idKey(c.id) === idKey(subnetIds(s)));
    const subnetName = prior ? String(prior.body.name) : s.name;
    const built = subnetBody({ env, subnetId: prior?.id ?? subnetIds(s), name: subnetName, location }, s.properties);
    assertDelegationsUnchangedInUse(env, prior, built);
    return built;
  });

  const previous = existing ? props(existing.body) : {};
  const properties: Record<string, unknown> = {
    provisioningState: "Updating",
    resourceGuid: typeof previous.resourceGuid === "string" ? previous.resourceGuid : randomUUID(),
    addressSpace: { addressPrefixes: space.map((c) => c.text) },
    subnets: [],
    virtualNetworkPeerings: [],
    enableDdosProtection: body.properties.enableDdosProtection ?? false,
    privateEndpointVNetPolicies: "Disabled",
  };
  if (body.properties.flowTimeoutInMinutes !== undefined) properties.flowTimeoutInMinutes = body.properties.flowTimeoutInMinutes;
  if (body.properties.dhcpOptions) properties.dhcpOptions = { dnsServers: body.properties.dhcpOptions.dnsServers };
  const vnet: Record<string, unknown> = { name: canonicalName, id: vnetId, etag: networkEtag(), type: TYPES.vnet, location, properties };
  if (body.tags) vnet.tags = body.tags;

  for (const s of removed) env.store.delete(s.id);
  env.store.put(vnetId, vnet);
  for (const s of subnetBodies) env.store.put(String(s.id), s);
  const headers = beginPut(env, req, vnetId, location);
  refreshNetworkViews(env);
  return ok(snapshot(env.store.get(vnetId)!.body), existing ? 200 : 201, headers);
}

export const virtualNetworkRoutes: ArmRoute[] = [
  { method: "PUT", path: `${base}/{virtualNetworkName}`, apiVersions: NETWORK_API_VERSIONS, action: "Microsoft.Network/virtualNetworks/write", handle: putVnet },
  {
    method: "GET",
    path: `${base}/{virtualNetworkName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/read",
    handle: (req, env) => {
      const { rg, name, id } = ids(req);
      return ok(snapshot(requireNetworkResource(env, id, TYPES.vnet, name, rg).body));
    },
  },
  {
    method: "PATCH",
    path: `${base}/{virtualNetworkName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/write",
    handle: (req, env) => {
      const { rg, name, id } = ids(req);
      const vnet = requireNetworkResource(env, id, TYPES.vnet, name, rg);
      const body = parseBody(tagsPatchSchema, req.body, "InvalidRequestFormat");
      env.store.update(vnet.id, (b) => {
        b.tags = body.tags ?? {};
        b.etag = networkEtag();
      });
      return ok(snapshot(env.store.get(vnet.id)!.body));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{virtualNetworkName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/delete",
    handle: (req, env) => {
      const { id } = ids(req);
      const vnet = env.store.get(id);
      if (!vnet) return { status: 204 };
      checkPreconditions(req, vnet);
      refuseConcurrent(env, vnet.id, req.apiVersion);
      for (const s of env.store.children(vnet.id, "subnets")) assertSubnetNotInUse(env, s.id);
      return beginDelete(env, req, vnet, String(vnet.body.location));
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/read",
    handle: (req, env) => {
      const { sub, rg } = ids(req);
      requireResourceGroup(env, sub, rg);
      return pageOf(env, req, listOfType(env, TYPES.vnet, `${resourceGroupId(sub, rg)}/`));
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Network/virtualNetworks",
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/read",
    handle: (req, env) => pageOf(env, req, listOfType(env, TYPES.vnet, `/subscriptions/${req.params.subscriptionId!}/`)),
  },
];

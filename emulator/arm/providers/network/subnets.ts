/**
 * Subnets as child resources of a VNet: PUT (201/200 + Azure-AsyncOperation), GET, list,
 * DELETE (202; refused with InUseSubnetCannotBeDeleted while a resource sits in the subnet).
 * A subnet must lie inside the VNet's space and not overlap its siblings.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { idKey, providerResourceId } from "../../core/paths";
import { ok, pageOf, parseBody, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { assertNetworkName, validateSubnets, validateVnetAddressSpace } from "./address-space";
import { NETWORK_API_VERSIONS } from "./api-versions";
import {
  assertDelegationsUnchangedInUse,
  assertSubnetNotInUse,
  beginDelete,
  beginPut,
  checkPreconditions,
  NETWORK,
  networkEtag,
  props,
  refreshNetworkViews,
  refuseConcurrent,
  stateOf,
  TYPES,
} from "./network-state";
import { subnetBody, subnetPrefixes, subnetPropertiesSchema } from "./subnet-body";

const subnetSchema = z.object({ name: z.string().optional(), properties: subnetPropertiesSchema }).loose();

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets";

function ids(req: ArmRequest) {
  const { subscriptionId: sub, resourceGroupName: rg, virtualNetworkName: vnet, subnetName } = req.params as Record<string, string>;
  const vnetId = providerResourceId(sub!, rg!, NETWORK, ["virtualNetworks"], [vnet!]);
  return { rg: rg!, vnetName: vnet!, vnetId, name: subnetName ?? "", id: `${vnetId}/subnets/${subnetName ?? ""}` };
}

function requireVnet(env: ArmEnvironment, req: ArmRequest) {
  const { rg, vnetName, vnetId } = ids(req);
  const vnet = env.store.get(vnetId);
  if (!vnet) throw armErrors.resourceNotFound(TYPES.vnet, vnetName, rg);
  return vnet;
}

function putSubnet(req: ArmRequest, env: ArmEnvironment) {
  const { name, id } = ids(req);
  assertNetworkName(name);
  const vnet = requireVnet(env, req);
  const body = parseBody(subnetSchema, req.body, "InvalidRequestFormat");
  const subnetId = `${vnet.id}/subnets/${name}`;
  const existing = env.store.get(subnetId);
  checkPreconditions(req, existing);
  refuseConcurrent(env, subnetId, req.apiVersion);
  if (stateOf(vnet) === "Deleting") refuseConcurrent(env, vnet.id, req.apiVersion);

  const vnetName = String(vnet.body.name);
  const vnetProps = props(vnet.body);
  const space = validateVnetAddressSpace(vnetName, vnet.id, ((vnetProps.addressSpace as { addressPrefixes?: string[] } | undefined)?.addressPrefixes ?? []));
  const siblings = env.store.children(vnet.id, "subnets").filter((s) => idKey(s.id) !== idKey(subnetId));
  validateSubnets(vnetName, space, [
    ...siblings.map((s) => ({ name: String(s.body.name), id: s.id, prefixes: subnetPrefixes(props(s.body) as z.infer<typeof subnetPropertiesSchema>) })),
    { name, id, prefixes: subnetPrefixes(body.properties) },
  ]);
  const subnet = subnetBody({ env, subnetId: existing?.id ?? subnetId, name: existing ? String(existing.body.name) : name, location: String(vnet.body.location) }, body.properties);
  assertDelegationsUnchangedInUse(env, existing, subnet);
  env.store.put(String(subnet.id), subnet);
  env.store.update(vnet.id, (b) => {
    b.etag = networkEtag();
  });
  const headers = beginPut(env, req, String(subnet.id), String(vnet.body.location));
  refreshNetworkViews(env);
  return ok(snapshot(env.store.get(String(subnet.id))!.body), existing ? 200 : 201, headers);
}

export const subnetRoutes: ArmRoute[] = [
  { method: "PUT", path: `${base}/{subnetName}`, apiVersions: NETWORK_API_VERSIONS, action: "Microsoft.Network/virtualNetworks/subnets/write", handle: putSubnet },
  {
    method: "GET",
    path: `${base}/{subnetName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/subnets/read",
    handle: (req, env) => {
      const vnet = requireVnet(env, req);
      const { name } = ids(req);
      const subnet = env.store.get(`${vnet.id}/subnets/${name}`);
      // Azure answers a missing child of an existing VNet with a plain NotFound.
      if (!subnet) throw new ArmError(404, "NotFound", `Resource ${vnet.id}/subnets/${name} not found.`);
      return ok(snapshot(subnet.body));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{subnetName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/subnets/delete",
    handle: (req, env) => {
      const vnet = requireVnet(env, req);
      const subnet = env.store.get(`${vnet.id}/subnets/${ids(req).name}`);
      if (!subnet) return { status: 204 };
      checkPreconditions(req, subnet);
      refuseConcurrent(env, subnet.id, req.apiVersion);
      assertSubnetNotInUse(env, subnet.id);
      return beginDelete(env, req, subnet, String(vnet.body.location));
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/virtualNetworks/subnets/read",
    handle: (req, env) => {
      const vnet = requireVnet(env, req);
      return pageOf(env, req, env.store.children(vnet.id, "subnets").map((s) => snapshot(s.body)));
    },
  },
];

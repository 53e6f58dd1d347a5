/**
 * Shared state handling of the local Microsoft.Network. Child resources (subnets, security
 * rules, DNS zone links) are stored as their own records below the parent; the parent's wire
 * body embeds them the way Azure does (`vnet.properties.subnets`, `nsg.properties.securityRules`,
 * `nsg.properties.subnets` back-references), rebuilt by `refreshNetworkViews` after every
 * change, so a stored body is always exactly what a GET answers. Also: the network LRO styles
 * (PUT: 201/200 + Azure-AsyncOperation; DELETE: 202 + Azure-AsyncOperation + Location) and
 * "in use" checks.
 */
import { randomUUID } from "node:crypto";
import { ArmError, armErrors } from "../../core/errors";
import { lroHeaders, operationStatusUrl } from "../../core/operations";
import { idKey, isDescendant, parseResourceId } from "../../core/paths";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmResponse, OperationCompletion } from "../../core/types";

export const NETWORK = "Microsoft.Network";
/** Duration profile and completion of network PUTs (core/durations.ts: fast). */
export const NETWORK_PUT = "Microsoft.Network/create";
export const NETWORK_DELETE = "Microsoft.Network/delete";

export const TYPES = {
  vnet: "Microsoft.Network/virtualNetworks",
  subnet: "Microsoft.Network/virtualNetworks/subnets",
  nsg: "Microsoft.Network/networkSecurityGroups",
  rule: "Microsoft.Network/networkSecurityGroups/securityRules",
  zone: "Microsoft.Network/privateDnsZones",
  link: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
} as const;

/** Azure's network etags are weak entity tags around a GUID. */
export function networkEtag(): string {
  return `W/"${randomUUID()}"`;
}

export function props(body: Record<string, unknown>): Record<string, unknown> {
  const p = body.properties;
  if (p && typeof p === "object" && !Array.isArray(p)) return p as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  body.properties = fresh;
  return fresh;
}

export function stateOf(r: StoredResource | undefined): string | undefined {
  const state = r ? props(r.body).provisioningState : undefined;
  return typeof state === "string" ? state : undefined;
}

export function ofType(env: ArmEnvironment, type: string): StoredResource[] {
  const t = type.toLowerCase();
  return env.store.all().filter((r) => String(r.body.type).toLowerCase() === t);
}

/** 404 as Azure words it for a missing network resource. */
export function requireNetworkResource(env: ArmEnvironment, id: string, type: string, name: string, rg: string): StoredResource {
  const found = env.store.get(id);
  if (!found) throw armErrors.resourceNotFound(type, name, rg);
  return found;
}

/** Azure refuses a change while another one on the same resource is running. */
export function refuseConcurrent(env: ArmEnvironment, id: string, apiVersion: string): void {
  const running = env.operations.inFlightFor(id);
  if (running) {
    throw new ArmError(
      409,
      "AnotherOperationInProgress",
      `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${operationStatusUrl(env, running, "operations", apiVersion)}.`,
    );
  }
}

/** If-Match / If-None-Match on PUT and DELETE, as the network RP honours them. */
export function checkPreconditions(req: ArmRequest, existing: StoredResource | undefined): void {
  const ifMatch = req.headers["if-match"];
  const ifNoneMatch = req.headers["if-none-match"];
  const etag = existing ? String(existing.body.etag ?? "") : undefined;
  if (typeof ifMatch === "string" && ifMatch !== "*" && ifMatch !== etag) {
    throw new ArmError(412, "PreconditionFailed", `Precondition failed: the resource's etag is ${etag === undefined ? "absent (it does not exist)" : etag}, the request expected ${ifMatch}.`);
  }
  if (typeof ifMatch === "string" && ifMatch === "*" && !existing) {
    throw new ArmError(412, "PreconditionFailed", "Precondition failed: If-Match '*' but the resource does not exist.");
  }
  if (ifNoneMatch === "*" && existing) {
    throw new ArmError(412, "PreconditionFailed", "Precondition failed: If-None-Match '*' but the resource already exists.");
  }
}

/** Start the LRO of a network PUT; the caller stores the resource in "Updating" first. */
export function beginPut(env: ArmEnvironment, req: ArmRequest, resourceId: string, location: string, kind = NETWORK_PUT): Record<string, string> {
  const op = env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: NETWORK,
    location,
    resourceId,
    kind,
    completion: NETWORK_PUT,
    result: "resource",
    fault: req.lroFault,
  });
  return lroHeaders(env, op, { asyncOperation: "operations", apiVersion: req.apiVersion });
}

/** Mark the resource Deleting and answer 202 with both poll headers, as the network RP does. */
export function beginDelete(env: ArmEnvironment, req: ArmRequest, resource: StoredResource, location: string, kind = NETWORK_DELETE): ArmResponse {
  env.store.update(resource.id, (b) => {
    props(b).provisioningState = "Deleting";
  });
  const op = env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: NETWORK,
    location,
    resourceId: resource.id,
    kind,
    completion: NETWORK_DELETE,
    result: "none",
    fault: req.lroFault,
  });
  refreshNetworkViews(env);
  return { status: 202, headers: lroHeaders(env, op, { asyncOperation: "operations", location: true, apiVersion: req.apiVersion }) };
}

function setStateBelow(env: ArmEnvironment, id: string, from: string, to: string): void {
  for (const r of env.store.all()) {
    if ((idKey(r.id) === idKey(id) || isDescendant(r.id, id)) && stateOf(r) === from) {
      env.store.update(r.id, (b) => {
        props(b).provisioningState = to;
      });
    }
  }
}

export const networkCompletions: Record<string, OperationCompletion> = {
  [NETWORK_PUT]: {
    onSuccess(op, env) {
      setStateBelow(env, op.resourceId, "Updating", "Succeeded");
      refreshNetworkViews(env);
    },
    onFailure(op, env) {
      setStateBelow(env, op.resourceId, "Updating", "Failed");
      refreshNetworkViews(env);
    },
  },
  [NETWORK_DELETE]: {
    onSuccess(op, env) {
      env.store.delete(op.resourceId);
      refreshNetworkViews(env);
    },
    onFailure(op, env) {
      setStateBelow(env, op.resourceId, "Deleting", "Succeeded");
      refreshNetworkViews(env);
    },
  },
};

function sameId(a: unknown, b: string): boolean {
  return typeof a === "string" && idKey(a) === idKey(b);
}

function refOf(value: unknown): string | undefined {
  const id = value && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id : undefined;
}

/** Rebuild the embedded child lists and back-references of every VNet, NSG and DNS zone. */
export function refreshNetworkViews(env: ArmEnvironment): void {
  const subnets = ofType(env, TYPES.subnet);
  for (const vnet of ofType(env, TYPES.vnet)) {
    const children = env.store.children(vnet.id, "subnets").map((s) => structuredClone(s.body));
    env.store.update(vnet.id, (b) => {
      props(b).subnets = children;
    });
  }
  for (const nsg of ofType(env, TYPES.nsg)) {
    const rules = env.store.children(nsg.id, "securityRules").map((r) => structuredClone(r.body));
    const users = subnets.filter((s) => sameId(refOf(props(s.body).networkSecurityGroup), nsg.id)).map((s) => ({ id: s.id }));
    env.store.update(nsg.id, (b) => {
      const p = props(b);
      p.securityRules = rules;
      if (users.length > 0) p.subnets = users;
      else delete p.subnets;
    });
  }
  for (const zone of ofType(env, TYPES.zone)) {
    const links = env.store.children(zone.id, "virtualNetworkLinks");
    env.store.update(zone.id, (b) => {
      const p = props(b);
      p.numberOfVirtualNetworkLinks = links.length;
      p.numberOfVirtualNetworkLinksWithRegistration = links.filter((l) => props(l.body).registrationEnabled === true).length;
    });
  }
}

/**
 * Resources that use a subnet: any stored resource outside the VNet whose body names the subnet
 * id (AKS pools, PostgreSQL servers, Redis caches, private endpoints…). NSG back-references do
 * not count: Azure deletes a subnet that only has an NSG attached.
 */
export function subnetUsers(env: ArmEnvironment, subnetId: string): string[] {
  const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, "");
  const needle = idKey(subnetId);
  return env.store
    .all()
    .filter((r) => idKey(r.id) !== idKey(vnetId) && !isDescendant(r.id, vnetId))
    .filter((r) => String(r.body.type).toLowerCase() !== TYPES.nsg.toLowerCase())
    .filter((r) => {
      const text = JSON.stringify(withoutAclRules(r.body)).toLowerCase();
      return text.includes(`${needle}"`) || text.includes(`${needle}/`);
    })
    .map((r) => r.id);
}

/**
 * Network ACLs (a storage account's `networkAcls.virtualNetworkRules`, a key vault's
 * `networkAcls`) name subnets without placing anything in them: Azure deletes such a subnet.
 */
function withoutAclRules(body: Record<string, unknown>): Record<string, unknown> {
  const p = body.properties;
  if (!p || typeof p !== "object" || Array.isArray(p)) return body;
  const { networkAcls: _acls, networkRuleSet: _rules, ...rest } = p as Record<string, unknown>;
  return { ...body, properties: rest };
}

export function assertSubnetNotInUse(env: ArmEnvironment, subnetId: string): void {
  const users = subnetUsers(env, subnetId);
  if (users.length > 0) {
    const name = parseResourceId(subnetId)?.name ?? subnetId;
    throw new ArmError(
      400,
      "InUseSubnetCannotBeDeleted",
      `Subnet ${name} is in use by ${users.join(", ")} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    );
  }
}

function delegationServices(body: Record<string, unknown> | undefined): string[] {
  const list = body ? ((props(body).delegations as Array<{ properties?: { serviceName?: string } }> | undefined) ?? []) : [];
  return list.map((d) => d.properties?.serviceName ?? "").filter((n) => n.length > 0);
}

/** Azure refuses to add or remove delegations of a subnet that resources use. */
export function assertDelegationsUnchangedInUse(env: ArmEnvironment, existing: StoredResource | undefined, next: Record<string, unknown>): void {
  if (!existing) return;
  const before = delegationServices(existing.body);
  const after = delegationServices(next);
  const same = before.length === after.length && before.every((b) => after.some((a) => a.toLowerCase() === b.toLowerCase()));
  if (same) return;
  const users = subnetUsers(env, existing.id);
  if (users.length > 0) {
    throw new ArmError(
      400,
      "SubnetDelegationsCannotChangeWhenSubnetUsedByResource",
      `Delegations of subnet ${existing.id} cannot be changed from [${before.join(",")}] to [${after.join(",")}] because it is being used by the resource ${users[0]}.`,
    );
  }
}

/** Subnets that reference an NSG (Azure refuses to delete an NSG that is still associated). */
export function nsgUsers(env: ArmEnvironment, nsgId: string): string[] {
  return ofType(env, TYPES.subnet)
    .filter((s) => sameId(refOf(props(s.body).networkSecurityGroup), nsgId))
    .map((s) => s.id);
}

/** Network list answers: resources of one type directly below a scope prefix. */
export function listOfType(env: ArmEnvironment, type: string, scopePrefix: string): Array<Record<string, unknown>> {
  const prefix = idKey(scopePrefix);
  return ofType(env, type)
    .filter((r) => idKey(r.id).startsWith(prefix))
    .map((r) => structuredClone(r.body));
}

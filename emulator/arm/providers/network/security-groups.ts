/**
 * Network security groups with inline `securityRules` (a PUT carries the complete rule set)
 * and security rules as child resources; default rules as Azure returns them. PUTs are LROs
 * (201/200 + Azure-AsyncOperation); an NSG still associated with a subnet cannot be deleted.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { idKey, providerResourceId, resourceGroupId } from "../../core/paths";
import { ok, pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { assertNetworkName } from "./address-space";
import { NETWORK_API_VERSIONS } from "./api-versions";
import {
  beginDelete,
  beginPut,
  checkPreconditions,
  listOfType,
  NETWORK,
  networkEtag,
  nsgUsers,
  props,
  refreshNetworkViews,
  refuseConcurrent,
  requireNetworkResource,
  TYPES,
} from "./network-state";
import { defaultSecurityRules, securityRulePropertiesSchema, validateRuleSet, type NamedRule, type SecurityRuleProperties } from "./security-rule-checks";
import { networkLocation, tagsPatchSchema, tagsSchema } from "./virtual-networks";

const ruleSchema = z.object({ name: z.string().optional(), properties: securityRulePropertiesSchema }).loose();
const nsgSchema = z
  .object({
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    properties: z
      .object({ securityRules: z.array(ruleSchema.extend({ name: z.string().min(1) })).optional(), flushConnection: z.boolean().optional() })
      .loose()
      .optional(),
  })
  .loose();

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkSecurityGroups";

function ids(req: ArmRequest) {
  const { subscriptionId: sub, resourceGroupName: rg, networkSecurityGroupName: name } = req.params as Record<string, string>;
  return { sub: sub!, rg: rg!, name: name!, id: providerResourceId(sub!, rg!, NETWORK, ["networkSecurityGroups"], [name!]) };
}

function ruleBody(id: string, name: string, p: SecurityRuleProperties): Record<string, unknown> {
  return { name, id, etag: networkEtag(), type: TYPES.rule, properties: { provisioningState: "Updating", ...p } };
}

function storedRule(r: { id: string; body: Record<string, unknown> }): NamedRule {
  return { name: String(r.body.name), id: r.id, properties: props(r.body) as SecurityRuleProperties };
}

function putNsg(req: ArmRequest, env: ArmEnvironment) {
  const { sub, rg, name, id } = ids(req);
  assertNetworkName(name);
  requireResourceGroup(env, sub, rg, { forWrite: true });
  const body = parseBody(nsgSchema, req.body, "InvalidRequestFormat");
  const existing = env.store.get(id);
  checkPreconditions(req, existing);
  refuseConcurrent(env, id, req.apiVersion);
  const location = networkLocation(env, body.location, existing?.body, name, rg);
  const nsgId = existing ? existing.id : id;
  const canonicalName = existing ? String(existing.body.name) : name;

  const rules = (body.properties?.securityRules ?? []).map((r) => {
    assertNetworkName(r.name);
    return { name: r.name, id: `${nsgId}/securityRules/${r.name}`, properties: r.properties };
  });
  const names = new Set<string>();
  for (const r of rules) {
    if (names.has(r.name.toLowerCase())) throw new ArmError(400, "DuplicateResourceName", `Resource ${nsgId} has two child resources with the same name (${r.name}).`);
    names.add(r.name.toLowerCase());
  }
  validateRuleSet(rules);

  const etag = networkEtag();
  const previous = existing ? props(existing.body) : {};
  const nsg: Record<string, unknown> = {
    name: canonicalName,
    id: nsgId,
    etag,
    type: TYPES.nsg,
    location,
    properties: {
      provisioningState: "Updating",
      resourceGuid: typeof previous.resourceGuid === "string" ? previous.resourceGuid : randomUUID(),
      securityRules: [],
      defaultSecurityRules: defaultSecurityRules(nsgId, etag),
    },
  };
  if (body.tags) nsg.tags = body.tags;
  if (body.properties?.flushConnection !== undefined) (nsg.properties as Record<string, unknown>).flushConnection = body.properties.flushConnection;

  for (const old of env.store.children(nsgId, "securityRules")) env.store.delete(old.id);
  env.store.put(nsgId, nsg);
  for (const r of rules) env.store.put(r.id, ruleBody(r.id, r.name, r.properties));
  const headers = beginPut(env, req, nsgId, location);
  refreshNetworkViews(env);
  return ok(snapshot(env.store.get(nsgId)!.body), existing ? 200 : 201, headers);
}

function requireNsg(env: ArmEnvironment, req: ArmRequest) {
  const { rg, name, id } = ids(req);
  return requireNetworkResource(env, id, TYPES.nsg, name, rg);
}

function putRule(req: ArmRequest, env: ArmEnvironment) {
  const nsg = requireNsg(env, req);
  const name = req.params.securityRuleName!;
  assertNetworkName(name);
  const body = parseBody(ruleSchema, req.body, "InvalidRequestFormat");
  const ruleId = `${nsg.id}/securityRules/${name}`;
  const existing = env.store.get(ruleId);
  checkPreconditions(req, existing);
  refuseConcurrent(env, ruleId, req.apiVersion);
  const others = env.store.children(nsg.id, "securityRules").filter((r) => idKey(r.id) !== idKey(ruleId)).map(storedRule);
  const canonicalName = existing ? String(existing.body.name) : name;
  const id = existing ? existing.id : ruleId;
  validateRuleSet([...others, { name: canonicalName, id, properties: body.properties }]);
  env.store.put(id, ruleBody(id, canonicalName, body.properties));
  env.store.update(nsg.id, (b) => {
    b.etag = networkEtag();
  });
  const headers = beginPut(env, req, id, String(nsg.body.location));
  refreshNetworkViews(env);
  return ok(snapshot(env.store.get(id)!.body), existing ? 200 : 201, headers);
}

const nsgRoutes: ArmRoute[] = [
  { method: "PUT", path: `${base}/{networkSecurityGroupName}`, apiVersions: NETWORK_API_VERSIONS, action: "Microsoft.Network/networkSecurityGroups/write", handle: putNsg },
  {
    method: "GET",
    path: `${base}/{networkSecurityGroupName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/read",
    handle: (req, env) => ok(snapshot(requireNsg(env, req).body)),
  },
  {
    method: "PATCH",
    path: `${base}/{networkSecurityGroupName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/write",
    handle: (req, env) => {
      const nsg = requireNsg(env, req);
      const body = parseBody(tagsPatchSchema, req.body, "InvalidRequestFormat");
      env.store.update(nsg.id, (b) => {
        b.tags = body.tags ?? {};
        b.etag = networkEtag();
      });
      return ok(snapshot(env.store.get(nsg.id)!.body));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{networkSecurityGroupName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/delete",
    handle: (req, env) => {
      const nsg = env.store.get(ids(req).id);
      if (!nsg) return { status: 204 };
      checkPreconditions(req, nsg);
      refuseConcurrent(env, nsg.id, req.apiVersion);
      const users = nsgUsers(env, nsg.id);
      if (users.length > 0) {
        throw new ArmError(
          400,
          "InUseNetworkSecurityGroupCannotBeDeleted",
          `Network security group ${nsg.id} cannot be deleted because it is in use by the following resources: ${users.join(", ")}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`,
        );
      }
      return beginDelete(env, req, nsg, String(nsg.body.location));
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/read",
    handle: (req, env) => {
      const { sub, rg } = ids(req);
      requireResourceGroup(env, sub, rg);
      return pageOf(env, req, listOfType(env, TYPES.nsg, `${resourceGroupId(sub, rg)}/`));
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkSecurityGroups",
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/read",
    handle: (req, env) => pageOf(env, req, listOfType(env, TYPES.nsg, `/subscriptions/${req.params.subscriptionId!}/`)),
  },
];

const rulePath = `${base}/{networkSecurityGroupName}/securityRules`;
const defaultRulePath = `${base}/{networkSecurityGroupName}/defaultSecurityRules`;

function defaultRules(env: ArmEnvironment, req: ArmRequest): Array<Record<string, unknown>> {
  const nsg = requireNsg(env, req);
  return structuredClone((props(nsg.body).defaultSecurityRules as Array<Record<string, unknown>> | undefined) ?? []);
}

const ruleRoutes: ArmRoute[] = [
  { method: "PUT", path: `${rulePath}/{securityRuleName}`, apiVersions: NETWORK_API_VERSIONS, action: "Microsoft.Network/networkSecurityGroups/securityRules/write", handle: putRule },
  {
    method: "GET",
    path: `${rulePath}/{securityRuleName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/securityRules/read",
    handle: (req, env) => {
      const nsg = requireNsg(env, req);
      const rule = env.store.get(`${nsg.id}/securityRules/${req.params.securityRuleName!}`);
      if (!rule) throw new ArmError(404, "NotFound", `Resource ${nsg.id}/securityRules/${req.params.securityRuleName!} not found.`);
      return ok(snapshot(rule.body));
    },
  },
  {
    method: "DELETE",
    path: `${rulePath}/{securityRuleName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/securityRules/delete",
    handle: (req, env) => {
      const nsg = requireNsg(env, req);
      const rule = env.store.get(`${nsg.id}/securityRules/${req.params.securityRuleName!}`);
      if (!rule) return { status: 204 };
      checkPreconditions(req, rule);
      refuseConcurrent(env, rule.id, req.apiVersion);
      return beginDelete(env, req, rule, String(nsg.body.location));
    },
  },
  {
    method: "GET",
    path: rulePath,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/securityRules/read",
    handle: (req, env) => pageOf(env, req, env.store.children(requireNsg(env, req).id, "securityRules").map((r) => snapshot(r.body))),
  },
  {
    method: "GET",
    path: defaultRulePath,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules/read",
    handle: (req, env) => pageOf(env, req, defaultRules(env, req)),
  },
  {
    method: "GET",
    path: `${defaultRulePath}/{defaultSecurityRuleName}`,
    apiVersions: NETWORK_API_VERSIONS,
    action: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules/read",
    handle: (req, env) => {
      const wanted = req.params.defaultSecurityRuleName!.toLowerCase();
      const rule = defaultRules(env, req).find((r) => String(r.name).toLowerCase() === wanted);
      if (!rule) throw armErrors.resourceNotFound("Microsoft.Network/networkSecurityGroups/defaultSecurityRules", req.params.defaultSecurityRuleName!, req.params.resourceGroupName!);
      return ok(rule);
    },
  },
];

export const securityGroupRoutes: ArmRoute[] = [...nsgRoutes, ...ruleRoutes];

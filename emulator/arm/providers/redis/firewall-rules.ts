/**
 * Cache firewall rules: create/update (PUT, synchronous 201/200), get, list, delete (200/204),
 * shaped as Azure's RedisFirewallRule (`properties.startIP` / `endIP`).
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { ArmRoute } from "../../core/types";
import { ipRangeProblem } from "../postgresql/ip-range";
import { REDIS_API_VERSIONS } from "./api-versions";
import { firewallRuleNameProblem } from "./cache-rules";
import { CACHES, requireCache } from "./common";

const versions = [...REDIS_API_VERSIONS];
/** As the current spec examples answer: type with a capital R, name = the rule name alone. */
const RULE_TYPE = "Microsoft.Cache/Redis/firewallRules";
const CACHE = `${CACHES}/{cacheName}`;
const ruleSchema = z.object({ properties: z.object({ startIP: z.string(), endIP: z.string() }).loose() }).loose();

export const redisFirewallRuleRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path: `${CACHE}/firewallRules/{ruleName}`,
    apiVersions: versions,
    action: "Microsoft.Cache/redis/firewallRules/write",
    handle: (req, env) => {
      requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!, { forWrite: true });
      const cache = requireCache(env, req, req.params.cacheName!);
      const name = req.params.ruleName!;
      const nameProblem = firewallRuleNameProblem(name);
      if (nameProblem) throw new ArmError(400, nameProblem.code, nameProblem.message, { target: "ruleName" });
      const { startIP, endIP } = parseBody(ruleSchema, req.body).properties;
      const problem = ipRangeProblem(startIP, endIP);
      if (problem?.reason === "invalid") {
        const target = problem.field === "start" ? "properties.startIP" : "properties.endIP";
        throw new ArmError(400, "InvalidParameterValue", `'${problem.value}' is not a valid IPv4 address (${target}).`, { target });
      }
      if (problem) throw new ArmError(400, "InvalidParameterValue", `The start IP '${startIP}' must not be greater than the end IP '${endIP}'.`, { target: "properties.startIP" });
      const id = `${cache.id}/firewallRules/${name}`;
      const existing = env.store.get(id);
      // Keep the rule name's first spelling (the last id segment), as ARM does.
      const canonical = existing ? (existing.id.split("/").pop() ?? name) : name;
      const body = { id: `${cache.id}/firewallRules/${canonical}`, name: canonical, type: RULE_TYPE, properties: { startIP, endIP } };
      env.store.put(id, body);
      return { status: existing ? 200 : 201, body: snapshot(body) };
    },
  },
  {
    method: "GET",
    path: `${CACHE}/firewallRules/{ruleName}`,
    apiVersions: versions,
    action: "Microsoft.Cache/redis/firewallRules/read",
    handle: (req, env) => {
      const cache = requireCache(env, req, req.params.cacheName!);
      const rule = env.store.get(`${cache.id}/firewallRules/${req.params.ruleName!}`);
      if (!rule) throw armErrors.resourceNotFound("Microsoft.Cache/redis/firewallRules", `${req.params.cacheName!}/${req.params.ruleName!}`, req.params.resourceGroupName!);
      return { status: 200, body: snapshot(rule.body) };
    },
  },
  {
    method: "DELETE",
    path: `${CACHE}/firewallRules/{ruleName}`,
    apiVersions: versions,
    action: "Microsoft.Cache/redis/firewallRules/delete",
    handle: (req, env) => {
      const cache = requireCache(env, req, req.params.cacheName!);
      const removed = env.store.delete(`${cache.id}/firewallRules/${req.params.ruleName!}`);
      return { status: removed.length > 0 ? 200 : 204 };
    },
  },
  {
    method: "GET",
    path: `${CACHE}/firewallRules`,
    apiVersions: versions,
    action: "Microsoft.Cache/redis/firewallRules/read",
    handle: (req, env) => {
      const cache = requireCache(env, req, req.params.cacheName!);
      return pageOf(env, req, env.store.children(cache.id, "firewallRules").map((r) => snapshot(r.body)));
    },
  },
];

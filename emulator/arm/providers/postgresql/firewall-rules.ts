/**
 * Firewall rules of a flexible server with public access: create/update (PUT → 202 + async
 * headers, like FirewallRulesCreateOrUpdate), get, list, delete. Servers in a delegated subnet
 * (private access) have no firewall, as in Azure.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { pageOf, parseBody, snapshot } from "../../core/resource-helpers";
import type { OperationRecord } from "../../core/operations";
import type { ArmEnvironment, ArmRoute, OperationCompletion } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { accepted, beginOperation, OPS, propsOf, requireReadyServer, requireServer, SERVER, serverInfo } from "./common";
import type { PostgresDataPlane } from "./data-plane";
import { awaitDataPlane } from "./data-plane-wait";
import { ipRangeProblem } from "./ip-range";

const versions = [...POSTGRES_API_VERSIONS];
const RULE_TYPE = "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules";

const ruleSchema = z.object({ properties: z.object({ startIpAddress: z.string(), endIpAddress: z.string() }).loose() }).loose();

/** 1–128 letters, digits, hyphens, underscores or periods. */
export function firewallRuleNameProblem(name: string): string | null {
  return /^[-\w.]{1,128}$/.test(name) ? null : `Firewall rule name '${name}' is not valid: use 1 to 128 letters, digits, hyphens, underscores or periods.`;
}

export function firewallRuleRoutes(): ArmRoute[] {
  const path = `${SERVER}/firewallRules/{firewallRuleName}`;
  return [
    {
      method: "PUT",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/write",
      handle: (req, env) => {
        const server = requireReadyServer(env, req);
        const name = req.params.firewallRuleName!;
        const nameProblem = firewallRuleNameProblem(name);
        if (nameProblem) throw new ArmError(400, "InvalidFirewallRuleName", nameProblem, { target: "firewallRuleName" });
        if (propsOf(server).network?.delegatedSubnetResourceId) {
          throw new ArmError(400, "FirewallRuleNotSupportedForPrivateAccess", `Server '${String(server.body.name)}' uses private access (VNet integration); firewall rules apply only to servers with public access.`);
        }
        const { startIpAddress, endIpAddress } = parseBody(ruleSchema, req.body).properties;
        const problem = ipRangeProblem(startIpAddress, endIpAddress);
        if (problem?.reason === "invalid") {
          const target = problem.field === "start" ? "properties.startIpAddress" : "properties.endIpAddress";
          throw new ArmError(400, "InvalidParameterValue", `Invalid value given for parameter '${target.split(".")[1]}': '${problem.value}' is not a valid IPv4 address.`, { target });
        }
        if (problem) throw new ArmError(400, "FirewallRuleStartIpAddressGreaterThanEndIpAddress", `The start IP address '${startIpAddress}' of firewall rule '${name}' is greater than its end IP address '${endIpAddress}'.`, { target: "properties.startIpAddress" });
        const id = `${server.id}/firewallRules/${name}`;
        const op = beginOperation(env, req, { resourceId: id, location: String(server.body.location), kind: OPS.firewallWrite, args: { serverId: server.id, name, startIpAddress, endIpAddress } });
        return accepted(env, req, op);
      },
    },
    {
      method: "GET",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        const rule = env.store.get(`${server.id}/firewallRules/${req.params.firewallRuleName!}`);
        if (!rule) throw armErrors.resourceNotFound(RULE_TYPE, `${String(server.body.name)}/${req.params.firewallRuleName!}`, req.params.resourceGroupName!);
        return { status: 200, body: snapshot(rule.body) };
      },
    },
    {
      method: "DELETE",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/delete",
      handle: (req, env) => {
        const server = requireReadyServer(env, req);
        const id = `${server.id}/firewallRules/${req.params.firewallRuleName!}`;
        if (!env.store.get(id)) return { status: 204 };
        const op = beginOperation(env, req, { resourceId: id, location: String(server.body.location), kind: OPS.firewallDelete, result: "none" });
        return accepted(env, req, op);
      },
    },
    {
      method: "GET",
      path: `${SERVER}/firewallRules`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        return pageOf(env, req, env.store.children(server.id, "firewallRules").map((r) => snapshot(r.body)));
      },
    },
  ];
}

const argsSchema = z.object({ serverId: z.string(), name: z.string(), startIpAddress: z.string(), endIpAddress: z.string() });

/** The rules are stored first (the data plane is told the whole list); the LRO waits until they are in effect. */
export function firewallRuleCompletions(dataPlane: PostgresDataPlane): Record<string, OperationCompletion> {
  const applied = (op: OperationRecord, env: ArmEnvironment, serverId: string): void | "pending" => {
    const server = env.store.get(serverId);
    if (server && awaitDataPlane(op.id, () => dataPlane.firewallRulesChanged?.(serverInfo(server, env))) === "pending") return "pending";
  };
  return {
    [OPS.firewallWrite]: {
      onSuccess(op, env) {
        const a = argsSchema.parse(op.args);
        if (!env.store.get(a.serverId)) throw new ArmError(404, "ServerNotFound", "The server was deleted before the firewall rule could be created.");
        const existing = env.store.get(op.resourceId);
        const name = existing ? String(existing.body.name) : a.name;
        env.store.put(op.resourceId, { id: `${a.serverId}/firewallRules/${name}`, name, type: RULE_TYPE, properties: { startIpAddress: a.startIpAddress, endIpAddress: a.endIpAddress } });
        return applied(op, env, a.serverId);
      },
    },
    [OPS.firewallDelete]: {
      onSuccess(op, env) {
        env.store.delete(op.resourceId);
        return applied(op, env, op.resourceId.slice(0, op.resourceId.toLowerCase().lastIndexOf("/firewallrules/")));
      },
    },
  };
}

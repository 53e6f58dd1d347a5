/**
 * Shared pieces of the Microsoft.DBforPostgreSQL provider: names, paths, server lookup, the
 * LRO answer PostgreSQL gives (202 + Azure-AsyncOperation …/azureAsyncOperation/{id} + Location
 * …/operationResults/{id}, no body), and the server-state guard Azure applies to changes.
 */
import { ArmError, armErrors } from "../../core/errors";
import { operationStatusUrl, retryAfterFor, type OperationRecord } from "../../core/operations";
import { providerResourceId } from "../../core/paths";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmResponse } from "../../core/types";
import { effectiveParameters } from "./configuration-catalog";
import type { PostgresDataPlane, PostgresServerInfo } from "./data-plane";
import { loopbackHost } from "./loopback-host";

export const NAMESPACE = "Microsoft.DBforPostgreSQL";
export const SERVER_TYPE = "Microsoft.DBforPostgreSQL/flexibleServers";
export const SERVERS = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers";
export const SERVER = `${SERVERS}/{serverName}`;
export const HOSTS_SETTING = "Microsoft.DBforPostgreSQL/loopbackHosts";

export type ServerState = "Ready" | "Dropping" | "Disabled" | "Starting" | "Stopping" | "Stopped" | "Updating" | "Restarting" | "Inaccessible" | "Provisioning";

export interface ServerProperties {
  administratorLogin?: string;
  version?: string;
  state?: ServerState;
  fullyQualifiedDomainName?: string;
  network?: { publicNetworkAccess?: string; delegatedSubnetResourceId?: string };
  [key: string]: unknown;
}

export function serverId(req: ArmRequest, name = req.params.serverName!): string {
  return providerResourceId(req.params.subscriptionId!, req.params.resourceGroupName!, NAMESPACE, ["flexibleServers"], [name]);
}

export function propsOf(resource: StoredResource): ServerProperties {
  return (resource.body.properties ?? {}) as ServerProperties;
}

/** The stored server of the request path, or Azure's 404. */
export function requireServer(env: ArmEnvironment, req: ArmRequest): StoredResource {
  const server = env.store.get(serverId(req));
  if (!server) throw armErrors.resourceNotFound(SERVER_TYPE, req.params.serverName!, req.params.resourceGroupName!);
  return server;
}

/** Azure refuses a change while another operation runs on the server. */
export function refuseWhileBusy(env: ArmEnvironment, id: string, name: string): void {
  const running = env.operations.inFlightFor(id);
  if (running) {
    throw new ArmError(409, "ServerIsBusy", `Server '${name}' is busy with another operation (${running.kind.split("/").pop() ?? "update"}). Please try your operation after the ongoing operation completes.`);
  }
}

/** Child changes (databases, firewall rules, parameters) need a Ready server. */
export function requireReadyServer(env: ArmEnvironment, req: ArmRequest): StoredResource {
  const server = requireServer(env, req);
  const state = propsOf(server).state;
  if (state !== "Ready") {
    throw new ArmError(409, "ServerNotReady", `Server '${String(server.body.name)}' is in state '${state ?? "Unknown"}'; this operation requires the server to be 'Ready'.`);
  }
  refuseWhileBusy(env, server.id, String(server.body.name));
  return server;
}

/**
 * 202 + Azure-AsyncOperation + Location, as PostgreSQL answers every LRO. Built here rather than
 * with core's lroHeaders because PostgreSQL spells the Location segment "operationResults"
 * (the spec examples); core's poll routes match it case-insensitively.
 */
export function accepted(env: ArmEnvironment, req: ArmRequest, op: OperationRecord): ArmResponse {
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": operationStatusUrl(env, op, "azureAsyncOperation", req.apiVersion),
      Location: operationStatusUrl(env, op, "operationResults", req.apiVersion),
      "Retry-After": String(retryAfterFor(env, op)),
    },
  };
}

export function hostFor(env: ArmEnvironment, dataPlane: PostgresDataPlane, id: string, name: string): string {
  return dataPlane.hostFor?.({ id, name }) ?? loopbackHost(env, HOSTS_SETTING, id, 10);
}

/** What the data plane needs to know about a server; with `env`, also its firewall rules and changed parameters. */
export function serverInfo(server: StoredResource, env?: ArmEnvironment): PostgresServerInfo {
  const props = propsOf(server);
  const info: PostgresServerInfo = {
    id: server.id,
    name: String(server.body.name),
    location: String(server.body.location),
    version: props.version ?? "",
    administratorLogin: props.administratorLogin ?? "",
    host: props.fullyQualifiedDomainName ?? "",
    privateAccess: Boolean(props.network?.delegatedSubnetResourceId),
    publicNetworkAccess: props.network?.publicNetworkAccess !== "Disabled",
  };
  const storage = (props.storage as { storageSizeGB?: unknown } | undefined)?.storageSizeGB;
  if (typeof storage === "number") info.storageSizeGB = storage;
  const sku = (server.body.sku as { name?: unknown } | undefined)?.name;
  if (typeof sku === "string") info.skuName = sku;
  if (!env) return info;
  info.firewallRules = env.store.children(server.id, "firewallRules").map((r) => {
    const p = (r.body.properties ?? {}) as { startIpAddress?: unknown; endIpAddress?: unknown };
    return { name: String(r.body.name), startIpAddress: String(p.startIpAddress ?? ""), endIpAddress: String(p.endIpAddress ?? "") };
  });
  const changed: Record<string, string> = {};
  for (const c of env.store.children(server.id, "configurations")) {
    const value = (c.body.properties as { value?: unknown } | undefined)?.value;
    if (typeof value === "string") changed[String(c.body.name)] = value;
  }
  info.parameters = effectiveParameters({ skuName: info.skuName ?? "", version: info.version || "17" }, changed);
  return info;
}

/** Names of the operation kinds (duration profiles in core/durations.ts) and completions. */
export const OPS = {
  create: "Microsoft.DBforPostgreSQL/flexibleServers/create",
  update: "Microsoft.DBforPostgreSQL/flexibleServers/update",
  delete: "Microsoft.DBforPostgreSQL/flexibleServers/delete",
  restart: "Microsoft.DBforPostgreSQL/flexibleServers/restart",
  start: "Microsoft.DBforPostgreSQL/flexibleServers/start",
  stop: "Microsoft.DBforPostgreSQL/flexibleServers/stop",
  databaseWrite: "Microsoft.DBforPostgreSQL/flexibleServers/databases/write",
  databaseDelete: "Microsoft.DBforPostgreSQL/flexibleServers/databases/delete",
  firewallWrite: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/write",
  firewallDelete: "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules/delete",
  configurationWrite: "Microsoft.DBforPostgreSQL/flexibleServers/configurations/write",
} as const;

/** Begin a PostgreSQL LRO on `resourceId` in the server's region. */
export function beginOperation(
  env: ArmEnvironment,
  req: ArmRequest,
  input: { resourceId: string; location: string; kind: string; args?: Record<string, unknown>; result?: "resource" | "none" },
): OperationRecord {
  return env.operations.begin({
    subscriptionId: req.params.subscriptionId!,
    namespace: NAMESPACE,
    location: input.location,
    resourceId: input.resourceId,
    kind: input.kind,
    completion: input.kind,
    result: input.result ?? "resource",
    fault: req.lroFault,
    ...(input.args ? { args: input.args } : {}),
  });
}

/** Throw a rule problem as Azure's 400. */
export function reject(problem: { code: string; message: string; target?: string } | null): void {
  if (problem) throw new ArmError(400, problem.code, problem.message, problem.target ? { target: problem.target } : {});
}

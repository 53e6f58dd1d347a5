/**
 * Flexible servers: create (PUT → 202 + Azure-AsyncOperation + Location), get, list by group
 * and subscription, update (PATCH, or PUT on an existing server), delete, and the restart /
 * start / stop actions, each an LRO moving `properties.state` as Azure does
 * (Provisioning/Updating/Restarting/Starting/Stopping/Dropping → Ready/Stopped/gone).
 */
import { ArmError } from "../../core/errors";
import type { OperationRecord } from "../../core/operations";
import { locationName } from "../../core/locations";
import { pageOf, parseBody, requireResourceGroup, snapshot, systemData } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute, OperationCompletion } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import {
  accepted, beginOperation, hostFor, HOSTS_SETTING, OPS, propsOf, refuseWhileBusy, reject, requireServer, serverId, serverInfo, SERVER, SERVERS, SERVER_TYPE, type ServerState,
} from "./common";
import type { PostgresDataPlane } from "./data-plane";
import { releaseLoopbackHost } from "./loopback-host";
import { applySpec, newServerBody, serverPatchSchema, serverPutSchema, specAfterPatch, specFromPut, specOf, specProblem, type ServerPatch, type ServerSpec } from "./server-body";
import { serverNameProblem, type RuleProblem } from "./server-rules";
import { clearPendingRestarts } from "./configurations";
import { createSystemDatabases } from "./databases";
import { awaitDataPlane } from "./data-plane-wait";

const versions = [...POSTGRES_API_VERSIONS];
const write = "Microsoft.DBforPostgreSQL/flexibleServers/write";

function zonesOf(env: ArmEnvironment, location: string): readonly string[] {
  return env.settings.locations.find((l) => l.name === location)?.zones ?? [];
}

/** Names are global: a server of that name anywhere in the local Azure takes it. */
export function serverNamed(env: ArmEnvironment, name: string): { id: string } | undefined {
  const lower = name.toLowerCase();
  return env.store.all().find((r) => String(r.body.type).toLowerCase() === SERVER_TYPE.toLowerCase() && String(r.body.name).toLowerCase() === lower);
}

function setState(env: ArmEnvironment, id: string, state: ServerState): void {
  env.store.update(id, (body) => {
    (body.properties as Record<string, unknown>).state = state;
  });
}

function beginUpdate(env: ArmEnvironment, req: ArmRequest, dataPlane: PostgresDataPlane, patch: ServerPatch) {
  const server = requireServer(env, req);
  const name = String(server.body.name);
  refuseWhileBusy(env, server.id, name);
  const state = propsOf(server).state;
  if (state !== "Ready") throw new ArmError(409, "ServerNotReady", `Server '${name}' is in state '${state ?? "Unknown"}'; it can be updated only when 'Ready'.`);
  const location = String(server.body.location);
  const current = specOf(server.body);
  const next = specAfterPatch(current, patch, zonesOf(env, location));
  const password = patch.properties?.administratorLoginPassword;
  reject(specProblem(env, next, current, password));
  if (next.version !== current.version) reject(versionProblem(dataPlane, next.version));
  if (password !== undefined) dataPlane.credentialsSet?.(serverInfo(server, env), password);
  const op = beginOperation(env, req, { resourceId: server.id, location, kind: OPS.update, args: { spec: next } });
  setState(env, server.id, "Updating");
  return accepted(env, req, op);
}

/**
 * Azure refuses a version it does not offer with this error (seen for flexible servers where a
 * region offered none: "ParameterOutOfRange: The value of the 'Version' should be in: []",
 * hashicorp/terraform-provider-azurerm#21306, Azure-Samples/msdocs-flask-postgresql-sample-app#35).
 * Here "offered" means the data plane can run that major.
 */
function versionProblem(dataPlane: PostgresDataPlane, version: string): RuleProblem | null {
  const offered = dataPlane.versions?.();
  if (!offered || offered.includes(version)) return null;
  return { code: "ParameterOutOfRange", message: `The value of the 'Version' should be in: [${offered.join(",")}]. Verify that the specified parameter value is correct.`, target: "properties.version" };
}

function beginAction(env: ArmEnvironment, req: ArmRequest, kind: string, from: ServerState, during: ServerState) {
  const server = requireServer(env, req);
  const name = String(server.body.name);
  refuseWhileBusy(env, server.id, name);
  const state = propsOf(server).state;
  if (state !== from) {
    const action = kind.split("/").pop();
    throw new ArmError(409, "ServerNotInRequiredState", `Cannot ${action} server '${name}' while it is in state '${state ?? "Unknown"}'; the server must be '${from}'.`);
  }
  const op = beginOperation(env, req, { resourceId: server.id, location: String(server.body.location), kind, result: "none" });
  setState(env, server.id, during);
  return accepted(env, req, op);
}

export function serverRoutes(dataPlane: PostgresDataPlane): ArmRoute[] {
  return [
    {
      method: "PUT",
      path: SERVER,
      apiVersions: versions,
      action: write,
      handle: (req, env) => {
        const { subscriptionId: sub, resourceGroupName: rg, serverName: name } = req.params as Record<string, string>;
        requireResourceGroup(env, sub!, rg!, { forWrite: true });
        const body = parseBody(serverPutSchema, req.body);
        const existing = env.store.get(serverId(req));
        const running = existing ? env.operations.inFlightFor(existing.id) : undefined;
        // A repeated create while the first still runs (a retried step) joins that operation.
        if (running?.kind === OPS.create) return accepted(env, req, running);
        if (existing) {
          const { createMode: _ignored, ...props } = body.properties ?? {};
          return beginUpdate(env, req, dataPlane, { ...(body.sku ? { sku: body.sku } : {}), ...(body.tags ? { tags: body.tags } : {}), properties: props });
        }
        reject(serverNameProblem(name!));
        const location = locationName(env.settings.locations, body.location);
        if (!location) throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${body.location}' is not available for resource type '${SERVER_TYPE}'. List of available regions for the resource type is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
        const createMode = body.properties?.createMode ?? "Create";
        if (createMode !== "Create" && createMode !== "Default") {
          throw new ArmError(400, "UnsupportedCreateMode", `createMode '${createMode}' is not supported by the local Azure; use 'Create'.`, { target: "properties.createMode" });
        }
        if (serverNamed(env, name!)) throw new ArmError(409, "ServerNameAlreadyExists", `Specified server name '${name}' is already used. Please use a different name and try again.`);
        if (!body.sku) throw new ArmError(400, "InvalidRequestContent", "The request content was invalid: 'sku' is required to create a server.", { target: "sku" });
        const password = body.properties?.administratorLoginPassword;
        if (!body.properties?.administratorLogin || password === undefined) {
          throw new ArmError(400, "InvalidRequestContent", "administratorLogin and administratorLoginPassword are required to create a server with password authentication.", { target: "properties.administratorLogin" });
        }
        const spec = specFromPut(body, zonesOf(env, location));
        reject(specProblem(env, spec, undefined, password));
        reject(versionProblem(dataPlane, spec.version));
        const id = serverId(req);
        const host = hostFor(env, dataPlane, id, name!);
        const created = env.store.put(id, newServerBody({ id, name: name!, location, spec, host, systemData: systemData(req.caller, env.now()), now: env.now() }));
        dataPlane.credentialsSet?.(serverInfo(created, env), password);
        const op = beginOperation(env, req, { resourceId: id, location, kind: OPS.create });
        return accepted(env, req, op);
      },
    },
    {
      method: "PATCH",
      path: SERVER,
      apiVersions: versions,
      action: write,
      handle: (req, env) => beginUpdate(env, req, dataPlane, parseBody(serverPatchSchema, req.body)),
    },
    {
      method: "GET",
      path: SERVER,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/read",
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        return { status: 200, body: snapshot(requireServer(env, req).body) };
      },
    },
    {
      method: "DELETE",
      path: SERVER,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/delete",
      handle: (req, env) => {
        requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const server = env.store.get(serverId(req));
        if (!server) return { status: 204 };
        const running = env.operations.inFlightFor(server.id);
        if (running?.kind === OPS.delete) return accepted(env, req, running);
        refuseWhileBusy(env, server.id, String(server.body.name));
        const op = beginOperation(env, req, { resourceId: server.id, location: String(server.body.location), kind: OPS.delete, result: "none" });
        setState(env, server.id, "Dropping");
        return accepted(env, req, op);
      },
    },
    {
      method: "GET",
      path: SERVERS,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/read",
      handle: (req, env) => {
        const group = requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!);
        const prefix = `${group.id}/providers/`.toLowerCase();
        return pageOf(env, req, servers(env).filter((r) => r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.DBforPostgreSQL/flexibleServers",
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/read",
      handle: (req, env) => {
        const prefix = `/subscriptions/${req.params.subscriptionId!}/`.toLowerCase();
        return pageOf(env, req, servers(env).filter((r) => r.id.toLowerCase().startsWith(prefix)).map((r) => snapshot(r.body)));
      },
    },
    {
      method: "POST",
      path: `${SERVER}/restart`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/restart/action",
      handle: (req, env) => beginAction(env, req, OPS.restart, "Ready", "Restarting"),
    },
    {
      method: "POST",
      path: `${SERVER}/start`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/start/action",
      handle: (req, env) => beginAction(env, req, OPS.start, "Stopped", "Starting"),
    },
    {
      method: "POST",
      path: `${SERVER}/stop`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/stop/action",
      handle: (req, env) => beginAction(env, req, OPS.stop, "Ready", "Stopping"),
    },
  ];
}

function servers(env: ArmEnvironment) {
  return env.store.all().filter((r) => String(r.body.type).toLowerCase() === SERVER_TYPE.toLowerCase());
}

/** Waits for the data plane (see data-plane-wait.ts); "pending" keeps the LRO running. */
function dataPlaneDone(op: OperationRecord, start: () => unknown): boolean {
  return awaitDataPlane(op.id, start) === "done";
}

function ready(env: ArmEnvironment, dataPlane: PostgresDataPlane, op: OperationRecord, restarted = false): void | "pending" {
  const server = env.store.get(op.resourceId);
  if (server) {
    const info = serverInfo(server, env);
    const hook = restarted && dataPlane.serverRestarted ? () => dataPlane.serverRestarted?.(info) : () => dataPlane.serverReady?.(info);
    if (!dataPlaneDone(op, hook)) return "pending";
  }
  setState(env, op.resourceId, "Ready");
}

function backToReady(op: OperationRecord, env: ArmEnvironment): void {
  setState(env, op.resourceId, "Ready");
}

export function serverCompletions(dataPlane: PostgresDataPlane): Record<string, OperationCompletion> {
  return {
    [OPS.create]: {
      onSuccess(op, env) {
        const server = env.store.get(op.resourceId);
        if (!server) return;
        env.store.update(op.resourceId, (body) => applySpec(body, specOf(body), true));
        createSystemDatabases(env, server);
        return ready(env, dataPlane, op);
      },
      // Azure drops a server whose creation failed; the name is free again.
      onFailure(op, env) {
        env.store.delete(op.resourceId);
        releaseLoopbackHost(env, HOSTS_SETTING, op.resourceId);
        dataPlane.serverDeleted?.(op.resourceId);
      },
    },
    [OPS.update]: {
      onSuccess(op, env) {
        const spec = op.args?.spec as ServerSpec | undefined;
        if (spec) env.store.update(op.resourceId, (body) => applySpec(body, spec, true));
        return ready(env, dataPlane, op);
      },
      onFailure: backToReady,
    },
    [OPS.restart]: {
      onSuccess(op, env) {
        const pending = ready(env, dataPlane, op, true);
        if (pending) return pending;
        clearPendingRestarts(env, op.resourceId);
      },
      onFailure: backToReady,
    },
    [OPS.start]: {
      onSuccess(op, env) {
        const pending = ready(env, dataPlane, op);
        if (pending) return pending;
        clearPendingRestarts(env, op.resourceId);
      },
      onFailure(op, env) {
        setState(env, op.resourceId, "Stopped");
      },
    },
    [OPS.stop]: {
      onSuccess(op, env) {
        const server = env.store.get(op.resourceId);
        if (server && !dataPlaneDone(op, () => dataPlane.serverStopped?.(serverInfo(server, env)))) return "pending";
        setState(env, op.resourceId, "Stopped");
      },
      onFailure: backToReady,
    },
    [OPS.delete]: {
      onSuccess(op, env) {
        if (!dataPlaneDone(op, () => dataPlane.serverDeleted?.(op.resourceId))) return "pending";
        env.store.delete(op.resourceId);
        releaseLoopbackHost(env, HOSTS_SETTING, op.resourceId);
      },
      onFailure: backToReady,
    },
  };
}

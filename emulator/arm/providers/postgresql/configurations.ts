/**
 * Server parameters ("configurations"): get, list, update (PATCH) and put, both LROs answered
 * 202 + async headers like the ConfigurationsUpdate example. Only changed values are stored
 * (as child records of the server); answers combine them with the catalog. Static parameters
 * report `isConfigPendingRestart: true` until the server restarts.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { pageOf, parseBody } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRoute, OperationCompletion } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { accepted, beginOperation, OPS, propsOf, requireReadyServer, requireServer, SERVER } from "./common";
import {
  CONFIGURATIONS, configurationValueProblem, documentationLink, findConfiguration, normaliseConfigurationValue, type ConfigurationSpec,
} from "./configuration-catalog";
import type { PostgresDataPlane } from "./data-plane";
import { awaitDataPlane } from "./data-plane-wait";

const versions = [...POSTGRES_API_VERSIONS];
const CONFIGURATION_TYPE = "Microsoft.DBforPostgreSQL/flexibleServers/configurations";

/** A changed parameter is stored as a child record shaped like a resource, its state in `properties`. */
const overrideSchema = z.object({ properties: z.object({ value: z.string(), source: z.string(), isConfigPendingRestart: z.boolean() }) });
const updateSchema = z.object({ properties: z.object({ value: z.string().optional(), source: z.string().optional() }).loose() }).loose();

function override(env: ArmEnvironment, serverId: string, name: string) {
  const stored = env.store.get(`${serverId}/configurations/${name}`);
  const parsed = overrideSchema.safeParse(stored?.body);
  return parsed.success ? parsed.data.properties : undefined;
}

function configurationBody(env: ArmEnvironment, server: StoredResource, spec: ConfigurationSpec): Record<string, unknown> {
  const version = propsOf(server).version ?? "17";
  const skuName = (server.body.sku as { name?: string } | undefined)?.name ?? "";
  const defaultValue = spec.defaultValue({ skuName, version });
  const o = override(env, server.id, spec.name);
  return {
    id: `${server.id}/configurations/${spec.name}`,
    name: spec.name,
    type: CONFIGURATION_TYPE,
    properties: {
      description: spec.description,
      allowedValues: spec.allowedValues,
      dataType: spec.dataType,
      defaultValue,
      documentationLink: documentationLink(spec, version),
      isConfigPendingRestart: o?.isConfigPendingRestart ?? false,
      isDynamicConfig: spec.isDynamicConfig,
      isReadOnly: spec.isReadOnly ?? false,
      source: o?.source ?? "system-default",
      value: o?.value ?? defaultValue,
      ...(spec.unit ? { unit: spec.unit } : {}),
    },
  };
}

function requireSpec(name: string, version: string | undefined): ConfigurationSpec {
  const spec = findConfiguration(name);
  if (!spec) throw new ArmError(404, "ConfigurationNotExists", `The configuration '${name}' does not exist for PostgreSQL server version ${version ?? "17"}.`);
  return spec;
}

/** After a restart every stored value is in effect. */
export function clearPendingRestarts(env: ArmEnvironment, serverId: string): void {
  for (const c of env.store.children(serverId, "configurations")) {
    const parsed = overrideSchema.safeParse(c.body);
    if (parsed.success && parsed.data.properties.isConfigPendingRestart) {
      env.store.update(c.id, (b) => void (b.properties = { ...parsed.data.properties, isConfigPendingRestart: false }));
    }
  }
}

function write(req: Parameters<ArmRoute["handle"]>[0], env: ArmEnvironment) {
  const server = requireReadyServer(env, req);
  const spec = requireSpec(req.params.configurationName!, propsOf(server).version);
  const { properties } = parseBody(updateSchema, req.body);
  const skuName = (server.body.sku as { name?: string } | undefined)?.name ?? "";
  const resetting = properties.value === undefined || properties.source === "system-default";
  const value = resetting ? spec.defaultValue({ skuName, version: propsOf(server).version ?? "17" }) : properties.value!;
  const problem = resetting ? null : configurationValueProblem(spec, value);
  if (problem) throw new ArmError(400, problem.code, problem.message, problem.target ? { target: problem.target } : {});
  const before = configurationBody(env, server, spec).properties as { value: string };
  const op = beginOperation(env, req, {
    resourceId: `${server.id}/configurations/${spec.name}`,
    location: String(server.body.location),
    kind: OPS.configurationWrite,
    args: { serverId: server.id, name: spec.name, value: normaliseConfigurationValue(spec, value), before: before.value, source: resetting ? "system-default" : (properties.source ?? "user-override") },
  });
  return accepted(env, req, op);
}

export function configurationRoutes(): ArmRoute[] {
  const path = `${SERVER}/configurations/{configurationName}`;
  const writeAction = "Microsoft.DBforPostgreSQL/flexibleServers/configurations/write";
  return [
    {
      method: "GET",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/configurations/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        return { status: 200, body: configurationBody(env, server, requireSpec(req.params.configurationName!, propsOf(server).version)) };
      },
    },
    { method: "PATCH", path, apiVersions: versions, action: writeAction, handle: write },
    { method: "PUT", path, apiVersions: versions, action: writeAction, handle: write },
    {
      method: "GET",
      path: `${SERVER}/configurations`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/configurations/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        return pageOf(env, req, CONFIGURATIONS.map((spec) => configurationBody(env, server, spec)));
      },
    },
  ];
}

const argsSchema = z.object({ serverId: z.string(), name: z.string(), value: z.string(), before: z.string(), source: z.string() });

export function configurationCompletions(dataPlane: PostgresDataPlane): Record<string, OperationCompletion> {
  return {
    [OPS.configurationWrite]: {
      onSuccess(op, env) {
        const a = argsSchema.parse(op.args);
        if (!env.store.get(a.serverId)) throw new ArmError(404, "ServerNotFound", "The server was deleted before the parameter could be changed.");
        if (awaitDataPlane(op.id, () => dataPlane.configurationChanged?.(a.serverId, a.name, a.value)) === "pending") return "pending";
        const spec = findConfiguration(a.name);
        // A static parameter waits for a restart once its effective value changed (and until then).
        const pendingBefore = override(env, a.serverId, a.name)?.isConfigPendingRestart === true;
        const pending = spec?.isDynamicConfig === false && (a.value !== a.before || pendingBefore);
        env.store.put(op.resourceId, {
          id: `${a.serverId}/configurations/${a.name}`,
          name: a.name,
          type: CONFIGURATION_TYPE,
          properties: { value: a.value, source: a.source, isConfigPendingRestart: pending },
        });
      },
    },
  };
}

/**
 * Databases of a flexible server: create (PUT → 202 + async headers, like the DatabasesCreate
 * example), get, list, delete. A new server has Azure's three system databases; those cannot be
 * dropped. Charset and collation are fixed once a database exists.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { pageOf, parseBody, snapshot } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRoute, OperationCompletion } from "../../core/types";
import { POSTGRES_API_VERSIONS } from "./api-versions";
import { accepted, beginOperation, OPS, requireReadyServer, requireServer, SERVER } from "./common";
import type { PostgresDataPlane } from "./data-plane";
import { awaitDataPlane } from "./data-plane-wait";

const versions = [...POSTGRES_API_VERSIONS];
const DATABASE_TYPE = "Microsoft.DBforPostgreSQL/flexibleServers/databases";
const SYSTEM_DATABASES = ["azure_maintenance", "azure_sys", "postgres"];
const RESERVED = new Set([...SYSTEM_DATABASES, "template0", "template1"]);
const CHARSETS = ["UTF8", "SQL_ASCII", "LATIN1", "LATIN2", "LATIN9", "WIN1252", "EUC_JP", "EUC_KR", "ISO_8859_5", "KOI8R"];

const databaseSchema = z.object({
  properties: z
    .object({
      charset: z.string().optional(),
      collation: z.string().regex(/^(C|POSIX|[A-Za-z]{2,3}(_[A-Za-z]{2})?(\.[A-Za-z0-9-]+)?)$/, "is not a valid collation (e.g. en_US.utf8, C)").optional(),
    })
    .loose()
    .optional(),
});

/** PostgreSQL identifiers: up to 63 characters, starting with a letter or underscore. */
export function databaseNameProblem(name: string): string | null {
  return /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name) ? null : `Database name '${name}' is not valid: use up to 63 letters, digits, underscores or hyphens, starting with a letter or underscore.`;
}

function databaseBody(serverId: string, name: string, charset: string, collation: string): Record<string, unknown> {
  return { id: `${serverId}/databases/${name}`, name, type: DATABASE_TYPE, properties: { charset, collation } };
}

export function createSystemDatabases(env: ArmEnvironment, server: StoredResource): void {
  for (const name of SYSTEM_DATABASES) {
    const id = `${server.id}/databases/${name}`;
    if (!env.store.get(id)) env.store.put(id, databaseBody(server.id, name, "UTF8", "en_US.utf8"));
  }
}

export function databaseRoutes(): ArmRoute[] {
  const path = `${SERVER}/databases/{databaseName}`;
  return [
    {
      method: "PUT",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/databases/write",
      handle: (req, env) => {
        const server = requireReadyServer(env, req);
        const name = req.params.databaseName!;
        const problem = databaseNameProblem(name);
        if (problem) throw new ArmError(400, "InvalidDatabaseName", problem, { target: "databaseName" });
        const body = parseBody(databaseSchema, req.body ?? {});
        const charset = body.properties?.charset ?? "UTF8";
        if (!CHARSETS.some((c) => c.toLowerCase() === charset.toLowerCase())) {
          throw new ArmError(400, "InvalidCharset", `Charset '${charset}' is not supported. Supported: ${CHARSETS.join(", ")}.`, { target: "properties.charset" });
        }
        const collation = body.properties?.collation ?? "en_US.utf8";
        const id = `${server.id}/databases/${name}`;
        const existing = env.store.get(id);
        if (existing) {
          const props = existing.body.properties as { charset?: string; collation?: string };
          if (props.charset?.toLowerCase() !== charset.toLowerCase() || props.collation?.toLowerCase() !== collation.toLowerCase()) {
            throw new ArmError(400, "DatabasePropertiesCannotBeChanged", `Charset and collation of database '${name}' cannot be changed (currently ${props.charset}/${props.collation}).`);
          }
        }
        const op = beginOperation(env, req, { resourceId: id, location: String(server.body.location), kind: OPS.databaseWrite, args: { serverId: server.id, name, charset, collation } });
        return accepted(env, req, op);
      },
    },
    {
      method: "GET",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/databases/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        const db = env.store.get(`${server.id}/databases/${req.params.databaseName!}`);
        if (!db) throw armErrors.resourceNotFound(DATABASE_TYPE, `${String(server.body.name)}/${req.params.databaseName!}`, req.params.resourceGroupName!);
        return { status: 200, body: snapshot(db.body) };
      },
    },
    {
      method: "DELETE",
      path,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/databases/delete",
      handle: (req, env) => {
        const server = requireReadyServer(env, req);
        const name = req.params.databaseName!;
        if (RESERVED.has(name.toLowerCase())) throw new ArmError(400, "CannotDropSystemDatabase", `Database '${name}' is a system database and cannot be deleted.`);
        const id = `${server.id}/databases/${name}`;
        if (!env.store.get(id)) return { status: 204 };
        const op = beginOperation(env, req, { resourceId: id, location: String(server.body.location), kind: OPS.databaseDelete, result: "none", args: { serverId: server.id, name } });
        return accepted(env, req, op);
      },
    },
    {
      method: "GET",
      path: `${SERVER}/databases`,
      apiVersions: versions,
      action: "Microsoft.DBforPostgreSQL/flexibleServers/databases/read",
      handle: (req, env) => {
        const server = requireServer(env, req);
        return pageOf(env, req, env.store.children(server.id, "databases").map((r) => snapshot(r.body)));
      },
    },
  ];
}

const argsSchema = z.object({ serverId: z.string(), name: z.string(), charset: z.string().optional(), collation: z.string().optional() });

export function databaseCompletions(dataPlane: PostgresDataPlane): Record<string, OperationCompletion> {
  return {
    [OPS.databaseWrite]: {
      onSuccess(op, env) {
        const a = argsSchema.parse(op.args);
        if (!env.store.get(a.serverId)) throw new ArmError(404, "ServerNotFound", "The server was deleted before the database could be created.");
        const charset = a.charset ?? "UTF8";
        const collation = a.collation ?? "en_US.utf8";
        if (awaitDataPlane(op.id, () => dataPlane.databaseCreated?.(a.serverId, { name: a.name, charset, collation })) === "pending") return "pending";
        env.store.put(op.resourceId, databaseBody(a.serverId, a.name, charset, collation));
      },
    },
    [OPS.databaseDelete]: {
      onSuccess(op, env) {
        const a = argsSchema.parse(op.args);
        if (awaitDataPlane(op.id, () => dataPlane.databaseDeleted?.(a.serverId, a.name)) === "pending") return "pending";
        env.store.delete(op.resourceId);
      },
    },
  };
}

/**
 * PostgreSQL flexible server (private access in the delegated db subnet, TLS required), its
 * databases (openhands, keycloak, litellm, runtime_api_db) and server parameters such as
 * `require_secure_transport`. The administrator password comes from the plan's `secretInputs`
 * (the console worker derives it, lib/operations/generated-secrets.ts) and is sent only on create;
 * without one a random password is used. It is never stored or logged.
 */
import { randomBytes } from "node:crypto";
import type { Configuration, ConfigurationForUpdate, Database, Server } from "@azure/arm-postgresql-flexible";
import { autorestLro, bodyWithSecrets, nameSegments } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

/** 3 of 4 character classes, 32 characters: Azure's complexity rule with room to spare. */
export function generateAdminPassword(): string {
  return `Oh-${randomBytes(24).toString("base64url").replace(/[-_]/g, "x")}9a`;
}

export const postgresServerHandler: ResourceHandler = {
  types: ["Microsoft.DBforPostgreSQL/flexibleServers"],
  apply: (ctx, r) => {
    const planned = r.armBody as Server;
    return reconcile(ctx, r, {
      get: () => ctx.clients.postgres.servers.get(r.resourceGroup, r.name),
      put: async () => {
        const exists = ctx.pollers()[r.key] === undefined && (await ctx.clients.postgres.servers.get(r.resourceGroup, r.name).then(() => true, () => false));
        // Login and network cannot change after create; a password is only needed to create.
        const withSecrets = await bodyWithSecrets<Server>(ctx, r);
        const body: Server = exists
          ? { ...planned, administratorLoginPassword: undefined }
          : { ...withSecrets, administratorLoginPassword: withSecrets.administratorLoginPassword ?? generateAdminPassword() };
        return autorestLro(ctx, r.key, (o) => ctx.clients.postgres.servers.beginCreateOrUpdate(r.resourceGroup, r.name, body, o));
      },
      facts: (s) => ({ fqdn: s.fullyQualifiedDomainName ?? "", administratorLogin: s.administratorLogin ?? "", version: s.version ?? "" }),
    });
  },
};

export const postgresDatabaseHandler: ResourceHandler = {
  types: ["Microsoft.DBforPostgreSQL/flexibleServers/databases"],
  apply: (ctx, r) => {
    const [server = "", db = ""] = nameSegments(r, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.postgres.databases.get(r.resourceGroup, server, db),
      put: () => autorestLro(ctx, r.key, (o) => ctx.clients.postgres.databases.beginCreate(r.resourceGroup, server, db, r.armBody as Database, o)),
    });
  },
};

export const postgresConfigurationHandler: ResourceHandler = {
  types: ["Microsoft.DBforPostgreSQL/flexibleServers/configurations"],
  apply: (ctx, r) => {
    const [server = "", name = ""] = nameSegments(r, 2);
    const planned = r.armBody as ConfigurationForUpdate;
    const lower = (c: Configuration) => ({ ...c, value: c.value?.toLowerCase() });
    return reconcile(ctx, r, {
      // Azure answers values in its own case (ON/on): compare the value only, case-insensitively.
      desired: { value: planned.value?.toLowerCase() },
      get: async () => lower(await ctx.clients.postgres.configurations.get(r.resourceGroup, server, name)),
      put: async () => lower(await autorestLro(ctx, r.key, (o) => ctx.clients.postgres.configurations.beginPut(r.resourceGroup, server, name, planned, o))),
    });
  },
};

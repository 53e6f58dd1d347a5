/**
 * Blob containers (`blobServices/default/containers/{name}`): create (201 new, 200 existing),
 * update, get, list, delete — synchronous, as Azure answers them. Public access is refused
 * while the account disallows it.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { ok, pageOf, parseBody, snapshot } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { STORAGE_API_VERSIONS } from "./api-versions";
import { assertContainerName } from "./names";
import { requireAccount, requireProvisioned } from "./storage-accounts";

export const CONTAINER_TYPE = "Microsoft.Storage/storageAccounts/blobServices/containers";

const containerSchema = z
  .object({
    properties: z
      .object({
        publicAccess: z.enum(["None", "Container", "Blob"]).optional(),
        metadata: z.record(z.string(), z.string()).optional(),
        defaultEncryptionScope: z.string().optional(),
        denyEncryptionScopeOverride: z.boolean().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/default/containers";

/** Blob etags are quoted hex timestamps such as "0x8DC2B1F0A1B2C3D". */
function blobEtag(): string {
  return `"0x8D${randomBytes(6).toString("hex").toUpperCase().slice(0, 11)}"`;
}

function containerId(account: StoredResource, name: string): string {
  return `${account.id}/blobServices/default/containers/${name}`;
}

function notFound(name: string): ArmError {
  return new ArmError(404, "ContainerNotFound", `The specified container '${name}' does not exist.`);
}

function writeContainer(req: ArmRequest, env: ArmEnvironment, mode: "create" | "update") {
  const account = requireProvisioned(env, req);
  const name = req.params.containerName!;
  assertContainerName(name);
  const body = parseBody(containerSchema, req.body ?? {});
  const id = containerId(account, name);
  const existing = env.store.get(id);
  if (mode === "update" && !existing) throw notFound(name);
  const input = body.properties ?? {};
  const publicAccess = input.publicAccess ?? (existing ? String((existing.body.properties as Record<string, unknown>).publicAccess) : "None");
  const allowsPublic = (account.body.properties as { allowBlobPublicAccess?: boolean }).allowBlobPublicAccess === true;
  if (publicAccess !== "None" && !allowsPublic) {
    throw new ArmError(409, "ContainerOperationFailure", "Public access is not permitted on this storage account.", { target: name });
  }
  const previous = (existing?.body.properties ?? {}) as Record<string, unknown>;
  const properties: Record<string, unknown> = {
    deleted: false,
    remainingRetentionDays: 0,
    defaultEncryptionScope: input.defaultEncryptionScope ?? previous.defaultEncryptionScope ?? "$account-encryption-key",
    denyEncryptionScopeOverride: input.denyEncryptionScopeOverride ?? previous.denyEncryptionScopeOverride ?? false,
    publicAccess,
    leaseStatus: "Unlocked",
    leaseState: "Available",
    lastModifiedTime: env.now().toISOString(),
    hasImmutabilityPolicy: false,
    hasLegalHold: false,
  };
  const metadata = input.metadata ?? previous.metadata;
  if (metadata) properties.metadata = metadata;
  const container = { id, name: existing ? String(existing.body.name) : name, type: CONTAINER_TYPE, etag: blobEtag(), properties };
  env.store.put(id, container);
  return ok(snapshot(container), existing || mode === "update" ? 200 : 201);
}

export const blobContainerRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path: `${base}/{containerName}`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/write",
    handle: (req, env) => writeContainer(req, env, "create"),
  },
  {
    method: "PATCH",
    path: `${base}/{containerName}`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/write",
    handle: (req, env) => writeContainer(req, env, "update"),
  },
  {
    method: "GET",
    path: `${base}/{containerName}`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/read",
    handle: (req, env) => {
      const container = env.store.get(containerId(requireAccount(env, req), req.params.containerName!));
      if (!container) throw notFound(req.params.containerName!);
      return ok(snapshot(container.body));
    },
  },
  {
    method: "DELETE",
    path: `${base}/{containerName}`,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
    handle: (req, env) => {
      const removed = env.store.delete(containerId(requireAccount(env, req), req.params.containerName!));
      return { status: removed.length > 0 ? 200 : 204 };
    },
  },
  {
    method: "GET",
    path: base,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/blobServices/containers/read",
    handle: (req, env) => {
      const account = requireAccount(env, req);
      const items = env.store.all().filter((r) => r.id.toLowerCase().startsWith(`${account.id.toLowerCase()}/blobservices/default/containers/`));
      return pageOf(env, req, items.map((r) => snapshot(r.body)));
    },
  },
];

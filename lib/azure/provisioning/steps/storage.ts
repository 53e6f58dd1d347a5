/**
 * Storage account (backups, support bundles, archives), its blob containers and the lifecycle
 * policy that deletes old blobs. Account create is a TypeSpec LRO (202 + Location); an existing
 * account is changed with a synchronous PATCH. arm-storage 20 drops `properties` unless a plain
 * field such as `minimumTlsVersion` is set: the plan's body sends one.
 */
import { restorePoller, type BlobContainer, type ManagementPolicy, type StorageAccountCreateParameters, type StorageAccountUpdateParameters } from "@azure/arm-storage";
import { nameSegments, typespecLro } from "./lro";
import { reconcile } from "./reconcile";
import type { DesiredResource, ResourceHandler } from "./types";

export const storageAccountHandler: ResourceHandler = {
  types: ["Microsoft.Storage/storageAccounts"],
  apply: (ctx, r) => {
    const planned = r.armBody as StorageAccountCreateParameters;
    const accounts = ctx.clients.storage.storageAccounts;
    const opts = { updateIntervalInMs: ctx.pollIntervalMs, abortSignal: ctx.signal };
    return reconcile(ctx, r, {
      get: () => accounts.getProperties(r.resourceGroup, r.name),
      put: async () => {
        const exists = ctx.pollers()[r.key] === undefined && (await accounts.getProperties(r.resourceGroup, r.name).then(() => true, () => false));
        if (exists) {
          const { location: _l, kind, ...update } = planned;
          return accounts.update(r.resourceGroup, r.name, { ...update, kind } as StorageAccountUpdateParameters);
        }
        return typespecLro(
          ctx,
          r.key,
          () => accounts.create(r.resourceGroup, r.name, planned, opts),
          (state) => restorePoller(ctx.clients.storage, state, accounts.create, opts),
        );
      },
      facts: (a) => ({ blobEndpoint: a.primaryEndpoints?.blob ?? "" }),
    });
  },
};

/** Parents `account` or `account, default` (the blob service), then the container. */
function containerParts(r: DesiredResource): [string, string] {
  const parts = [...(r.parentNames ?? []), r.name];
  const account = parts[0] ?? "";
  if (parts.length < 2 || parts.length > 3 || account === "" || r.name === "") throw new Error(`blob container "${r.key}" needs the account as parent`);
  return [account, r.name];
}

export const blobContainerHandler: ResourceHandler = {
  types: ["Microsoft.Storage/storageAccounts/blobServices/containers"],
  apply: (ctx, r) => {
    const [account, container] = containerParts(r);
    return reconcile(ctx, r, {
      get: () => ctx.clients.storage.blobContainers.get(r.resourceGroup, account, container),
      put: () => ctx.clients.storage.blobContainers.create(r.resourceGroup, account, container, r.armBody as BlobContainer),
    });
  },
};

export const managementPolicyHandler: ResourceHandler = {
  types: ["Microsoft.Storage/storageAccounts/managementPolicies"],
  apply: (ctx, r) => {
    const [account = ""] = nameSegments(r, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.storage.managementPolicies.get(r.resourceGroup, account, "default"),
      put: () => ctx.clients.storage.managementPolicies.createOrUpdate(r.resourceGroup, account, "default", r.armBody as ManagementPolicy),
    });
  },
};

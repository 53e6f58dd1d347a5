/**
 * Storage account (backups, support bundles, archives), its blob containers and the lifecycle
 * policy that deletes old blobs. Account create is a TypeSpec LRO (202 + Location); an existing
 * account is changed with a synchronous PATCH. arm-storage 20 drops `properties` unless a plain
 * field such as `minimumTlsVersion` is set: the plan's body sends one.
 */
import { restorePoller, type BlobContainer, type ManagementPolicy, type StorageAccountCreateParameters, type StorageAccountUpdateParameters } from "@azure/arm-storage";
import { splitChildName, typespecLro } from "./lro";
import { reconcile } from "./reconcile";
import type { ResourceHandler } from "./types";

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

/** `account/container` or `account/default/container` (the ARM child path). */
function containerParts(name: string): [string, string] {
  const parts = name.split("/");
  const account = parts[0] ?? "";
  const container = parts[parts.length - 1] ?? "";
  if (parts.length < 2 || parts.length > 3 || account === "" || container === "") throw new Error(`blob container name "${name}" must be account/container`);
  return [account, container];
}

export const blobContainerHandler: ResourceHandler = {
  types: ["Microsoft.Storage/storageAccounts/blobServices/containers"],
  apply: (ctx, r) => {
    const [account, container] = containerParts(r.name);
    return reconcile(ctx, r, {
      get: () => ctx.clients.storage.blobContainers.get(r.resourceGroup, account, container),
      put: () => ctx.clients.storage.blobContainers.create(r.resourceGroup, account, container, r.armBody as BlobContainer),
    });
  },
};

export const managementPolicyHandler: ResourceHandler = {
  types: ["Microsoft.Storage/storageAccounts/managementPolicies"],
  apply: (ctx, r) => {
    const [account = ""] = splitChildName(r.name, 2);
    return reconcile(ctx, r, {
      get: () => ctx.clients.storage.managementPolicies.get(r.resourceGroup, account, "default"),
      put: () => ctx.clients.storage.managementPolicies.createOrUpdate(r.resourceGroup, account, "default", r.armBody as ManagementPolicy),
    });
  },
};

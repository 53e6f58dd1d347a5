/**
 * Storage accounts: create (202 + Location, polled to 200 with the account; the SDK's
 * "location" final state), PUT on an existing account updates it (200), getProperties, PATCH,
 * DELETE (synchronous 200/204 as Azure answers it), lists, checkNameAvailability, listKeys and
 * regenerateKey. Names are globally unique (see taken-names.ts).
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { locationName } from "../../core/locations";
import { lroHeaders } from "../../core/operations";
import { providerResourceId, resourceGroupId } from "../../core/paths";
import { ok, pageOf, parseBody, requireResourceGroup, snapshot } from "../../core/resource-helpers";
import type { StoredResource } from "../../core/store";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute, OperationCompletion } from "../../core/types";
import { createAccountSchema, newAccountBody, updateAccountBody, updateAccountSchema } from "./account-body";
import { accountKeys, forgetKeys, issueKeys, keysAnswer, regenerate } from "./account-keys";
import { STORAGE_API_VERSIONS } from "./api-versions";
import { accountNameTakenMessage, assertAccountName, nameAvailability } from "./names";
import { checkVirtualNetworkRules } from "./network-rules";
import { accountNamed, isNameTaken } from "./taken-names";

export const STORAGE = "Microsoft.Storage";
export const ACCOUNT_TYPE = "Microsoft.Storage/storageAccounts";
export const ACCOUNT_CREATE = "Microsoft.Storage/storageAccounts/create";

export interface StorageOptions {
  /** Origin of the local blob/queue/table services that endpoints point at. */
  serviceOrigin: string;
}

const base = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts";

function ids(req: ArmRequest) {
  const { subscriptionId: sub, resourceGroupName: rg, accountName: name } = req.params as Record<string, string>;
  return { sub: sub!, rg: rg!, name: name ?? "", id: providerResourceId(sub!, rg!, STORAGE, ["storageAccounts"], [name ?? ""]) };
}

function stateOf(r: StoredResource): string | undefined {
  const p = r.body.properties as { provisioningState?: unknown } | undefined;
  return typeof p?.provisioningState === "string" ? p.provisioningState : undefined;
}

export function requireAccount(env: ArmEnvironment, req: ArmRequest): StoredResource {
  const { rg, name, id } = ids(req);
  const account = env.store.get(id);
  if (!account) throw armErrors.resourceNotFound(ACCOUNT_TYPE, name, rg);
  return account;
}

/** Operations on an account's data or children need it provisioned, as Azure does. */
export function requireProvisioned(env: ArmEnvironment, req: ArmRequest): StoredResource {
  const account = requireAccount(env, req);
  if (stateOf(account) !== "Succeeded") {
    throw new ArmError(409, "StorageAccountIsNotProvisioned", `The storage account provisioning state must be 'Succeeded' before executing the operation.`);
  }
  return account;
}

export const accountCompletions: Record<string, OperationCompletion> = {
  [ACCOUNT_CREATE]: {
    onSuccess(op, env) {
      env.store.update(op.resourceId, (b) => {
        (b.properties as Record<string, unknown>).provisioningState = "Succeeded";
      });
    },
    // A failed create leaves no account behind (and frees the name).
    onFailure(op, env) {
      env.store.delete(op.resourceId);
      forgetKeys(env, [op.resourceId]);
    },
  },
};

function putAccount(opts: StorageOptions) {
  return (req: ArmRequest, env: ArmEnvironment): ArmResponse => {
    const { sub, rg, name, id } = ids(req);
    assertAccountName(name);
    requireResourceGroup(env, sub, rg, { forWrite: true });
    const body = parseBody(createAccountSchema, req.body);
    const location = locationName(env.settings.locations, body.location);
    if (!location) {
      throw new ArmError(400, "LocationNotAvailableForResourceType", `The provided location '${body.location}' is not available for resource type '${ACCOUNT_TYPE}'. List of available regions for the resource type is '${env.settings.locations.map((l) => l.name).join(",")}'.`);
    }
    checkVirtualNetworkRules(env, body.properties);
    const existing = env.store.get(id);
    if (!existing) {
      const holder = accountNamed(env, name);
      if (holder && holder.id.toLowerCase().startsWith(`/subscriptions/${sub.toLowerCase()}/`)) {
        throw new ArmError(409, "StorageAccountAlreadyExists", `The storage account named ${name} already exists under the subscription.`, { target: name });
      }
      if (isNameTaken(env, name)) throw new ArmError(409, "StorageAccountAlreadyTaken", accountNameTakenMessage(name), { target: name });
      const keys = issueKeys(env, id);
      const account = newAccountBody(env, { id, name, location, serviceOrigin: opts.serviceOrigin, keyCreationTime: { key1: keys.key1.creationTime, key2: keys.key2.creationTime } }, body);
      (account.properties as Record<string, unknown>).provisioningState = "Creating";
      env.store.put(id, account);
      const op = env.operations.begin({ subscriptionId: sub, namespace: STORAGE, location, resourceId: id, kind: ACCOUNT_CREATE, completion: ACCOUNT_CREATE, result: "resource", fault: req.lroFault });
      return { status: 202, headers: lroHeaders(env, op, { location: true, apiVersion: req.apiVersion }) };
    }
    if (existing.body.location !== location) {
      throw new ArmError(409, "InvalidResourceLocation", `The resource '${name}' already exists in location '${String(existing.body.location)}' in resource group '${rg}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`);
    }
    const running = env.operations.inFlightFor(existing.id);
    if (running) return { status: 202, headers: lroHeaders(env, running, { location: true, apiVersion: req.apiVersion }) };
    env.store.update(existing.id, (b) => updateAccountBody(env, b, opts.serviceOrigin, body));
    return ok(snapshot(env.store.get(existing.id)!.body));
  };
}

const regenerateSchema = z.object({ keyName: z.string() }).loose();
const checkNameSchema = z.object({ name: z.string(), type: z.string() }).loose();

function listIn(env: ArmEnvironment, prefix: string): Array<Record<string, unknown>> {
  const p = prefix.toLowerCase();
  return env.store
    .all()
    .filter((r) => String(r.body.type) === ACCOUNT_TYPE && r.id.toLowerCase().startsWith(p))
    .map((r) => snapshot(r.body));
}

export function storageAccountRoutes(opts: StorageOptions): ArmRoute[] {
  return [
    { method: "PUT", path: `${base}/{accountName}`, apiVersions: STORAGE_API_VERSIONS, action: "Microsoft.Storage/storageAccounts/write", handle: putAccount(opts) },
    {
      method: "GET",
      path: `${base}/{accountName}`,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/read",
      handle: (req, env) => ok(snapshot(requireAccount(env, req).body)),
    },
    {
      method: "PATCH",
      path: `${base}/{accountName}`,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/write",
      handle: (req, env) => {
        const account = requireProvisioned(env, req);
        const body = parseBody(updateAccountSchema, req.body);
        checkVirtualNetworkRules(env, body.properties);
        env.store.update(account.id, (b) => updateAccountBody(env, b, opts.serviceOrigin, body));
        return ok(snapshot(env.store.get(account.id)!.body));
      },
    },
    {
      method: "DELETE",
      path: `${base}/{accountName}`,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/delete",
      handle: (req, env) => {
        const account = env.store.get(ids(req).id);
        if (!account) return { status: 204 };
        const removed = env.store.delete(account.id);
        forgetKeys(env, removed.map((r) => r.id));
        return { status: 200 };
      },
    },
    {
      method: "GET",
      path: base,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/read",
      handle: (req, env) => {
        const { sub, rg } = ids(req);
        requireResourceGroup(env, sub, rg);
        return pageOf(env, req, listIn(env, `${resourceGroupId(sub, rg)}/`));
      },
    },
    {
      method: "GET",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Storage/storageAccounts",
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/read",
      handle: (req, env) => pageOf(env, req, listIn(env, `/subscriptions/${req.params.subscriptionId!}/`)),
    },
    {
      method: "POST",
      path: "/subscriptions/{subscriptionId}/providers/Microsoft.Storage/checkNameAvailability",
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/checknameavailability/read",
      handle: (req, env) => {
        const body = parseBody(checkNameSchema, req.body);
        if (body.type.toLowerCase() !== ACCOUNT_TYPE.toLowerCase()) {
          throw new ArmError(400, "InvalidResourceType", `The resource type '${body.type}' is not supported by checkNameAvailability; use '${ACCOUNT_TYPE}'.`);
        }
        return ok(nameAvailability(body.name, isNameTaken(env, body.name)));
      },
    },
    {
      method: "POST",
      path: `${base}/{accountName}/listKeys`,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/listKeys/action",
      handle: (req, env) => ok(keysAnswer(accountKeys(env, requireProvisioned(env, req).id))),
    },
    {
      method: "POST",
      path: `${base}/{accountName}/regenerateKey`,
      apiVersions: STORAGE_API_VERSIONS,
      action: "Microsoft.Storage/storageAccounts/regeneratekey/action",
      handle: (req, env) => {
        const account = requireProvisioned(env, req);
        const { keyName } = parseBody(regenerateSchema, req.body);
        if (keyName !== "key1" && keyName !== "key2") {
          throw new ArmError(400, "InvalidValuesForRequestParameters", `Values for request parameters are invalid: keyName. The key name '${keyName}' is not valid: use key1 or key2.`, { target: "keyName" });
        }
        const keys = regenerate(env, account.id, keyName);
        env.store.update(account.id, (b) => {
          (b.properties as Record<string, unknown>).keyCreationTime = { key1: keys.key1.creationTime, key2: keys.key2.creationTime };
        });
        return ok(keysAnswer(keys));
      },
    },
  ];
}

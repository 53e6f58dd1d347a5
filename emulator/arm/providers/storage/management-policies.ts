/**
 * The account's blob lifecycle policy, `managementPolicies/default` (the only name Azure
 * accepts): PUT (validated, 200), GET, DELETE. Azure names the resource "DefaultManagementPolicy".
 */
import { ArmError } from "../../core/errors";
import { ok, snapshot } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmRoute } from "../../core/types";
import { STORAGE_API_VERSIONS } from "./api-versions";
import { parseManagementPolicy } from "./management-policy";
import { requireAccount, requireProvisioned } from "./storage-accounts";

const path = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/managementPolicies/{managementPolicyName}";

function policyName(req: ArmRequest): void {
  const name = req.params.managementPolicyName!;
  if (name.toLowerCase() !== "default") {
    throw new ArmError(400, "InvalidManagementPolicyName", `The management policy name '${name}' is not valid. The only supported name is 'default'.`, { target: "managementPolicyName" });
  }
}

function policyId(accountId: string): string {
  return `${accountId}/managementPolicies/default`;
}

function notFound(req: ArmRequest): ArmError {
  return new ArmError(404, "ManagementPolicyNotFound", `No ManagementPolicy found for account ${req.params.accountName!}`);
}

export const managementPolicyRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/managementPolicies/write",
    handle: (req: ArmRequest, env: ArmEnvironment) => {
      policyName(req);
      const account = requireProvisioned(env, req);
      const body = parseManagementPolicy(req.body);
      const policy = {
        id: policyId(account.id),
        name: "DefaultManagementPolicy",
        type: "Microsoft.Storage/storageAccounts/managementPolicies",
        properties: { policy: body.properties.policy, lastModifiedTime: env.now().toISOString() },
      };
      env.store.put(policy.id, policy);
      return ok(snapshot(policy));
    },
  },
  {
    method: "GET",
    path,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/managementPolicies/read",
    handle: (req, env) => {
      policyName(req);
      const policy = env.store.get(policyId(requireAccount(env, req).id));
      if (!policy) throw notFound(req);
      return ok(snapshot(policy.body));
    },
  },
  {
    method: "DELETE",
    path,
    apiVersions: STORAGE_API_VERSIONS,
    action: "Microsoft.Storage/storageAccounts/managementPolicies/delete",
    handle: (req, env) => {
      policyName(req);
      const removed = env.store.delete(policyId(requireAccount(env, req).id));
      return { status: removed.length > 0 ? 200 : 204 };
    },
  },
];

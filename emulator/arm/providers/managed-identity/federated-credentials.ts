/**
 * federatedIdentityCredentials of a user-assigned identity: PUT (synchronous 201 / 200), GET,
 * DELETE (200 / 204), list. Validated as Entra validates them: an https issuer, a non-empty
 * subject (e.g. `system:serviceaccount:<ns>:<sa>` for AKS workload identity), exactly one audience
 * (`api://AzureADTokenExchange`), at most 20 per identity, one issuer+subject pair per identity.
 * Shape: azure-rest-api-specs specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/
 * 2023-01-31/examples/FederatedIdentityCredentialCreate.json.
 */
import { z } from "zod";
import { ArmError, armErrors } from "../../core/errors";
import { pageOf, parseBody, requireResourceGroup, snapshot, systemData } from "../../core/resource-helpers";
import type { ArmRoute } from "../../core/types";
import { CREDENTIAL_TYPE, MAX_FEDERATED_CREDENTIALS, MSI_API_VERSIONS, credentialNameProblem } from "./common";
import { IDENTITY_PATH, requireIdentity } from "./identities";

const versions = [...MSI_API_VERSIONS];
const bodySchema = z.object({
  properties: z.object({ issuer: z.string(), subject: z.string(), audiences: z.array(z.string()) }).loose(),
}).loose();

function bad(message: string, target: string): ArmError {
  return new ArmError(400, "BadRequest", message, { target });
}

function validIssuer(issuer: string): boolean {
  try {
    return new URL(issuer).protocol === "https:";
  } catch {
    return false;
  }
}

export const federatedCredentialRoutes: ArmRoute[] = [
  {
    method: "PUT",
    path: `${IDENTITY_PATH}/federatedIdentityCredentials/{federatedIdentityCredentialResourceName}`,
    apiVersions: versions,
    action: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write",
    handle: (req, env) => {
      requireResourceGroup(env, req.params.subscriptionId!, req.params.resourceGroupName!, { forWrite: true });
      const identity = requireIdentity(env, req);
      const name = req.params.federatedIdentityCredentialResourceName!;
      const nameProblem = credentialNameProblem(name);
      if (nameProblem) throw new ArmError(400, "InvalidResourceName", nameProblem, { target: "federatedIdentityCredentialResourceName" });
      const { issuer, subject, audiences } = parseBody(bodySchema, req.body).properties;
      if (!validIssuer(issuer)) throw bad(`The issuer '${issuer}' is not a valid https URL.`, "properties.issuer");
      if (subject.trim() === "" || subject.length > 600) throw bad("The subject must be 1 to 600 characters long.", "properties.subject");
      if (audiences.length !== 1 || !audiences[0]) throw bad("Exactly one audience is supported (e.g. 'api://AzureADTokenExchange').", "properties.audiences");
      const id = `${identity.id}/federatedIdentityCredentials/${name}`;
      const existing = env.store.get(id);
      const siblings = env.store.children(identity.id, "federatedIdentityCredentials").filter((r) => r.id.toLowerCase() !== id.toLowerCase());
      const same = siblings.find((r) => {
        const p = r.body.properties as { issuer: string; subject: string };
        return p.issuer === issuer && p.subject === subject;
      });
      if (same) throw bad(`A federated identity credential with the same issuer and subject already exists on this identity ('${String(same.body.name)}').`, "properties.subject");
      if (!existing && siblings.length >= MAX_FEDERATED_CREDENTIALS) {
        throw bad(`An identity can have at most ${MAX_FEDERATED_CREDENTIALS} federated identity credentials.`, "federatedIdentityCredentialResourceName");
      }
      const canonical = existing ? String(existing.body.name) : name;
      const body = {
        id: `${identity.id}/federatedIdentityCredentials/${canonical}`,
        name: canonical,
        type: CREDENTIAL_TYPE,
        properties: { issuer, subject, audiences },
        systemData: systemData(req.caller, env.now(), existing?.body.systemData),
      };
      env.store.put(id, body);
      return { status: existing ? 200 : 201, body: snapshot(body) };
    },
  },
  {
    method: "GET",
    path: `${IDENTITY_PATH}/federatedIdentityCredentials/{federatedIdentityCredentialResourceName}`,
    apiVersions: versions,
    action: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
    handle: (req, env) => {
      const identity = requireIdentity(env, req);
      const name = req.params.federatedIdentityCredentialResourceName!;
      const found = env.store.get(`${identity.id}/federatedIdentityCredentials/${name}`);
      if (!found) throw armErrors.resourceNotFound(CREDENTIAL_TYPE, `${req.params.resourceName!}/${name}`, req.params.resourceGroupName!);
      return { status: 200, body: snapshot(found.body) };
    },
  },
  {
    method: "DELETE",
    path: `${IDENTITY_PATH}/federatedIdentityCredentials/{federatedIdentityCredentialResourceName}`,
    apiVersions: versions,
    action: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete",
    handle: (req, env) => {
      const identity = requireIdentity(env, req);
      const removed = env.store.delete(`${identity.id}/federatedIdentityCredentials/${req.params.federatedIdentityCredentialResourceName!}`);
      return { status: removed.length > 0 ? 200 : 204 };
    },
  },
  {
    method: "GET",
    path: `${IDENTITY_PATH}/federatedIdentityCredentials`,
    apiVersions: versions,
    action: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read",
    handle: (req, env) => {
      const identity = requireIdentity(env, req);
      return pageOf(env, req, env.store.children(identity.id, "federatedIdentityCredentials").map((r) => snapshot(r.body)));
    },
  },
];

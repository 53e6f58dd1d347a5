/**
 * Poll endpoints of long-running operations, shared by all providers. The SDK follows the
 * absolute URLs from Azure-AsyncOperation (status body) and Location (HTTP status) verbatim.
 */
import { ArmError } from "./errors";
import type { OperationRecord } from "./operations";
import { operationResultUrl, retryAfterFor } from "./operations";
import { snapshot } from "./resource-helpers";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute } from "./types";

function findOperation(env: ArmEnvironment, req: ArmRequest): OperationRecord {
  const id = req.params.operationId ?? "";
  const op = env.operations.get(id);
  const ns = req.params.providerNamespace;
  if (!op || (ns !== undefined && ns.toLowerCase() !== op.namespace.toLowerCase())) {
    throw new ArmError(404, "OperationNotFound", `The operation '${id}' could not be found.`);
  }
  return op;
}

function statusAnswer(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const op = findOperation(env, req);
  const body: Record<string, unknown> = { name: op.id, status: op.status, startTime: op.startTime };
  if (op.endTime) body.endTime = op.endTime;
  if (op.error) body.error = op.error;
  const headers = op.status === "InProgress" ? { "Retry-After": String(retryAfterFor(env, op)) } : undefined;
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

function resultAnswer(req: ArmRequest, env: ArmEnvironment): ArmResponse {
  const op = findOperation(env, req);
  if (op.status === "InProgress") {
    return {
      status: 202,
      headers: { Location: operationResultUrl(env, op, req.apiVersion), "Retry-After": String(retryAfterFor(env, op)) },
    };
  }
  if (op.status === "Failed" && op.error) {
    return { status: op.errorStatus ?? 400, body: { error: op.error } };
  }
  const resource = op.result === "resource" ? env.store.get(op.resourceId) : undefined;
  return resource ? { status: 200, body: snapshot(resource.body) } : { status: 204 };
}

const providerOps = "/subscriptions/{subscriptionId}/providers/{providerNamespace}/locations/{location}";

export const operationPollRoutes: ArmRoute[] = [
  ...["operations", "azureAsyncOperation", "operationStatuses", "asyncOperations"].map(
    (segment): ArmRoute => ({
      method: "GET",
      path: `${providerOps}/${segment}/{operationId}`,
      apiVersions: ["*"],
      action: null,
      handle: statusAnswer,
    }),
  ),
  { method: "GET", path: `${providerOps}/operationResults/{operationId}`, apiVersions: ["*"], action: null, handle: resultAnswer },
  { method: "GET", path: "/subscriptions/{subscriptionId}/operationresults/{operationId}", apiVersions: ["*"], action: null, handle: resultAnswer },
];

import { RestError } from "@azure/core-rest-pipeline";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { DeployError } from "@/lib/azure/provisioning/steps/kubernetes/errors";
import { classifyArmError, retryDelayMs } from "./remedies";

function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): RestError {
  const err = new RestError(message, {
    statusCode: status,
    code,
    response: { status, headers: createHttpHeaders(headers), request: undefined as never, bodyAsText: "" } as never,
  });
  err.details = { error: { code, message } };
  return err;
}

describe("classifyArmError", () => {
  it("QuotaExceeded: keeps ARM's code and message, names the family and region, not transient", () => {
    const c = classifyArmError(armError(409, "QuotaExceeded", "Operation could not be completed as it results in exceeding approved standardDDSv5Family Cores quota."), { region: "eastus" });
    expect(c.code).toBe("QuotaExceeded");
    expect(c.message).toContain("standardDDSv5Family");
    expect(c.remedy).toMatch(/request more vCPU quota for standardDDSv5Family in region eastus/i);
    expect(c.remedy).toMatch(/smaller VM size/);
    expect(c.transient).toBe(false);
  });

  it("429 and 5xx are transient; Retry-After is read", () => {
    const throttled = classifyArmError(armError(429, "TooManyRequests", "slow down", { "retry-after": "3" }));
    expect(throttled).toMatchObject({ transient: true, retryAfterMs: 3000 });
    expect(classifyArmError(armError(500, "InternalServerError", "boom")).transient).toBe(true);
    expect(classifyArmError(armError(503, "ServiceUnavailable", "down")).transient).toBe(true);
  });

  it("a connection refused (ARM restarting) is transient", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:46443"), { code: "ECONNREFUSED" });
    expect(classifyArmError(err).transient).toBe(true);
  });

  it("an LRO that failed midway: the code is parsed from the message", () => {
    const c = classifyArmError(new Error("The long-running operation has failed. InternalOperationError. Node provisioning failed"));
    expect(c).toMatchObject({ code: "InternalOperationError", message: "Node provisioning failed", transient: false });
  });

  it("MissingSubscriptionRegistration names the namespace to register", () => {
    const c = classifyArmError(armError(409, "MissingSubscriptionRegistration", "The subscription is not registered to use namespace 'Microsoft.Cache'."));
    expect(c.remedy).toContain("az provider register --namespace Microsoft.Cache");
  });

  it("AuthorizationFailed, SkuNotAvailable and Conflict have remedies", () => {
    expect(classifyArmError(armError(403, "AuthorizationFailed", "no")).remedy).toMatch(/Contributor/);
    expect(classifyArmError(armError(409, "SkuNotAvailable", "no"), { vmSizes: ["Standard_D8ds_v5"] }).remedy).toMatch(/Standard_D8ds_v5.*not available/);
    expect(classifyArmError(armError(409, "Conflict", "busy")).remedy).toMatch(/wait for it to finish/);
  });
});

describe("classifyArmError for the deploy steps", () => {
  // client-node's ApiException: the HTTP status as a numeric `code`, the Status body as text.
  const apiException = (status: number, reason: string, message: string) =>
    Object.assign(new Error(`HTTP-Code: ${status} Message: Unknown API Status Code! Body: …`), { code: status, body: JSON.stringify({ kind: "Status", status: "Failure", reason, message, code: status }), headers: {} });

  it("401/403 from the API server: not transient, the AKS RBAC remedy", () => {
    const c = classifyArmError(apiException(401, "Unauthorized", "Unauthorized"));
    expect(c).toMatchObject({ code: "KubernetesUnauthorized", transient: false });
    expect(c.message).toBe("Kubernetes API: Unauthorized");
    expect(c.remedy).toMatch(/Azure Kubernetes Service RBAC Cluster Admin/);
    expect(classifyArmError(apiException(403, "Forbidden", "secrets is forbidden")).remedy).toMatch(/Cluster Admin/);
    expect(classifyArmError(apiException(404, "NotFound", 'deployments.apps "openhands" not found')).remedy).toMatch(/run setup again/);
  });

  it("429 and 5xx from the API server, and a refused connection while it starts, are retried", () => {
    expect(classifyArmError(apiException(429, "TooManyRequests", "slow down")).transient).toBe(true);
    expect(classifyArmError(apiException(503, "ServiceUnavailable", "starting")).transient).toBe(true);
    expect(classifyArmError(new Error("request to https://127.0.0.1:31001/api/v1/namespaces failed, reason: connect ECONNREFUSED 127.0.0.1:31001")).transient).toBe(true);
  });

  it("a deploy verdict is final even when its reason mentions a network error", () => {
    const c = classifyArmError(new DeployError("OpenHandsRedisUnreachable", "pod x is not Ready — the app says: ERROR: Redis cache is not accessible: connect ECONNREFUSED 127.0.20.1:6379"));
    expect(c).toMatchObject({ code: "OpenHandsRedisUnreachable", transient: false });
    expect(c.remedy).toMatch(/non-TLS port/);
  });

  it("readiness failing on the database password names the postgres-password secret", () => {
    const c = classifyArmError(new DeployError("OpenHandsDatabaseUnreachable", 'the app says: ERROR:saas_server:Database check failed: password authentication failed for user "ohadmin"'));
    expect(c.remedy).toMatch(/postgres-password/);
    expect(classifyArmError(new DeployError("ImagePullFailed", "pod x cannot pull its image: ErrImagePull")).remedy).toMatch(/attach-acr/);
    expect(classifyArmError(new DeployError("OpenHandsReadyTimeout", "not yet")).remedy).toMatch(/Retry/);
  });
});

describe("retryDelayMs", () => {
  it("honours Retry-After exactly", () => {
    expect(retryDelayMs(1, 2000, { baseMs: 100, maxMs: 500 })).toBe(2000);
  });
  it("grows exponentially with jitter and a cap", () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(retryDelayMs(1, undefined, opts, () => 0)).toBe(50);
    expect(retryDelayMs(3, undefined, opts, () => 1)).toBe(400);
    expect(retryDelayMs(10, undefined, opts, () => 1)).toBe(1000);
  });
});

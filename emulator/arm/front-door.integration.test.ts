/**
 * The ARM front door through the real SDKs and raw HTTPS: token checks against the real local
 * Entra, RBAC by role, api-version, path conventions, request ids, paging, errors, faults.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestError } from "@azure/core-rest-pipeline";
import { ARM_SCOPE } from "@/lib/azure/clients";
import { startArmTestStack, type ArmTestStack } from "./testing/arm-test-stack";

const RG_API = "api-version=2025-04-01";
let stack: ArmTestStack;
let sub: string;

beforeAll(async () => {
  stack = await startArmTestStack({ pageSize: 2 });
  sub = stack.identity.subscriptionId;
});
afterAll(async () => {
  await stack.close();
});

async function restError(p: Promise<unknown>): Promise<RestError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RestError);
  return err as RestError;
}

describe("authentication", () => {
  it("accepts the real ClientSecretCredential token of the Owner and Contributor apps", async () => {
    const rg = await stack.clients().resources.resourceGroups.createOrUpdate("rg-auth", { location: "eastus" });
    expect(rg.name).toBe("rg-auth");
    const got = await stack.clients(stack.contributor).resources.resourceGroups.get("rg-auth");
    expect(got.location).toBe("eastus");
  });

  it("answers 401 with ARM's codes for a missing, forged, expired or wrongly addressed token", async () => {
    const path = `/subscriptions/${sub}/resourcegroups?${RG_API}`;
    const none = await stack.call("GET", path, { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { code: "AuthenticationFailed", message: expect.stringContaining("Authorization") } });
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri=/);

    const garbage = await stack.call("GET", path, { token: "not-a-jwt" });
    expect(garbage.status).toBe(401);
    expect((garbage.body as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");

    const admin = stack.identity.users.admin!;
    const expired = await stack.call("GET", path, { token: await stack.userToken(admin, {}, -120) });
    expect(expired.status).toBe(401);
    expect((expired.body as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");

    const wrongAud = await stack.call("GET", path, { token: await stack.userToken(admin, { aud: "api://openhands-console" }) });
    expect(wrongAud.status).toBe(401);
    expect((wrongAud.body as { error: { code: string } }).error.code).toBe("InvalidAuthenticationTokenAudience");

    const wrongTenant = await stack.call("GET", path, { token: await stack.userToken(admin, { tid: "00000000-0000-0000-0000-000000000001" }) });
    expect(wrongTenant.status).toBe(401);
    expect((wrongTenant.body as { error: { code: string } }).error.code).toBe("InvalidAuthenticationTokenTenant");

    const ok = await stack.call("GET", path, { token: await stack.userToken(admin) });
    expect(ok.status).toBe(200);
  });

  it("lets the Reader read but answers 403 AuthorizationFailed on writes; unknown principals get 403 everywhere", async () => {
    const reader = await stack.userToken(stack.identity.users.reader!);
    const read = await stack.call("GET", `/subscriptions/${sub}/resourcegroups/rg-auth?${RG_API}`, { token: reader });
    expect(read.status).toBe(200);
    const write = await stack.call("PUT", `/subscriptions/${sub}/resourcegroups/rg-reader?${RG_API}`, { token: reader, body: { location: "eastus" } });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({
      error: { code: "AuthorizationFailed", message: expect.stringContaining("'Microsoft.Resources/subscriptions/resourceGroups/write'") },
    });
    const exists = await stack.call("HEAD", `/subscriptions/${sub}/resourcegroups/rg-reader?${RG_API}`);
    expect(exists.status).toBe(404);

    const stranger = await stack.userToken(stack.identity.users.norole!);
    const denied = await stack.call("GET", `/subscriptions/${sub}/resourcegroups/rg-auth?${RG_API}`, { token: stranger });
    expect(denied.status).toBe(403);
    const subs = await stack.call("GET", "/subscriptions?api-version=2022-12-01", { token: stranger });
    expect(subs.body).toEqual({ value: [] });
  });
});

describe("ARM conventions", () => {
  it("requires a supported api-version and names the supported list", async () => {
    const missing = await stack.call("GET", `/subscriptions/${sub}/resourcegroups`);
    expect(missing.status).toBe(400);
    expect((missing.body as { error: { code: string } }).error.code).toBe("MissingApiVersionParameter");
    const bad = await stack.call("GET", `/subscriptions/${sub}/resourcegroups?api-version=2099-01-01`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: "InvalidApiVersionParameter", message: expect.stringContaining("'2025-04-01,") } });
  });

  it("matches paths case-insensitively, collapses // and stamps request ids", async () => {
    const res = await stack.call("GET", `//SUBSCRIPTIONS/${sub}//ResourceGroups/RG-AUTH?${RG_API}`, { headers: { "x-ms-correlation-request-id": "corr-1" } });
    expect(res.status).toBe(200);
    expect((res.body as { id: string }).id).toBe(`/subscriptions/${sub}/resourceGroups/rg-auth`);
    expect(res.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-ms-correlation-request-id")).toBe("corr-1");
  });

  it("answers unknown subscriptions and groups with ARM's 404 codes", async () => {
    const unknownSub = await stack.call("GET", `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups?${RG_API}`);
    expect(unknownSub.status).toBe(404);
    expect((unknownSub.body as { error: { code: string } }).error.code).toBe("SubscriptionNotFound");
    const err = await restError(stack.clients().resources.resourceGroups.get("rg-nope"));
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("ResourceGroupNotFound");
  });

  it("pages long lists with nextLink, and the SDK follows it", async () => {
    for (const n of [1, 2, 3, 4]) await stack.clients().resources.resourceGroups.createOrUpdate(`rg-page-${n}`, { location: "westeurope" });
    const first = await stack.call("GET", `/subscriptions/${sub}/resourcegroups?${RG_API}`);
    const page = first.body as { value: unknown[]; nextLink?: string };
    expect(page.value).toHaveLength(2);
    expect(page.nextLink).toMatch(new RegExp(`^${stack.arm.endpoint}/subscriptions/${sub}/resourcegroups\\?`));
    const names: string[] = [];
    for await (const g of stack.clients().resources.resourceGroups.list()) names.push(g.name!);
    expect(names).toEqual(["rg-auth", "rg-page-1", "rg-page-2", "rg-page-3", "rg-page-4"]);
  });

  it("refuses a bad body with a specific error and changes nothing", async () => {
    const res = await stack.call("PUT", `/subscriptions/${sub}/resourcegroups/rg-bad?${RG_API}`, { body: { location: 42 } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidRequestContent", target: "location" } });
    const bad = await stack.call("PUT", `/subscriptions/${sub}/resourcegroups/rg-bad?${RG_API}`, { body: { location: "moon" } });
    expect((bad.body as { error: { code: string } }).error.code).toBe("LocationNotAvailableForResourceGroup");
    expect((await stack.call("HEAD", `/subscriptions/${sub}/resourcegroups/rg-bad?${RG_API}`)).status).toBe(404);
  });

  it("answers malformed JSON without quoting the body back (it may hold a password)", async () => {
    const token = (await stack.owner.getToken("https://management.azure.com/.default"))?.token ?? "";
    const res = await fetch(`${stack.arm.endpoint}/subscriptions/${sub}/resourcegroups/rg-bad?${RG_API}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: '{"location": "eastus", "administratorLoginPassword": Hunter2-secret}',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "InvalidRequestContent" } });
    expect(text).not.toContain("Hunter2");
  });
});

describe("faults and the control API", () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.arm.endpoint}/_emulator/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it("reports health", async () => {
    const res = await control("GET", "health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", subscriptionId: sub, timeScale: 0 });
  });

  it("fails the next N matching calls with the given code, then recovers", async () => {
    const add = await control("POST", "faults", { match: { method: "PUT", path: "/resourcegroups/rg-fault" }, count: 2, action: { type: "error", code: "QuotaExceeded", message: "Not enough cores" } });
    expect(add.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const err = await restError(stack.clients().resources.resourceGroups.createOrUpdate("rg-fault", { location: "eastus" }));
      expect(err.statusCode).toBe(409);
      expect(err.code).toBe("QuotaExceeded");
    }
    expect((await stack.clients().resources.resourceGroups.createOrUpdate("rg-fault", { location: "eastus" })).name).toBe("rg-fault");
  });

  it("throttles with 429 and Retry-After, and stalls", async () => {
    await control("POST", "faults", [
      { match: { path: "/resourcegroups/rg-auth" }, action: { type: "throttle", retryAfterSeconds: 7 } },
      { match: { path: "/resourcegroups/rg-page-1" }, action: { type: "stall", ms: 300 } },
    ]);
    const throttled = await stack.call("GET", `/subscriptions/${sub}/resourcegroups/rg-auth?${RG_API}`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect((throttled.body as { error: { code: string } }).error.code).toBe("TooManyRequests");
    const started = Date.now();
    expect((await stack.call("GET", `/subscriptions/${sub}/resourcegroups/rg-page-1?${RG_API}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fails an LRO midway: the poller reports the error, the resource is not left half-deleted", async () => {
    await control("POST", "faults", { match: { method: "DELETE", path: "/resourcegroups/rg-page-4" }, action: { type: "failLro", code: "InternalServerError", message: "Deletion failed midway" } });
    const err = await stack.clients().resources.resourceGroups.beginDeleteAndWait("rg-page-4", { updateIntervalInMs: 5 }).then(() => undefined, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toMatch(/InternalServerError|Deletion failed midway/);
    expect((await stack.clients().resources.resourceGroups.get("rg-page-4")).properties?.provisioningState).toBe("Succeeded");
  });

  it("rejects bad fault rules and time scales without changing anything", async () => {
    await control("DELETE", "faults");
    const bad = await control("POST", "faults", [{ action: { type: "error", code: "Conflict" } }, { action: { type: "explode" } }]);
    expect(bad.status).toBe(400);
    expect(((await (await control("GET", "faults")).json()) as { rules: unknown[] }).rules).toEqual([]);
    expect((await control("PUT", "time-scale", { timeScale: -1 })).status).toBe(400);
    expect((await control("PUT", "time-scale", { timeScale: 0 })).status).toBe(200);
  });

  it("needs no token for the control API but does for ARM", async () => {
    const token = (await stack.owner.getToken(ARM_SCOPE))?.token ?? "";
    expect(token.split(".")).toHaveLength(3);
    expect((await stack.call("GET", `/subscriptions/${sub}?api-version=2022-12-01`, { token: null })).status).toBe(401);
  });
});

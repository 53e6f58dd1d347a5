/** Microsoft.Authorization permissions through the real arm-authorization client, per role. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestError } from "@azure/core-rest-pipeline";
import { FIXTURES, shapeDifferences, startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";

let stack: ArmTestStack;
beforeAll(async () => {
  stack = await startArmTestStack();
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-perm", { location: "eastus" });
});
afterAll(async () => {
  await stack.close();
});

describe("permissions of the caller on a resource group", () => {
  it("answers GetPermissions.json's shape", async () => {
    const example = JSON.parse(readFileSync(`${FIXTURES}/authorization/GetPermissions.json`, "utf8")) as { responses: { "200": { body: unknown } } };
    const raw = await stack.call("GET", `/subscriptions/${stack.identity.subscriptionId}/resourcegroups/rg-perm/providers/Microsoft.Authorization/permissions?api-version=2015-07-01`);
    expect(shapeDifferences(raw.body, example.responses["200"].body, ["nextLink"])).toEqual([]);
  });

  it("tells Owner, Contributor and Reader apart", async () => {
    const list = async (credential = stack.owner) => {
      const out: Array<{ actions?: string[]; notActions?: string[] }> = [];
      for await (const p of stack.clients(credential).authorization.permissions.listForResourceGroup("rg-perm")) out.push(p);
      return out;
    };
    expect(await list()).toEqual([expect.objectContaining({ actions: ["*"], notActions: [] })]);
    const contributor = await list(stack.contributor);
    expect(contributor[0]?.actions).toEqual(["*"]);
    expect(contributor[0]?.notActions).toContain("Microsoft.Authorization/*/Write");
    const readerToken = await stack.userToken(stack.identity.users.reader!);
    const reader = await stack.call("GET", `/subscriptions/${stack.identity.subscriptionId}/resourcegroups/rg-perm/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`, { token: readerToken });
    expect(reader.body).toEqual({ value: [{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }] });
  });

  it("answers 404 for an unknown group", async () => {
    const it = stack.clients().authorization.permissions.listForResourceGroup("rg-none");
    const err = await it.next().then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.code).toBe("ResourceGroupNotFound");
  });
});

describe("role definitions by id", () => {
  const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  it("answers a built-in role with its name and its actions/notActions, as RoleDefinitions_Get does", async () => {
    const sub = stack.identity.subscriptionId;
    const def = await stack.clients().authorization.roleDefinitions.get(`subscriptions/${sub}`, CONTRIBUTOR);
    expect(def).toMatchObject({ name: CONTRIBUTOR, type: "Microsoft.Authorization/roleDefinitions", roleName: "Contributor", roleType: "BuiltInRole", id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}` });
    expect(def.permissions?.[0]?.actions).toEqual(["*"]);
    expect(def.permissions?.[0]?.notActions).toContain("Microsoft.Authorization/*/Write");
    // A Reader may read definitions (Microsoft.Authorization/roleDefinitions/read is under */read).
    const readerToken = await stack.userToken(stack.identity.users.reader!);
    const asReader = await stack.call("GET", `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}?api-version=2022-04-01`, { token: readerToken });
    expect((asReader.body as { properties: { roleName: string } }).properties.roleName).toBe("Contributor");
  });

  it("answers 404 RoleDefinitionDoesNotExist for an id that is no built-in role", async () => {
    const err = await stack.clients().authorization.roleDefinitions.get(`subscriptions/${stack.identity.subscriptionId}`, "00000000-0000-4000-8000-000000000001").then(() => undefined, (e: unknown) => e as RestError);
    expect(err?.statusCode).toBe(404);
    expect(err?.code).toBe("RoleDefinitionDoesNotExist");
  });
});

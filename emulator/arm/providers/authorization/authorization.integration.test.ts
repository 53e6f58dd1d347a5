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

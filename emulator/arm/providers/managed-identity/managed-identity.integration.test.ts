/**
 * Microsoft.ManagedIdentity and Microsoft.Authorization/roleAssignments through the real
 * @azure/arm-msi and @azure/arm-authorization clients. Example shapes from azure-rest-api-specs:
 * specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/examples/
 * IdentityCreate.json + FederatedIdentityCredentialCreate.json, and
 * specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/
 * RoleAssignments_CreateForResourceGroup.json (field names and types; values are ours).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestError } from "@azure/core-rest-pipeline";
import { shapeDifferences, startArmTestStack, type ArmTestStack } from "../../testing/arm-test-stack";

const IDENTITY_EXAMPLE = {
  location: "eastus",
  tags: { key1: "value1" },
  id: "/subscriptions/s/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName",
  name: "identityName",
  type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  properties: { tenantId: "t", principalId: "p", clientId: "c" },
};
const CREDENTIAL_EXAMPLE = {
  id: "/subscriptions/s/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName/federatedIdentityCredentials/ficResourceName",
  name: "ficResourceName",
  type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
  properties: { issuer: "https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID", subject: "system:serviceaccount:ns:svcaccount", audiences: ["api://AzureADTokenExchange"] },
};
const ASSIGNMENT_EXAMPLE = {
  properties: { roleDefinitionId: "r", principalId: "p", principalType: "User", scope: "s" },
  id: "/subscriptions/s/resourceGroups/testrg/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747",
  type: "Microsoft.Authorization/roleAssignments",
  name: "b0f43c54-e787-4862-89b1-a653fa9cf747",
};
const READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const MONITORING_READER = "43d0d8ad-25c7-4714-9337-8ba259a9fe05";
const ISSUER = "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-2222-4333-a444-555555555555/";

let stack: ArmTestStack;
let sub: string;
const rgScope = () => `/subscriptions/${sub}/resourceGroups/rg-msi`;
const roleId = (guid: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as RestError);

beforeAll(async () => {
  stack = await startArmTestStack();
  sub = stack.identity.subscriptionId;
  await stack.clients().resources.resourceGroups.createOrUpdate("rg-msi", { location: "eastus" });
});
afterAll(async () => {
  await stack.close();
});

describe("user-assigned identities", () => {
  it("needs the namespace registered, then creates with stable principalId/clientId/tenantId in IdentityCreate.json's shape", async () => {
    const msi = stack.clients().msi;
    const unregistered = await errorOf(msi.userAssignedIdentities.createOrUpdate("rg-msi", "id-console", { location: "eastus" }));
    expect(unregistered?.code).toBe("MissingSubscriptionRegistration");
    await stack.clients().resources.providers.register("Microsoft.ManagedIdentity");
    const raw = await stack.call("PUT", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-console?api-version=2023-01-31`, { body: { location: "eastus", tags: { key1: "value1" } } });
    expect(raw.status).toBe(201);
    expect(shapeDifferences(raw.body, IDENTITY_EXAMPLE)).toEqual([]);
    const created = raw.body as { properties: { principalId: string; clientId: string; tenantId: string } };
    expect(created.properties.tenantId).toBe(stack.identity.tenantId);
    expect(created.properties.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.properties.clientId).not.toBe(created.properties.principalId);

    const updated = await msi.userAssignedIdentities.createOrUpdate("rg-msi", "id-console", { location: "eastus", tags: { env: "prod" } });
    expect(updated).toMatchObject({ principalId: created.properties.principalId, clientId: created.properties.clientId, tags: { env: "prod" } });
    await stack.restartArm();
    const got = await stack.clients().msi.userAssignedIdentities.get("rg-msi", "id-console");
    expect(got.principalId).toBe(created.properties.principalId);
    expect(got.clientId).toBe(created.properties.clientId);

    const byGroup = [];
    for await (const i of stack.clients().msi.userAssignedIdentities.listByResourceGroup("rg-msi")) byGroup.push(i.name);
    expect(byGroup).toEqual(["id-console"]);
    const bySub = [];
    for await (const i of stack.clients().msi.userAssignedIdentities.listBySubscription()) bySub.push(i.name);
    expect(bySub).toContain("id-console");
  });

  it("refuses a bad name, an unknown region, a missing group and a Reader", async () => {
    const msi = stack.clients().msi;
    expect((await errorOf(msi.userAssignedIdentities.createOrUpdate("rg-msi", "-x", { location: "eastus" })))?.code).toBe("InvalidResourceName");
    expect((await errorOf(msi.userAssignedIdentities.createOrUpdate("rg-msi", "id-moon", { location: "moon" })))?.code).toBe("LocationNotAvailableForResourceType");
    expect((await errorOf(msi.userAssignedIdentities.createOrUpdate("rg-none", "id-x", { location: "eastus" })))?.code).toBe("ResourceGroupNotFound");
    const token = await stack.userToken(stack.identity.users.reader!);
    const reader = await stack.call("PUT", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-r?api-version=2024-11-30`, { token, body: { location: "eastus" } });
    expect(reader.status).toBe(403);
    expect((reader.body as { error: { code: string } }).error.code).toBe("AuthorizationFailed");
    expect((await errorOf(msi.userAssignedIdentities.get("rg-msi", "id-r")))?.statusCode).toBe(404);
  });
});

describe("federated identity credentials", () => {
  it("creates the workload-identity trust in FederatedIdentityCredentialCreate.json's shape, lists and deletes it", async () => {
    const fic = stack.clients().msi.federatedIdentityCredentials;
    const raw = await stack.call("PUT", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-console/federatedIdentityCredentials/console-sa?api-version=2023-01-31`, {
      body: { properties: { issuer: ISSUER, subject: "system:serviceaccount:openhands-console:openhands-console", audiences: ["api://AzureADTokenExchange"] } },
    });
    expect(raw.status).toBe(201);
    expect(shapeDifferences(raw.body, CREDENTIAL_EXAMPLE)).toEqual([]);
    const again = await fic.createOrUpdate("rg-msi", "id-console", "console-sa", { issuer: ISSUER, subject: "system:serviceaccount:openhands-console:openhands-console", audiences: ["api://AzureADTokenExchange"] });
    expect(again.subject).toBe("system:serviceaccount:openhands-console:openhands-console");
    const names = [];
    for await (const c of fic.list("rg-msi", "id-console")) names.push(c.name);
    expect(names).toEqual(["console-sa"]);
  });

  it("refuses an http issuer, two audiences, a second credential with the same issuer+subject and an unknown identity", async () => {
    const fic = stack.clients().msi.federatedIdentityCredentials;
    const base = { issuer: ISSUER, subject: "system:serviceaccount:ns:other", audiences: ["api://AzureADTokenExchange"] };
    const http = await errorOf(fic.createOrUpdate("rg-msi", "id-console", "fc-2", { ...base, issuer: "http://issuer.example/" }));
    expect(http).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(http?.message).toContain("https");
    expect((await errorOf(fic.createOrUpdate("rg-msi", "id-console", "fc-2", { ...base, audiences: ["a", "b"] })))?.code).toBe("BadRequest");
    const dup = await errorOf(fic.createOrUpdate("rg-msi", "id-console", "fc-2", { ...base, subject: "system:serviceaccount:openhands-console:openhands-console" }));
    expect(dup?.message).toContain("same issuer and subject");
    expect((await errorOf(fic.createOrUpdate("rg-msi", "id-none", "fc-2", base)))?.code).toBe("ResourceNotFound");
    expect((await errorOf(fic.get("rg-msi", "id-console", "fc-2")))?.statusCode).toBe(404);
  });

  it("goes away with its identity", async () => {
    const msi = stack.clients().msi;
    await msi.userAssignedIdentities.createOrUpdate("rg-msi", "id-gone", { location: "eastus" });
    await msi.federatedIdentityCredentials.createOrUpdate("rg-msi", "id-gone", "fc1", { issuer: ISSUER, subject: "system:serviceaccount:a:b", audiences: ["api://AzureADTokenExchange"] });
    const del = await stack.call("DELETE", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone?api-version=2023-01-31`);
    expect(del.status).toBe(200);
    const again = await stack.call("DELETE", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone?api-version=2023-01-31`);
    expect(again.status).toBe(204);
    const fc = await stack.call("GET", `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gone/federatedIdentityCredentials/fc1?api-version=2023-01-31`);
    expect(fc.status).toBe(404);
  });
});

describe("role assignments", () => {
  let principalId: string;
  beforeAll(async () => {
    principalId = (await stack.clients().msi.userAssignedIdentities.get("rg-msi", "id-console")).principalId!;
  });

  it("are created by Owner in RoleAssignments_CreateForResourceGroup.json's shape, read and listed at the scope", async () => {
    const name = randomUUID();
    const raw = await stack.call("PUT", `${rgScope()}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, {
      body: { properties: { roleDefinitionId: roleId(READER), principalId, principalType: "ServicePrincipal" } },
    });
    expect(raw.status).toBe(201);
    expect(shapeDifferences(raw.body, ASSIGNMENT_EXAMPLE)).toEqual([]);
    expect(raw.body).toMatchObject({ properties: { scope: rgScope(), principalId, principalType: "ServicePrincipal", roleDefinitionId: roleId(READER) } });

    const auth = stack.clients().authorization;
    const got = await auth.roleAssignments.get(rgScope(), name);
    expect(got).toMatchObject({ name, principalId, scope: rgScope() });
    const listed = [];
    for await (const a of auth.roleAssignments.listForResourceGroup("rg-msi")) listed.push(a.name);
    expect(listed).toContain(name);
    const byPrincipal = [];
    for await (const a of auth.roleAssignments.listForScope(rgScope(), { filter: `atScope() and principalId eq '${principalId}'` })) byPrincipal.push(a.roleDefinitionId);
    expect(byPrincipal).toEqual([roleId(READER)]);
    // assignedTo('…') (what the doctor asks for its own identity) narrows to the principal as well.
    const assignedTo = [];
    for await (const a of auth.roleAssignments.listForSubscription({ filter: `assignedTo('${principalId}')` })) assignedTo.push(a.roleDefinitionId);
    expect(assignedTo).toEqual([roleId(READER)]);
    // Extension resources: never in the resource list of the group.
    const resources = [];
    for await (const r of stack.clients().resources.resources.listByResourceGroup("rg-msi")) resources.push(r.type);
    expect(resources).not.toContain("Microsoft.Authorization/roleAssignments");
  });

  it("at resource scope (the identity itself) and removed by DELETE (200 with the assignment, then 204)", async () => {
    const scope = `${rgScope()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-console`;
    const auth = stack.clients().authorization;
    const name = randomUUID();
    const created = await auth.roleAssignments.create(scope, name, { roleDefinitionId: roleId(MONITORING_READER), principalId, principalType: "ServicePrincipal" });
    expect(created.scope).toBe(scope);
    const atResource = [];
    for await (const a of auth.roleAssignments.listForResource("rg-msi", "Microsoft.ManagedIdentity", "userAssignedIdentities", "id-console")) atResource.push(a.name);
    expect(atResource).toContain(name);
    const del = await stack.call("DELETE", `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ name });
    expect((await stack.call("DELETE", `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`)).status).toBe(204);
    expect((await errorOf(auth.roleAssignments.get(scope, name)))?.code).toBe("RoleAssignmentNotFound");
  });

  it("refuse a duplicate principal+role+scope, a changed assignment, a non-GUID name, an unknown principal or role, and Contributor", async () => {
    const auth = stack.clients().authorization;
    const params = { roleDefinitionId: roleId(MONITORING_READER), principalId, principalType: "ServicePrincipal" as const };
    const first = randomUUID();
    await auth.roleAssignments.create(rgScope(), first, params);
    // The same PUT again is idempotent; the same assignment under another name is not.
    expect((await auth.roleAssignments.create(rgScope(), first, params)).name).toBe(first);
    expect(await errorOf(auth.roleAssignments.create(rgScope(), randomUUID(), params))).toMatchObject({ statusCode: 409, code: "RoleAssignmentExists" });
    expect((await errorOf(auth.roleAssignments.create(rgScope(), first, { ...params, roleDefinitionId: roleId(READER) })))?.code).toBe("RoleAssignmentUpdateNotPermitted");
    expect((await errorOf(auth.roleAssignments.create(rgScope(), "not-a-guid", params)))?.code).toBe("InvalidRoleAssignmentId");
    const unknown = await errorOf(auth.roleAssignments.create(rgScope(), randomUUID(), { ...params, principalId: randomUUID() }));
    expect(unknown).toMatchObject({ statusCode: 400, code: "PrincipalNotFound" });
    expect((await errorOf(auth.roleAssignments.create(rgScope(), randomUUID(), { ...params, roleDefinitionId: roleId(randomUUID()) })))?.code).toBe("RoleDefinitionDoesNotExist");
    const contributor = await errorOf(stack.clients(stack.contributor).authorization.roleAssignments.create(rgScope(), randomUUID(), { ...params, roleDefinitionId: roleId(READER) }));
    expect(contributor).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect((await errorOf(auth.roleAssignments.create(`/subscriptions/${sub}/resourceGroups/rg-none`, randomUUID(), params)))?.code).toBe("ResourceGroupNotFound");
  });

  it("may name the stack's own principals (the console app)", async () => {
    const a = await stack.clients().authorization.roleAssignments.create(rgScope(), randomUUID(), { roleDefinitionId: roleId(READER), principalId: stack.identity.consoleApp.objectId, principalType: "ServicePrincipal" });
    expect(a.principalId).toBe(stack.identity.consoleApp.objectId);
  });
});

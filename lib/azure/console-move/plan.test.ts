import { describe, expect, it } from "vitest";
import { executableSteps } from "@/lib/operations/start-setup";
import { planProblems } from "@/lib/azure/provisioning/steps";
import { loadConfig } from "@/lib/config";
import { consoleInstallSettings } from "./install-settings";
import { ConsoleMovePlanError, buildConsoleMovePlan, consoleMovePreview, consoleMoveSummary } from "./plan";
import { CONSOLE_ROLE_TABLE } from "./role-table";

const SUB = "11111111-1111-1111-1111-111111111111";
const ISSUER = "https://eastus.oic.prod-aks.azure.com/t/abc/";
const TENANT = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const consoleConfig = loadConfig({
  CONSOLE_URL: "https://console.contoso.com",
  DATABASE_URL: "postgres://u@localhost/console",
  SECRETS_KEY: Buffer.alloc(32, 1).toString("base64"),
  AUTH_TENANT_ID: TENANT,
  AUTH_AUTHORITY: `https://login.microsoftonline.com/${TENANT}/v2.0`,
  AUTH_SPA_CLIENT_ID: "spa-client",
  AUTH_API_AUDIENCE: "api://openhands-console",
  AUTH_API_SCOPE: "api://openhands-console/Console.Access",
  AZURE_CLIENT_SECRET: "not-for-the-cluster-1234",
  AZURE_CLIENT_ID: "laptop-sp",
  AZURE_TENANT_ID: TENANT,
  CONSOLE_IMAGE: "contosoacr.azurecr.io/openhands-console:1.2.3",
});
const install = consoleInstallSettings(consoleConfig);
const input = { environment: { name: "prod", subscriptionId: SUB, region: "eastus", resourceGroup: "rg-openhands-prod" }, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: ISSUER }, postgresServer: "db-openhands-prod-ab12c", install };

describe("console role table (least privilege)", () => {
  it("grants Contributor on the environment's group and Reader on the subscription, nothing that can grant roles", () => {
    expect(CONSOLE_ROLE_TABLE.map((g) => [g.role, g.scope])).toEqual([["Contributor", "resourceGroup"], ["Reader", "subscription"]]);
    for (const g of CONSOLE_ROLE_TABLE) {
      expect(["Owner", "User Access Administrator", "Role Based Access Control Administrator"]).not.toContain(g.role);
      expect(g.why.length).toBeGreaterThan(40);
    }
    // Write access only inside the environment's resource group.
    expect(CONSOLE_ROLE_TABLE.filter((g) => g.scope === "subscription").every((g) => g.role === "Reader")).toBe(true);
  });
});

describe("buildConsoleMovePlan", () => {
  const plan = buildConsoleMovePlan(input);

  it("creates id-openhands-console-<env>, its federated credential for the console ServiceAccount, the role assignments and the console database", () => {
    const byKey = Object.fromEntries(plan.resources.map((r) => [r.key, r]));
    expect(byKey["console-identity"]).toMatchObject({ type: "Microsoft.ManagedIdentity/userAssignedIdentities", name: "id-openhands-console-prod", resourceGroup: "rg-openhands-prod", location: "eastus" });
    expect(byKey["console-federated-credential"]).toMatchObject({
      parentNames: ["id-openhands-console-prod"],
      armBody: { issuer: ISSUER, subject: "system:serviceaccount:openhands-console:openhands-console", audiences: ["api://AzureADTokenExchange"] },
    });
    expect(byKey["console-role-contributor"]?.armBody).toEqual({ roleDefinitionGuid: "b24988ac-6180-42a0-ab88-20f7382dd24c", scope: `/subscriptions/${SUB}/resourceGroups/rg-openhands-prod`, identity: { resourceGroup: "rg-openhands-prod", name: "id-openhands-console-prod" } });
    expect(byKey["console-role-reader"]?.armBody).toMatchObject({ scope: `/subscriptions/${SUB}` });
    expect(byKey["console-database"]).toMatchObject({ name: "console", parentNames: ["db-openhands-prod-ab12c"] });
  });

  it("names role assignments with stable, distinct GUIDs", () => {
    const names = plan.resources.filter((r) => r.type === "Microsoft.Authorization/roleAssignments").map((r) => r.name);
    expect(names).toHaveLength(2);
    for (const n of names) expect(n).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(names).size).toBe(2);
    expect(buildConsoleMovePlan(input).resources.map((r) => r.name)).toEqual(plan.resources.map((r) => r.name));
    const staging = buildConsoleMovePlan({ ...input, environment: { ...input.environment, name: "staging", resourceGroup: "rg-openhands-staging" } });
    expect(staging.resources.find((r) => r.key === "console-role-reader")?.name).not.toBe(names[1]);
  });

  it("is runnable by the worker: every resource has a handler, the DAG orders identity before trust and roles", () => {
    expect(planProblems(plan)).toEqual([]);
    expect(executableSteps(plan).map((s) => [s.key, s.dependsOn])).toEqual([
      ["console.identity", []],
      ["console.federation", ["console.identity"]],
      ["console.roles", ["console.identity"]],
      ["console.database", []],
      ["console.install", ["console.identity", "console.federation", "console.roles", "console.database"]],
      ["console.rollout", ["console.install"]],
    ]);
    expect(consoleMoveSummary(plan)[2]).toContain("Contributor on the resource group, Reader on the subscription");
  });

  it("installs the console with this console's sign-in settings, its image and its host — never a secret or this console's own identity", () => {
    expect(plan.console).toMatchObject({ image: "contosoacr.azurecr.io/openhands-console:1.2.3", replicas: 3, host: "console.contoso.com", identity: "id-openhands-console-prod", cluster: "aks-openhands-prod", postgresServer: "db-openhands-prod-ab12c" });
    expect(plan.console?.config).toMatchObject({ CONSOLE_URL: "https://console.contoso.com", AUTH_TENANT_ID: TENANT, AUTH_SPA_CLIENT_ID: "spa-client", ARM_ENDPOINT: "https://management.azure.com" });
    // The moved console authenticates with workload identity: the laptop's service principal stays behind.
    for (const k of ["AZURE_CLIENT_SECRET", "AZURE_CLIENT_ID", "DATABASE_URL", "SECRETS_KEY"]) expect(plan.console?.config[k], k).toBeUndefined();
    expect(JSON.stringify(plan)).not.toContain("not-for-the-cluster-1234");
    const preview = consoleMovePreview("prod", install);
    expect(preview.at(-2)).toContain("3 replicas of contosoacr.azurecr.io/openhands-console:1.2.3");
    expect(preview.at(-2)).toContain("Ingress console.contoso.com");
    expect(preview.at(-1)).toMatch(/rolled out and Ready/);
  });

  it("refuses a cluster without an OIDC issuer, saying how to fix it", () => {
    expect(() => buildConsoleMovePlan({ ...input, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: undefined } })).toThrow(ConsoleMovePlanError);
    expect(() => buildConsoleMovePlan({ ...input, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: undefined } })).toThrow(/workload identity/);
  });
});

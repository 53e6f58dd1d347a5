import { describe, expect, it } from "vitest";
import { executableSteps } from "@/lib/operations/start-setup";
import { planProblems } from "@/lib/azure/provisioning/steps";
import { ConsoleMovePlanError, buildConsoleMovePlan, consoleMoveSummary } from "./plan";
import { CONSOLE_ROLE_TABLE } from "./role-table";

const SUB = "11111111-1111-1111-1111-111111111111";
const ISSUER = "https://eastus.oic.prod-aks.azure.com/t/abc/";
const input = { environment: { name: "prod", subscriptionId: SUB, region: "eastus", resourceGroup: "rg-openhands-prod" }, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: ISSUER }, postgresServer: "db-openhands-prod-ab12c" };

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
    ]);
    expect(consoleMoveSummary(plan)[2]).toContain("Contributor on the resource group, Reader on the subscription");
  });

  it("refuses a cluster without an OIDC issuer, saying how to fix it", () => {
    expect(() => buildConsoleMovePlan({ ...input, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: undefined } })).toThrow(ConsoleMovePlanError);
    expect(() => buildConsoleMovePlan({ ...input, cluster: { name: "aks-openhands-prod", oidcIssuerUrl: undefined } })).toThrow(/workload identity/);
  });
});

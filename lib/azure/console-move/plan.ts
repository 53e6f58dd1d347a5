/**
 * The "Move the console into this environment" plan (pure): the console's user-assigned managed
 * identity `id-openhands-console-<env>`, its federated credential for the console's ServiceAccount
 * (issuer = the AKS cluster's OIDC issuer), the role assignments of CONSOLE_ROLE_TABLE, and the
 * console's database `console` on the environment's flexible server; then the console itself on
 * the environment's AKS cluster (`console.install`: the objects of manifests.ts, the same as the
 * Kustomize azure overlay) and the wait for its rollout (`console.rollout`, kind `console.waitRollout`). The worker runs
 * it like setup's plan (same handlers, leases, Retry/Cancel). Names of the Kubernetes side follow
 * deploy/kubernetes/README.md (namespace and ServiceAccount `openhands-console`).
 */
import type { DesiredPlan, DesiredResource, DesiredStep } from "@/lib/azure/provisioning/steps";
import { roleAssignmentName, type RoleAssignmentBody } from "@/lib/azure/provisioning/steps/identity";
import type { ConsoleInstallSettings } from "./install-settings";
import { CONSOLE_ROLE_TABLE, scopeId } from "./role-table";

export const CONSOLE_NAMESPACE = "openhands-console";
export const CONSOLE_SERVICE_ACCOUNT = "openhands-console";
export const CONSOLE_DATABASE = "console";
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

export interface ConsoleMoveInput {
  environment: { name: string; subscriptionId: string; region: string; resourceGroup: string };
  /** The environment's AKS cluster and its OIDC issuer (`oidcIssuerProfile.issuerURL`). */
  cluster: { name: string; oidcIssuerUrl: string | undefined };
  postgresServer: string;
  /** Image, host and configuration of the moved console (install-settings.ts). */
  install: ConsoleInstallSettings;
}

/** Step kinds of the console's own deploy (lib/azure/console-move/deploy/). */
export const CONSOLE_INSTALL_KIND = "console.install";
export const CONSOLE_ROLLOUT_KIND = "console.waitRollout";

export class ConsoleMovePlanError extends Error {}

export function consoleIdentityName(environmentName: string): string {
  return `id-openhands-console-${environmentName}`;
}

export function serviceAccountSubject(namespace = CONSOLE_NAMESPACE, serviceAccount = CONSOLE_SERVICE_ACCOUNT): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

export function buildConsoleMovePlan(input: ConsoleMoveInput): DesiredPlan {
  const { environment: env } = input;
  if (!input.cluster.oidcIssuerUrl) {
    throw new ConsoleMovePlanError(`The cluster ${input.cluster.name} has no OIDC issuer: enable oidcIssuerProfile and workload identity on it (setup enables both) before moving the console.`);
  }
  const identity = consoleIdentityName(env.name);
  const identityId = `/subscriptions/${env.subscriptionId}/resourceGroups/${env.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity}`;
  const common = { resourceGroup: env.resourceGroup, location: env.region };
  const resources: DesiredResource[] = [
    { ...common, key: "console-identity", type: "Microsoft.ManagedIdentity/userAssignedIdentities", name: identity, dependsOn: [], armBody: { location: env.region, tags: { "openhands-environment": env.name, purpose: "openhands-console" } } },
    {
      ...common,
      key: "console-federated-credential",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      name: CONSOLE_SERVICE_ACCOUNT,
      parentNames: [identity],
      dependsOn: ["console-identity"],
      armBody: { issuer: input.cluster.oidcIssuerUrl, subject: serviceAccountSubject(), audiences: [WORKLOAD_IDENTITY_AUDIENCE] },
    },
    ...CONSOLE_ROLE_TABLE.map((grant): DesiredResource => {
      const scope = scopeId(grant.scope, env.subscriptionId, env.resourceGroup);
      const body: RoleAssignmentBody = { roleDefinitionGuid: grant.roleDefinitionGuid, scope, identity: { resourceGroup: env.resourceGroup, name: identity } };
      return { ...common, key: `console-role-${grant.role.toLowerCase()}`, type: "Microsoft.Authorization/roleAssignments", name: roleAssignmentName(scope, identityId, grant.roleDefinitionGuid), dependsOn: ["console-identity"], armBody: body };
    }),
    {
      ...common,
      key: "console-database",
      type: "Microsoft.DBforPostgreSQL/flexibleServers/databases",
      name: CONSOLE_DATABASE,
      parentNames: [input.postgresServer],
      dependsOn: [],
      armBody: { charset: "UTF8", collation: "en_US.utf8" },
    },
  ];
  const roleKeys = resources.filter((r) => r.type === "Microsoft.Authorization/roleAssignments").map((r) => r.key);
  const steps: DesiredStep[] = [
    { key: "console.identity", title: `Create the console's managed identity ${identity}`, kind: "arm.consoleIdentity", resourceKeys: ["console-identity"], dependsOn: [] },
    { key: "console.federation", title: `Trust the ServiceAccount ${CONSOLE_NAMESPACE}/${CONSOLE_SERVICE_ACCOUNT} (workload identity)`, kind: "arm.consoleFederation", resourceKeys: ["console-federated-credential"], dependsOn: ["console.identity"] },
    { key: "console.roles", title: `Grant the console's roles (${CONSOLE_ROLE_TABLE.map((g) => `${g.role} on the ${g.scope === "subscription" ? "subscription" : "resource group"}`).join(", ")})`, kind: "arm.consoleRoles", resourceKeys: roleKeys, dependsOn: ["console.identity"] },
    { key: "console.database", title: `Create the console's database ${CONSOLE_DATABASE} on ${input.postgresServer}`, kind: "arm.consoleDatabase", resourceKeys: ["console-database"], dependsOn: [] },
    {
      key: "console.install",
      title: `Install the console on ${input.cluster.name} (namespace ${CONSOLE_NAMESPACE}: workload-identity ServiceAccount, configuration, store Secret, ${input.install.replicas} replicas of ${input.install.image}, Ingress ${input.install.host})`,
      kind: CONSOLE_INSTALL_KIND,
      resourceKeys: [],
      // Installed once the identity can be trusted and holds its roles, and its database exists.
      dependsOn: ["console.identity", "console.federation", "console.roles", "console.database"],
    },
    { key: "console.rollout", title: `Wait for the console's rollout (${input.install.replicas} replicas Ready)`, kind: CONSOLE_ROLLOUT_KIND, resourceKeys: [], dependsOn: ["console.install"] },
  ];
  return {
    environment: { name: env.name, subscriptionId: env.subscriptionId, region: env.region, resourceGroup: env.resourceGroup },
    resources,
    steps,
    console: { ...input.install, identity, cluster: input.cluster.name, postgresServer: input.postgresServer },
  };
}

/** What the confirmation lists before anything is created (pure). */
export function consoleMoveSummary(plan: DesiredPlan): string[] {
  return plan.steps.map((s) => s.title);
}

/** The confirmation's lines before ARM is read (cluster and server names are found at start). */
export function consoleMovePreview(environmentName: string, install: Pick<ConsoleInstallSettings, "image" | "host" | "replicas">): string[] {
  return [
    `Managed identity ${consoleIdentityName(environmentName)} (user-assigned)`,
    `Federated credential for ${serviceAccountSubject()} on the cluster's OIDC issuer (audience ${WORKLOAD_IDENTITY_AUDIENCE})`,
    ...CONSOLE_ROLE_TABLE.map((g) => `Role assignment: ${g.role} on the ${g.scope === "subscription" ? "subscription" : "resource group"}`),
    `Database ${CONSOLE_DATABASE} on the environment's PostgreSQL flexible server`,
    `The console on the environment's AKS cluster: namespace ${CONSOLE_NAMESPACE}, ServiceAccount for workload identity, ConfigMap, Secret (DATABASE_URL of the ${CONSOLE_DATABASE} database over TLS), ${install.replicas} replicas of ${install.image}, Service, PodDisruptionBudget, Ingress ${install.host}`,
    `Wait until the ${install.replicas} replicas are rolled out and Ready`,
  ];
}

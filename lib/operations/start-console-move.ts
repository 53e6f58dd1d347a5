/**
 * "Move the console into this environment": finds the environment's AKS cluster (its OIDC
 * issuer) and PostgreSQL flexible server through ARM, builds the move plan
 * (lib/azure/console-move/plan.ts: Azure steps, then the console's install on the cluster and the
 * wait for its rollout) and starts it as operation `console-move` on the same worker
 * as setup (leases, resume, Retry/Cancel, the operation page). One operation per environment at a
 * time (OperationInProgressError, as setup).
 */
import type { ArmClients } from "@/lib/azure/clients";
import type { ConsoleInstallSettings } from "@/lib/azure/console-move/install-settings";
import { buildConsoleMovePlan, ConsoleMovePlanError } from "@/lib/azure/console-move/plan";
import type { DesiredPlan } from "@/lib/azure/provisioning/steps";
import type { Queryable } from "@/lib/store/db";
import type { Environment } from "@/lib/store/environments";
import type { OperationWithSteps } from "@/lib/store/operations";
import { startSetupOperation, type Actor } from "./start-setup";

export const CONSOLE_MOVE_KIND = "console-move";

async function onlyResource(clients: ArmClients, resourceGroup: string, type: string, what: string): Promise<string> {
  const names: string[] = [];
  try {
    for await (const r of clients.resources.resources.listByResourceGroup(resourceGroup, { filter: `resourceType eq '${type}'` })) if (r.name) names.push(r.name);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new ConsoleMovePlanError(`The environment's resource group ${resourceGroup} does not exist: run setup first.`);
    throw err;
  }
  if (names.length === 0) throw new ConsoleMovePlanError(`The environment's resource group ${resourceGroup} has no ${what}: run setup first.`);
  if (names.length > 1) throw new ConsoleMovePlanError(`The environment's resource group ${resourceGroup} has ${names.length} ${what}s (${names.join(", ")}); the console cannot tell which one to use.`);
  return names[0]!;
}

/** The plan for this environment, from what exists in Azure now (read-only). */
export async function consoleMovePlanFor(clients: ArmClients, environment: Environment, install: ConsoleInstallSettings): Promise<DesiredPlan> {
  const rg = environment.resourceGroup;
  const clusterName = await onlyResource(clients, rg, "Microsoft.ContainerService/managedClusters", "AKS cluster");
  const postgresServer = await onlyResource(clients, rg, "Microsoft.DBforPostgreSQL/flexibleServers", "PostgreSQL flexible server");
  const cluster = await clients.containerService.managedClusters.get(rg, clusterName);
  return buildConsoleMovePlan({
    environment: { name: environment.name, subscriptionId: environment.subscriptionId, region: environment.region, resourceGroup: rg },
    cluster: { name: clusterName, oidcIssuerUrl: cluster.oidcIssuerProfile?.enabled ? cluster.oidcIssuerProfile.issuerURL : undefined },
    postgresServer,
    install,
  });
}

export async function startConsoleMoveOperation(db: Queryable, clients: ArmClients, environment: Environment, actor: Actor | string, install: ConsoleInstallSettings): Promise<{ operation: OperationWithSteps; plan: DesiredPlan }> {
  const plan = await consoleMovePlanFor(clients, environment, install);
  const operation = await startSetupOperation(db, environment, plan, actor, CONSOLE_MOVE_KIND);
  return { operation, plan };
}

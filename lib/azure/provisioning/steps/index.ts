/**
 * Runs one planned step. An Azure step applies each of its resources with the handler of its ARM type, in
 * dependency order (resources of one step, e.g. a server's databases, go one at a time: Azure
 * refuses concurrent changes on one server). The step is idempotent as a whole because each
 * resource apply is.
 */
import { managedClusterHandler } from "./aks";
import { federatedCredentialHandler, roleAssignmentHandler, userAssignedIdentityHandler } from "./identity";
import { actionGroupHandler, metricAlertHandler } from "./monitoring";
import { networkSecurityGroupHandler, virtualNetworkHandler } from "./network";
import { postgresConfigurationHandler, postgresDatabaseHandler, postgresServerHandler } from "./postgres";
import { privateDnsLinkHandler, privateDnsZoneHandler } from "./private-dns";
import { redisFirewallRuleHandler, redisHandler } from "./redis";
import { resourceGroupHandler } from "./resource-group";
import { blobContainerHandler, managementPolicyHandler, storageAccountHandler } from "./storage";
import { isDeployStepKind, runDeployStep } from "./kubernetes/index";
import { isConsoleDeployStepKind, runConsoleDeployStep } from "@/lib/azure/console-move/deploy";
import type { DesiredPlan, DesiredResource, DesiredStep, ResourceChange, ResourceHandler, ResourceOutcome, StepContext, StepOutcome } from "./types";

export type * from "./types";
export { isDeployStepKind } from "./kubernetes/index";
export { isConsoleDeployStepKind } from "@/lib/azure/console-move/deploy";

export const RESOURCE_HANDLERS: readonly ResourceHandler[] = [
  resourceGroupHandler,
  virtualNetworkHandler,
  networkSecurityGroupHandler,
  privateDnsZoneHandler,
  privateDnsLinkHandler,
  postgresServerHandler,
  postgresDatabaseHandler,
  postgresConfigurationHandler,
  redisHandler,
  redisFirewallRuleHandler,
  storageAccountHandler,
  blobContainerHandler,
  managementPolicyHandler,
  managedClusterHandler,
  actionGroupHandler,
  metricAlertHandler,
  userAssignedIdentityHandler,
  federatedCredentialHandler,
  roleAssignmentHandler,
];

export function handlerFor(type: string): ResourceHandler | undefined {
  const t = type.toLowerCase();
  return RESOURCE_HANDLERS.find((h) => h.types.some((x) => x.toLowerCase() === t));
}

/** Problems that make a plan unrunnable by this executor (unknown types, dangling keys). */
export function planProblems(plan: DesiredPlan): string[] {
  const problems: string[] = [];
  const keys = new Set(plan.resources.map((r) => r.key));
  for (const r of plan.resources) if (!handlerFor(r.type)) problems.push(`resource "${r.key}" has type ${r.type}, which setup cannot provision`);
  for (const s of plan.steps) for (const k of s.resourceKeys) if (!keys.has(k)) problems.push(`step "${s.key}" names unknown resource "${k}"`);
  if (plan.openhands && plan.steps.some((s) => s.kind !== undefined && isDeployStepKind(s.kind))) {
    for (const type of ["Microsoft.ContainerService/managedClusters", "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.Cache/redis"]) {
      if (!plan.resources.some((r) => r.type === type)) problems.push(`the OpenHands deployment needs a ${type} resource in the plan`);
    }
  }
  return problems;
}

/** The step's resources, each after the ones it depends on within the step. */
export function orderedResources(plan: DesiredPlan, step: DesiredStep): DesiredResource[] {
  const inStep = new Map(step.resourceKeys.map((k) => [k, plan.resources.find((r) => r.key === k)]));
  const ordered: DesiredResource[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const r = inStep.get(key);
    if (!r || seen.has(key)) return;
    seen.add(key);
    for (const d of r.dependsOn) visit(d);
    ordered.push(r);
  };
  for (const k of step.resourceKeys) visit(k);
  return ordered;
}

function summarize(step: DesiredStep, outcomes: ResourceOutcome[]): StepOutcome {
  const count = (c: ResourceChange) => outcomes.filter((o) => o.change === c).length;
  const change: ResourceChange = count("created") > 0 ? "created" : count("updated") > 0 ? "updated" : "unchanged";
  const summary =
    change === "unchanged"
      ? `unchanged: ${outcomes.length === 1 ? "the resource already matches" : `all ${outcomes.length} resources already match`} the plan`
      : `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged`;
  return { change, summary: `${step.title}: ${summary}`, resources: outcomes };
}

/** Azure steps apply their resources with the ARM handlers; `kubernetes.*` / `openhands.*` steps deploy OpenHands, `console.*` the console itself. */
export async function runPlannedStep(ctx: StepContext, plan: DesiredPlan, step: DesiredStep): Promise<StepOutcome> {
  if (step.kind !== undefined && isDeployStepKind(step.kind)) return runDeployStep(ctx, plan, step);
  if (step.kind !== undefined && isConsoleDeployStepKind(step.kind)) return runConsoleDeployStep(ctx, plan, step);
  const outcomes: ResourceOutcome[] = [];
  for (const resource of orderedResources(plan, step)) {
    const handler = handlerFor(resource.type);
    if (!handler) throw new Error(`setup cannot provision ${resource.type} (resource "${resource.key}")`);
    const outcome = await handler.apply(ctx, resource);
    ctx.log(`${step.key}/${resource.key}: ${outcome.change}`);
    outcomes.push(outcome);
  }
  return summarize(step, outcomes);
}

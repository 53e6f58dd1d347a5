/**
 * The provisioning plan: `buildPlan(input)` turns a validated setup input into every resource
 * (with its SDK body, dependencies and monthly cost), the step DAG the executor runs, the
 * OpenHands deployment settings and a dated cost estimate. Pure: the same input gives the same
 * plan (names carry a deterministic suffix), so a rerun of setup PUTs the same bodies.
 */
import { nameProblems, resolveNames } from "@/lib/azure/naming";
import { findRelease, RELEASES } from "@/lib/openhands/releases";
import { estimateCost, monthlyCostByResource } from "./cost";
import { alertSpecs, aksResource, monitoringResources } from "./plan-compute";
import { RESOURCE_KEYS as K, type PlanContext } from "./plan-context";
import { postgresResources, redisResource, storageResources } from "./plan-data";
import { networkResources } from "./plan-network";
import { openhandsDeployment } from "./plan-openhands";
import { planSteps } from "./plan-steps";
import type { PlannedResource, ProvisioningPlan } from "./plan-types";
import { planWarnings } from "./plan-warnings";
import type { SetupInput } from "./setup-input";

export type * from "./plan-types";
export { setupInputSchema, setupSecretsSchema } from "./setup-input";
export type { SetupInput, SetupSecrets, SetupSecretName, GeneratedSecretName } from "./setup-input";
export { RESOURCE_KEYS, DATABASES, BLOB_CONTAINERS, AKS_NETWORK, UPGRADE_MAX_SURGE, SANDBOX_LABEL, SANDBOX_TAINT } from "./plan-context";
export { STEP_KEYS } from "./plan-steps";

/** The input cannot be planned; `problems` are sentences the wizard shows as they are. */
export class PlanInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`the setup cannot be planned: ${problems.join("; ")}`);
    this.name = "PlanInputError";
  }
}

export function buildPlan(input: SetupInput): ProvisioningPlan {
  const env = input.environment;
  const names = resolveNames(env.name, env.subscriptionId, env.names);
  const problems = nameProblems(names).map((p) => p.message);
  const release = findRelease(input.openhands.version);
  if (!release) problems.push(`OpenHands ${input.openhands.version} is not in the release catalog (choose one of ${RELEASES.map((r) => r.version).join(", ")})`);
  if (problems.length > 0 || !release) throw new PlanInputError(problems);

  const ctx: PlanContext = {
    input,
    names,
    subscriptionId: env.subscriptionId,
    region: env.region,
    resourceGroup: names.resourceGroup,
    tags: { "managed-by": "openhands-console", "openhands-environment": env.name },
    redisInVnet: input.sizing.redis.sku === "Premium",
  };

  const base: PlannedResource[] = [...networkResources(ctx), aksResource(ctx), ...postgresResources(ctx), redisResource(ctx), ...storageResources(ctx)];
  const byKey = new Map(base.map((r) => [r.key, r]));
  const resources = [...base, ...monitoringResources(ctx, byKey)];

  const estimate = estimateCost(input.sizing, env.region, {
    aks: K.aks,
    postgres: K.postgres,
    redis: K.redis,
    storage: K.storage,
    dnsZone: K.dnsZone,
    alerts: alertSpecs(ctx).map((a) => a.key),
  });
  const costs = monthlyCostByResource(estimate);
  for (const r of resources) r.monthlyCost = costs.get(r.key) ?? 0;

  return {
    environment: { name: env.name, subscriptionId: env.subscriptionId, region: env.region, resourceGroup: names.resourceGroup, names },
    resources,
    steps: planSteps(resources, ctx.redisInVnet),
    openhands: openhandsDeployment(ctx, release),
    estimate,
    warnings: planWarnings(ctx),
  };
}

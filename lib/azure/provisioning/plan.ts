/**
 * The provisioning plan: `buildPlan(input)` turns a validated setup input into every resource
 * (with its SDK body, dependencies and monthly cost), the step DAG the executor runs, the
 * OpenHands deployment settings and a dated cost estimate. Pure: the same input gives the same plan.
 */
export type * from "./plan-types";
export { setupInputSchema, setupSecretsSchema } from "./setup-input";
export type { SetupInput, SetupSecrets, SetupSecretName, GeneratedSecretName } from "./setup-input";
import type { ProvisioningPlan } from "./plan-types";
import type { SetupInput } from "./setup-input";

export function buildPlan(input: SetupInput): ProvisioningPlan {
  void input;
  throw new Error("buildPlan: not implemented yet");
}

/**
 * The deploy steps of setup ("Deploy OpenHands onto AKS", issue #5 item 8), one per step kind.
 * Each run fetches the cluster's user kubeconfig from ARM and applies idempotently, so a re-run
 * says "unchanged" for what is already right, a Retry resumes, and a worker that dies mid-step
 * leaves nothing another worker cannot redo.
 */
import type { DesiredPlan, DesiredStep, StepContext, StepOutcome } from "../types";
import { openDeployContext, type DeployContext } from "./context";
import { applyConfiguration } from "./configuration";
import { checkHealth } from "./health-check";
import { applyNamespaces } from "./namespaces";
import { applyOpenHandsApp } from "./openhands-app";
import { applySandboxRbac } from "./sandbox-rbac";
import { applySecrets } from "./secrets";
import { waitForReady } from "./wait-ready";

type DeployStep = (d: DeployContext, title: string) => Promise<StepOutcome>;

export const DEPLOY_STEPS: Readonly<Record<string, DeployStep>> = {
  "kubernetes.namespaces": applyNamespaces,
  "kubernetes.secrets": applySecrets,
  "kubernetes.configuration": applyConfiguration,
  "kubernetes.sandboxRbac": applySandboxRbac,
  "kubernetes.openhands": applyOpenHandsApp,
  "kubernetes.waitReady": waitForReady,
  "openhands.healthCheck": checkHealth,
};

export function isDeployStepKind(kind: string): boolean {
  return Object.hasOwn(DEPLOY_STEPS, kind);
}

export async function runDeployStep(ctx: StepContext, plan: DesiredPlan, step: DesiredStep): Promise<StepOutcome> {
  const run = step.kind ? DEPLOY_STEPS[step.kind] : undefined;
  if (!run) throw new Error(`setup has no deploy step of kind ${step.kind ?? "(none)"} (step "${step.key}")`);
  const d = await openDeployContext(ctx, plan);
  const outcome = await run(d, step.title);
  ctx.log(`${step.key}: ${outcome.change}`);
  return outcome;
}

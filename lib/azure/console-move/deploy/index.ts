/**
 * The console's own deploy steps of operation `console-move`, dispatched by kind from
 * `runPlannedStep` like setup's deploy steps: `console.install` (install.ts) and
 * `console.waitRollout` (rollout.ts). Each run opens its own context (kubeconfig from ARM).
 */
import type { DesiredPlan, DesiredStep, StepContext, StepOutcome } from "@/lib/azure/provisioning/steps/types";
import { CONSOLE_INSTALL_KIND, CONSOLE_ROLLOUT_KIND } from "../plan";
import { openConsoleDeployContext, type ConsoleDeployContext } from "./context";
import { installConsole } from "./install";
import { waitForConsoleRollout } from "./rollout";

type ConsoleDeployStep = (d: ConsoleDeployContext, title: string) => Promise<StepOutcome>;

const CONSOLE_DEPLOY_STEPS: Readonly<Record<string, ConsoleDeployStep>> = {
  [CONSOLE_INSTALL_KIND]: installConsole,
  [CONSOLE_ROLLOUT_KIND]: waitForConsoleRollout,
};

export function isConsoleDeployStepKind(kind: string): boolean {
  return Object.hasOwn(CONSOLE_DEPLOY_STEPS, kind);
}

export async function runConsoleDeployStep(ctx: StepContext, plan: DesiredPlan, step: DesiredStep): Promise<StepOutcome> {
  const run = step.kind ? CONSOLE_DEPLOY_STEPS[step.kind] : undefined;
  if (!run) throw new Error(`console-move has no deploy step of kind ${step.kind ?? "(none)"} (step "${step.key}")`);
  const d = await openConsoleDeployContext(ctx, plan);
  const outcome = await run(d, step.title);
  ctx.log(`${step.key}: ${outcome.change}`);
  return outcome;
}

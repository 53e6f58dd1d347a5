/**
 * Starts the setup of an environment: one operation whose steps are the plan's step DAG, with
 * the plan stored beside it, in one transaction. Refused when the environment already has an
 * operation pending or running (OperationInProgressError, from the store's unique index).
 *
 * The DAG holds the Azure steps and the deploy steps (namespaces, secrets, configuration, sandbox
 * RBAC, the app, wait for Ready, health check: steps/kubernetes/). A plan without `openhands`
 * settings (an Azure-only plan) runs its Azure steps only.
 */
import { handlerFor, isConsoleDeployStepKind, isDeployStepKind, planProblems, type DesiredPlan } from "@/lib/azure/provisioning/steps";
import { inTransaction, type Queryable } from "@/lib/store/db";
import type { Environment } from "@/lib/store/environments";
import { StoreValidationError } from "@/lib/store/errors";
import { createOperation, type OperationWithSteps } from "@/lib/store/operations";
import { saveOperationPlan } from "./plans";

export interface Actor {
  /** Object id (oid) of the admin; stored as requested_by. */
  id: string;
  name?: string;
}

/**
 * The plan's steps this executor can run: Azure steps whose resources all have a handler, and
 * deploy steps of a known kind when the plan carries the OpenHands (or console) settings they apply.
 */
export function executableSteps(plan: DesiredPlan): DesiredPlan["steps"] {
  const runnable = plan.steps.filter((s) => {
    if (s.kind !== undefined && isDeployStepKind(s.kind)) return plan.openhands !== undefined;
    if (s.kind !== undefined && isConsoleDeployStepKind(s.kind)) return plan.console !== undefined;
    if (s.kind !== undefined && !s.kind.startsWith("arm.")) return false;
    return s.resourceKeys.length > 0 && s.resourceKeys.every((k) => handlerFor(plan.resources.find((r) => r.key === k)?.type ?? "") !== undefined);
  });
  const keys = new Set(runnable.map((s) => s.key));
  return runnable.map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => keys.has(d)) }));
}

/** `kind`: "setup", or another plan-driven operation run by the same worker (e.g. "console-move"). */
export async function startSetupOperation(db: Queryable, environment: Environment, plan: DesiredPlan, actor: Actor | string, kind = "setup"): Promise<OperationWithSteps> {
  const problems = planProblems(plan);
  if (plan.environment.subscriptionId.toLowerCase() !== environment.subscriptionId.toLowerCase()) {
    problems.push(`the plan is for subscription ${plan.environment.subscriptionId}, the environment is in ${environment.subscriptionId}`);
  }
  const steps = executableSteps(plan);
  if (steps.length === 0) problems.push("the plan has no steps to run");
  if (problems.length > 0) throw new StoreValidationError(problems);
  const stored: DesiredPlan = { ...plan, steps };
  return inTransaction(db, async (tx) => {
    const op = await createOperation(tx, {
      environmentId: environment.id,
      kind,
      requestedBy: typeof actor === "string" ? actor : actor.id,
      steps: steps.map((s) => ({ key: s.key, title: s.title, dependsOn: s.dependsOn })),
    });
    await saveOperationPlan(tx, op.id, stored);
    return op;
  });
}

/**
 * Runs one claimed step to an end: loads the operation's plan, keeps the lease alive while the
 * step works, saves poller states as the step submits LROs, retries transient faults (429, 5xx,
 * a restarting ARM) with backoff honouring Retry-After, and records success ("unchanged" steps
 * are stored as skipped: nothing to do) or failure with ARM's code, message and a remedy.
 * When the worker stops or the lease is lost, the step is abandoned as is: the lease expires
 * and another worker resumes it from the saved poller state.
 */
import { z } from "zod";
import type { ArmClients } from "@/lib/azure/clients";
import { runPlannedStep, type DeploySettings, type DesiredPlan, type PollerStates, type StepContext } from "@/lib/azure/provisioning/steps";
import { sleep } from "@/lib/azure/provisioning/steps/lro";
import type { Queryable } from "@/lib/store/db";
import { LeaseLostError } from "@/lib/store/errors";
import type { OperationStep } from "@/lib/store/operation-rows";
import { completeStep, failStep, renewLease, savePollerState } from "@/lib/store/operation-steps";
import { loadOperationPlan } from "./plans";
import { classifyArmError, retryDelayMs } from "./remedies";

export interface RetryPolicy {
  /** Automatic attempts for transient faults before the step fails. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 1000, maxMs: 60_000 };

/** Secrets for body fields (`secretInputs`), per operation. */
export type SecretSource = (operationId: string, name: string) => Promise<string>;

export interface StepRunnerDeps {
  db: Queryable;
  owner: string;
  leaseMs: number;
  clientsFor(subscriptionId: string): ArmClients;
  pollIntervalMs: number;
  retry: RetryPolicy;
  secrets: SecretSource;
  log(line: string): void;
  /** Settings of the deploy (Kubernetes / health) steps. */
  deploy?: DeploySettings;
}

export type StepEnd = "succeeded" | "skipped" | "failed" | "abandoned";

const pollerStatesSchema = z.record(z.string(), z.string());

function regionVmSizes(plan: DesiredPlan, resourceKeys: string[]): string[] {
  const sizes = new Set<string>();
  for (const r of plan.resources) {
    if (!resourceKeys.includes(r.key)) continue;
    const pools = (r.armBody as { agentPoolProfiles?: { vmSize?: unknown }[] } | null)?.agentPoolProfiles ?? [];
    for (const p of pools) if (typeof p.vmSize === "string") sizes.add(p.vmSize);
  }
  return [...sizes];
}

export async function runClaimedStep(deps: StepRunnerDeps, step: OperationStep, stop: AbortSignal): Promise<StepEnd> {
  const { db, owner } = deps;
  const local = new AbortController();
  const onStop = () => local.abort(new Error("worker stopping"));
  stop.addEventListener("abort", onStop, { once: true });
  if (stop.aborted) onStop();
  const renew = setInterval(() => {
    renewLease(db, step.id, owner, deps.leaseMs).catch((err: unknown) => {
      if (err instanceof LeaseLostError) local.abort(err);
      else deps.log(`step ${step.key}: lease renewal failed (${err instanceof Error ? err.message : String(err)}); will retry`);
    });
  }, Math.max(250, Math.floor(deps.leaseMs / 3)));

  try {
    const plan = await loadOperationPlan(db, step.operationId);
    const planned = plan?.steps.find((s) => s.key === step.key);
    if (!plan || !planned) {
      await failStep(db, step.id, owner, { code: "PlanMissing", message: `No plan step "${step.key}" is stored for this operation`, remedy: "Start setup again from the Review page." });
      return "failed";
    }
    const parsed = pollerStatesSchema.safeParse(step.pollerState ?? {});
    const pollers: PollerStates = parsed.success ? { ...parsed.data } : {};
    const ctx: StepContext = {
      clients: deps.clientsFor(plan.environment.subscriptionId),
      subscriptionId: plan.environment.subscriptionId,
      pollIntervalMs: deps.pollIntervalMs,
      pollers: () => pollers,
      async savePoller(key, state) {
        if (state === undefined) delete pollers[key];
        else pollers[key] = state;
        await savePollerState(db, step.id, owner, pollers);
      },
      secret: (name) => deps.secrets(step.operationId, name),
      signal: local.signal,
      log: (line) => deps.log(`step ${step.key}: ${line}`),
      ...(deps.deploy ? { deploy: deps.deploy } : {}),
    };
    const remedyCtx = { region: plan.environment.region, vmSizes: regionVmSizes(plan, planned.resourceKeys) };

    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await runPlannedStep(ctx, plan, planned);
        const unchanged = outcome.change === "unchanged";
        await completeStep(db, step.id, owner, { output: { ...outcome, automaticRetries: attempt - 1 }, ...(unchanged ? { skipped: true } : {}), resourceId: outcome.resources.at(-1)?.resourceId || undefined });
        return unchanged ? "skipped" : "succeeded";
      } catch (err) {
        if (local.signal.aborted || err instanceof LeaseLostError) return "abandoned";
        const failure = classifyArmError(err, remedyCtx);
        if (failure.transient && attempt < deps.retry.maxAttempts) {
          const delay = retryDelayMs(attempt, failure.retryAfterMs, deps.retry);
          ctx.log(`transient ${failure.code} (attempt ${attempt}/${deps.retry.maxAttempts}); retrying in ${delay} ms`);
          try {
            await sleep(delay, local.signal);
          } catch {
            return "abandoned";
          }
          continue;
        }
        ctx.log(`failed: ${failure.code}: ${failure.message}`);
        await failStep(db, step.id, owner, { code: failure.code, message: failure.message, remedy: failure.remedy });
        return "failed";
      }
    }
  } catch (err) {
    if (err instanceof LeaseLostError || local.signal.aborted) return "abandoned";
    throw err;
  } finally {
    clearInterval(renew);
    stop.removeEventListener("abort", onStop);
  }
}

/**
 * `runPreflight(clients, plan)`: read what the plan needs from Azure (in parallel, each read with
 * a timeout) and judge it with the pure rules. Never throws for an Azure problem: a failed read
 * becomes a warn/fail check carrying the error. `preflightBlocks(checks)` says whether Provision
 * must stay disabled.
 */
import type { ArmClients } from "@/lib/azure/clients";
import type { ProvisioningPlan } from "@/lib/azure/provisioning/plan";
import { evaluatePreflight } from "./evaluate";
import { targetFromPlan } from "./from-plan";
import { gatherObservations, type GatherOptions } from "./gather";
import type { PreflightCheck } from "./types";

export async function runPreflight(clients: ArmClients, plan: ProvisioningPlan, options: GatherOptions = {}): Promise<PreflightCheck[]> {
  const target = targetFromPlan(plan);
  const observed = await gatherObservations(clients, target, options);
  return evaluatePreflight(target, observed);
}

/**
 * PodDisruptionBudget rules: how many pods a budget still lets go (status.disruptionsAllowed)
 * and whether an eviction may proceed — the check behind `kubectl drain` and AKS upgrades.
 */
import type { Pod, PodDisruptionBudget } from "../model";
import { selectorMatches } from "../selectors";
import { KubeApiError } from "../types";
import { intOrPercent, isPodReady } from "./workloads";

export interface BudgetStatus {
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

export function pdbSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  return pod.metadata.namespace === pdb.metadata.namespace && !!pdb.spec.selector && selectorMatches(pdb.spec.selector, pod.metadata.labels);
}

/** Budget arithmetic as the disruption controller does it (expected pods = pods the selector matches). */
export function budgetStatus(pdb: PodDisruptionBudget, pods: Pod[]): BudgetStatus {
  const matching = pods.filter((p) => pdbSelects(pdb, p) && !p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
  const expectedPods = matching.length;
  const currentHealthy = matching.filter(isPodReady).length;
  let desiredHealthy: number;
  if (pdb.spec.maxUnavailable !== undefined) desiredHealthy = Math.max(0, expectedPods - intOrPercent(pdb.spec.maxUnavailable, expectedPods, true, "0"));
  else desiredHealthy = intOrPercent(pdb.spec.minAvailable ?? 1, expectedPods, true, "1");
  return { currentHealthy, desiredHealthy, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy), expectedPods };
}

/**
 * Whether evicting `pod` is allowed given the budgets that cover it. Unready pods may always be
 * evicted when the budget is already met (Kubernetes's IfHealthyBudget policy). Throws the
 * 429 Status the eviction API answers.
 */
export function checkEviction(pod: Pod, budgets: PodDisruptionBudget[], pods: Pod[]): PodDisruptionBudget | undefined {
  const covering = budgets.filter((b) => pdbSelects(b, pod));
  if (covering.length > 1) throw new KubeApiError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  const pdb = covering[0];
  if (!pdb) return undefined;
  const s = budgetStatus(pdb, pods);
  const healthy = isPodReady(pod);
  if (!healthy && s.currentHealthy >= s.desiredHealthy) return pdb;
  if (s.disruptionsAllowed > 0) return pdb;
  throw new KubeApiError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${pdb.metadata.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently` }],
  });
}

/**
 * The plan's critical path: the longest chain of dependent steps, given each step's duration.
 * The provisioning benchmark compares measured wall time with it (wall ≈ critical path means the
 * executor ran independent steps in parallel). Pure.
 */
import type { PlannedStep } from "./plan-types";

export interface CriticalPath {
  /** Sum of the durations along the path (same unit as the input). */
  total: number;
  /** Step keys from the first to the last step of the longest chain. */
  path: string[];
}

type StepDeps = Pick<PlannedStep, "key" | "dependsOn">;

/**
 * `durations` maps step key → duration (e.g. milliseconds); a step without an entry counts as 0.
 * Throws on unknown dependencies or cycles (a plan with either could not run).
 */
export function criticalPath(plan: { steps: readonly StepDeps[] }, durations: ReadonlyMap<string, number> | Readonly<Record<string, number>>): CriticalPath {
  const duration = (key: string): number => {
    const d = durations instanceof Map ? durations.get(key) : (durations as Readonly<Record<string, number>>)[key];
    if (d !== undefined && (!Number.isFinite(d) || d < 0)) throw new Error(`duration of step "${key}" must be a non-negative number, got ${d}`);
    return d ?? 0;
  };
  const steps = new Map(plan.steps.map((s) => [s.key, s]));
  const finish = new Map<string, { total: number; via: string | null }>();
  const visiting = new Set<string>();

  const visit = (key: string): number => {
    const done = finish.get(key);
    if (done) return done.total;
    const step = steps.get(key);
    if (!step) throw new Error(`unknown step "${key}"`);
    if (visiting.has(key)) throw new Error(`steps depend on each other in a cycle through "${key}"`);
    visiting.add(key);
    let best = 0;
    let via: string | null = null;
    for (const dep of step.dependsOn) {
      if (!steps.has(dep)) throw new Error(`step "${key}" depends on unknown step "${dep}"`);
      const t = visit(dep);
      if (via === null || t > best) {
        best = t;
        via = dep;
      }
    }
    visiting.delete(key);
    const total = best + duration(key);
    finish.set(key, { total, via });
    return total;
  };

  let end: string | null = null;
  let total = 0;
  for (const s of plan.steps) {
    const t = visit(s.key);
    if (end === null || t > total) {
      end = s.key;
      total = t;
    }
  }
  const path: string[] = [];
  for (let k: string | null = end; k !== null; k = finish.get(k)?.via ?? null) path.unshift(k);
  return { total, path };
}

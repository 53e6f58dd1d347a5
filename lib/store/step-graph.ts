/** Checks an operation's step list before it is stored: unique keys, known dependencies, no cycles. */

export interface StepSpec {
  key: string;
  title: string;
  dependsOn?: string[];
}

export const STEP_KEY = /^[a-z][a-z0-9.:_-]*$/;

/** Problems with the graph, one sentence each; empty when it can run. */
export function stepGraphProblems(steps: readonly StepSpec[]): string[] {
  const problems: string[] = [];
  if (steps.length === 0) problems.push("an operation needs at least one step");
  const keys = new Set<string>();
  for (const s of steps) {
    if (!STEP_KEY.test(s.key)) problems.push(`step key "${s.key}" must start with a lower-case letter and use a-z 0-9 . : _ -`);
    if (keys.has(s.key)) problems.push(`step key "${s.key}" is used twice`);
    keys.add(s.key);
  }
  for (const s of steps) {
    for (const d of s.dependsOn ?? []) {
      if (d === s.key) problems.push(`step "${s.key}" depends on itself`);
      else if (!keys.has(d)) problems.push(`step "${s.key}" depends on unknown step "${d}"`);
    }
  }
  if (problems.length === 0) {
    const cycle = findCycle(steps);
    if (cycle) problems.push(`steps depend on each other in a cycle: ${cycle.join(" → ")}`);
  }
  return problems;
}

function findCycle(steps: readonly StepSpec[]): string[] | null {
  const deps = new Map(steps.map((s) => [s.key, s.dependsOn ?? []]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === "done") return null;
    if (state.get(key) === "visiting") return [...path.slice(path.indexOf(key)), key];
    state.set(key, "visiting");
    path.push(key);
    for (const d of deps.get(key) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(key, "done");
    return null;
  };
  for (const s of steps) {
    const found = visit(s.key);
    if (found) return found;
  }
  return null;
}

/**
 * Lets an LRO completion wait for slow data-plane work (initdb, starting a process). A completion
 * runs on every settle tick until it stops answering "pending"; the first call starts the hook,
 * later calls look at how its Promise went. Kept in memory only: after a restart of the local
 * Azure the hook is simply called again (hooks are idempotent).
 */
import { ArmError } from "../../core/errors";

type Outcome = { state: "running" } | { state: "done" } | { state: "failed"; message: string };
const outcomes = new Map<string, Outcome>();

/** "pending" while the hook's Promise runs, "done" after; throws InternalServerError when it rejected. */
export function awaitDataPlane(key: string, start: () => unknown): "pending" | "done" {
  let outcome = outcomes.get(key);
  if (!outcome) {
    const result = start();
    if (!(result instanceof Promise)) return "done";
    const running: Outcome = { state: "running" };
    outcome = running;
    outcomes.set(key, running);
    result.then(
      () => outcomes.set(key, { state: "done" }),
      (err: unknown) => outcomes.set(key, { state: "failed", message: err instanceof Error ? err.message : String(err) }),
    );
  }
  if (outcome.state === "running") return "pending";
  outcomes.delete(key);
  if (outcome.state === "failed") throw new ArmError(500, "InternalServerError", `The data plane failed: ${outcome.message}`);
  return "done";
}

/** Fire-and-forget hook calls (restores at start) must not leave unhandled rejections. */
export function runInBackground(result: unknown, log: (line: string) => void, what: string): void {
  if (result instanceof Promise) result.catch((err: unknown) => log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`));
}

/** Turning a failed ARM read into a check: the rule could not decide, so it says why. */
import type { Observed, PreflightCheck, PreflightStatus } from "../types";

export function describeError(error: { code?: string; statusCode?: number; message: string }): string {
  const head = [error.statusCode, error.code].filter((x) => x !== undefined).join(" ");
  return head ? `${head}: ${error.message}` : error.message;
}

/**
 * A check for a read that failed. 401/403 mean the caller may not read it (fail: provisioning
 * would be refused the same way); other errors (timeouts, 5xx) leave the question open (warn).
 */
export function unreadable(id: string, title: string, what: string, observed: Extract<Observed<unknown>, { ok: false }>, remedy?: string): PreflightCheck {
  const denied = observed.error.statusCode === 401 || observed.error.statusCode === 403;
  const status: PreflightStatus = denied ? "fail" : "warn";
  return {
    id,
    title,
    status,
    evidence: `Could not read ${what}: ${describeError(observed.error)}`,
    remedy:
      remedy ??
      (denied
        ? "Sign the console's Azure identity in with a role that may read this (Reader at least), then run preflight again."
        : "Azure did not answer this read; run preflight again. If it persists, check the Azure status page for the region."),
  };
}

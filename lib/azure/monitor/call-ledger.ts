/**
 * Counting Azure Monitor calls. A page view gets a CallLedger: every question the view asks is
 * recorded as an ARM call or as answered from the cache, with its duration, and the page shows the
 * totals. Separately, `countMonitorRequests` puts a pipeline policy on the SDK client that counts
 * the HTTP requests that really leave the process (retries included), so tests and the benchmark
 * can check that the ledger tells the truth.
 */
import type { Pipeline, PipelinePolicy } from "@azure/core-rest-pipeline";

export interface LedgerEntry {
  what: string;
  cached: boolean;
  ms: number;
}

export class CallLedger {
  readonly entries: LedgerEntry[] = [];

  record(what: string, cached: boolean, ms: number): void {
    this.entries.push({ what, cached, ms });
  }

  get armCalls(): number {
    return this.entries.filter((e) => !e.cached).length;
  }

  get cached(): number {
    return this.entries.filter((e) => e.cached).length;
  }

  /** "7 Azure Monitor calls, 2 cached" */
  summary(): string {
    const calls = this.armCalls;
    return `${calls} Azure Monitor call${calls === 1 ? "" : "s"}, ${this.cached} cached`;
  }
}

/** HTTP requests sent by monitor clients this process counted (all clients together). */
export const monitorRequests = { total: 0 };

const POLICY = "consoleMonitorRequestCounter";

const counter: PipelinePolicy = {
  name: POLICY,
  sendRequest(request, next) {
    monitorRequests.total++;
    return next(request);
  },
};

/** Adds the counting policy once per client (clients are cached per environment). */
export function countMonitorRequests(client: { pipeline: Pipeline }): void {
  if (client.pipeline.getOrderedPolicies().some((p) => p.name === POLICY)) return;
  // Per retry: each attempt is one request to ARM.
  client.pipeline.addPolicy(counter, { afterPhase: "Retry" });
}

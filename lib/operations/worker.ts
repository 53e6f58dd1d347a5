/**
 * The operations worker: one loop per console process (any number of replicas). It claims
 * runnable steps with a lease (dependencies done; FOR UPDATE SKIP LOCKED, so two replicas never
 * get the same step), runs up to `concurrency` at once — independent steps of the DAG in
 * parallel — and looks for more as soon as one ends. `stop()` ends the loop and abandons the
 * running steps without failing them: their leases expire and any worker resumes them — up to
 * `maxReclaims` times; a step whose workers keep dying is then failed with a remedy.
 */
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { armClients, type ArmClients } from "@/lib/azure/clients";
import type { DeploySettings } from "@/lib/azure/provisioning/steps";
import type { Queryable } from "@/lib/store/db";
import { claimRunnableSteps, DEFAULT_MAX_RECLAIMS, failStepsThatKeepKillingWorkers } from "@/lib/store/operation-steps";
import { DEFAULT_RETRY, runClaimedStep, type RetryPolicy, type SecretSource, type StepEnd } from "./run-step";

export interface WorkerOptions {
  db: Queryable;
  /** Unique per worker; default host:pid:random. */
  owner?: string;
  /** Steps run at once by this worker (default 8). */
  concurrency?: number;
  /** Lease length; renewed every third of it while a step runs (default 60 s). */
  leaseMs?: number;
  /** A step whose worker died this many times is failed instead of claimed again (default 3). */
  maxReclaims?: number;
  /** Pause between claims when there is nothing to do (default 1 s). */
  idleMs?: number;
  /** LRO poll interval (default 2 s; a server Retry-After overrides it). */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default: `armClients({ subscriptionId })` (the console identity, ARM_ENDPOINT). */
  clientsFor?(subscriptionId: string): ArmClients;
  /** Default: generates the console-generated secrets (postgresAdminPassword, jwtSecret). */
  secrets?: SecretSource;
  log?(line: string): void;
  /** Deploy steps: how long to wait for Ready, where health checks connect (OPENHANDS_INGRESS_ADDRESS). */
  deploy?: DeploySettings;
  /** Called after each step ends (tests, metrics). */
  onStepEnd?(stepKey: string, end: StepEnd): void;
}

export interface OperationsWorker {
  readonly owner: string;
  /** Steps running now. */
  readonly running: number;
  /** Ends the loop; running steps are abandoned (lease left to expire), not failed. */
  stop(): Promise<void>;
}

/** Generated secrets only; typed secrets reach the deploy steps another way (not via the plan). */
export const generatedSecrets: SecretSource = async (_operationId, name) => {
  if (name === "postgresAdminPassword") return `Oh-${randomBytes(24).toString("base64url").replace(/[-_]/g, "x")}9a`;
  if (name === "jwtSecret") return randomBytes(32).toString("base64url");
  throw new Error(`secret "${name}" is not available to the provisioning worker`);
};

export function startOperationsWorker(opts: WorkerOptions): OperationsWorker {
  const owner = opts.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const concurrency = opts.concurrency ?? 8;
  const leaseMs = opts.leaseMs ?? 60_000;
  const idleMs = opts.idleMs ?? 1000;
  const log = opts.log ?? ((line: string) => console.log(`operations worker ${owner}: ${line}`));
  const clients = new Map<string, ArmClients>();
  const deps = {
    db: opts.db,
    owner,
    leaseMs,
    pollIntervalMs: opts.pollIntervalMs ?? 2000,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    secrets: opts.secrets ?? generatedSecrets,
    log,
    ...(opts.deploy ? { deploy: opts.deploy } : {}),
    clientsFor(subscriptionId: string) {
      let c = clients.get(subscriptionId);
      if (!c) {
        c = opts.clientsFor ? opts.clientsFor(subscriptionId) : armClients({ subscriptionId });
        clients.set(subscriptionId, c);
      }
      return c;
    },
  };

  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted) {
      const free = concurrency - inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          // Before claiming: a step that keeps killing its worker must not take down this one too.
          for (const key of await failStepsThatKeepKillingWorkers(opts.db, opts.maxReclaims ?? DEFAULT_MAX_RECLAIMS)) log(`step ${key}: failed, its workers kept dying while running it`);
          const steps = await claimRunnableSteps(opts.db, owner, leaseMs, free);
          claimed = steps.length;
          for (const step of steps) {
            if (stopping.signal.aborted) break;
            const run: Promise<void> = runClaimedStep(deps, step, stopping.signal)
              .then((end) => opts.onStepEnd?.(step.key, end))
              .catch((err: unknown) => log(`step ${step.key}: ${err instanceof Error ? err.message : String(err)}`))
              .finally(() => {
                inFlight.delete(run);
                wake?.(); // a finished step may unblock its dependents: claim again now
              });
            inFlight.add(run);
          }
        } catch (err) {
          log(`claiming steps failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (claimed === 0 || inFlight.size >= concurrency) await nap(idleMs);
    }
  }

  const looping = loop();
  return {
    owner,
    get running() {
      return inFlight.size;
    },
    async stop() {
      stopping.abort();
      wake?.();
      await looping;
      await Promise.allSettled([...inFlight]);
    },
  };
}

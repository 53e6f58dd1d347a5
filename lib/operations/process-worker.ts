/**
 * The console process's operations worker, started once from instrumentation-node.ts. One per
 * process (kept on globalThis so a dev hot reload does not start a second); every replica runs
 * one, and the step leases keep them from doing the same work. Typed setup secrets come from
 * the sealed setup draft of the operation; generated ones are derived (generated-secrets.ts); the
 * console-move's install gets this console's SECRETS_KEY for the moved console's Secret.
 */
import { config } from "@/lib/config";
import { getPool } from "@/lib/store/db";
import { getOperation } from "@/lib/store/operations";
import { secretsKeyFrom } from "@/lib/store/secret-box";
import { openOperationSetupSecret } from "@/lib/store/setup-drafts";
import { CONSOLE_SECRETS_KEY_SECRET } from "@/lib/azure/console-move/deploy/install";
import { derivedSecret, isGeneratedSecret } from "./generated-secrets";
import { startOperationsWorker, type OperationsWorker } from "./worker";
const holder = globalThis as typeof globalThis & { __openhandsOperationsWorker?: OperationsWorker };

export function startProcessWorker(): OperationsWorker {
  if (holder.__openhandsOperationsWorker) return holder.__openhandsOperationsWorker;
  const pool = getPool();
  const worker = startOperationsWorker({
    db: pool,
    // One backend with embedded PGlite (DATABASE_POOL_MAX=1): keep parallel steps modest there.
    concurrency: config().DATABASE_POOL_MAX === 1 ? 4 : 8,
    leaseMs: config().WORKER_LEASE_SECONDS * 1000,
    // Health checks of the deployed app go through the ingress address when one is configured.
    deploy: { ...(config().OPENHANDS_INGRESS_ADDRESS ? { ingressAddress: config().OPENHANDS_INGRESS_ADDRESS } : {}) },
    async secrets(operationId, name) {
      // The moved console must hold this console's key (same derived passwords, same sealed secrets).
      if (name === CONSOLE_SECRETS_KEY_SECRET) return config().SECRETS_KEY;
      const key = secretsKeyFrom(config().SECRETS_KEY);
      if (!isGeneratedSecret(name)) return openOperationSetupSecret(pool, key, operationId, name);
      const op = await getOperation(pool, operationId);
      if (!op) throw new Error(`operation ${operationId} does not exist`);
      return derivedSecret(key, op.environmentId, name);
    },
  });
  // No signal handlers here (they would change how the server exits): a step left running by a
  // stopped process is resumed by any worker once its lease expires.
  holder.__openhandsOperationsWorker = worker;
  return worker;
}

/**
 * An environment's status follows its setup operations: provisioning while one runs, ready when it
 * succeeds, failed when a step fails or it is canceled. Called inside the transaction that changes
 * the operation, so the two never disagree. Other operation kinds (upgrades, diagnostics) leave
 * the status to their own code.
 */
import type { Queryable } from "./db";
import type { EnvironmentStatus } from "./environments";

export async function followSetupOperation(tx: Queryable, operationId: string, status: EnvironmentStatus): Promise<void> {
  await tx.query(
    `UPDATE environments e SET status = $2, version = e.version + 1, updated_at = now()
     FROM operations o
     WHERE o.id = $1 AND o.kind = 'setup' AND e.id = o.environment_id AND e.status <> $2`,
    [operationId, status],
  );
}

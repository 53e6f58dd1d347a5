/**
 * Step leasing for the operations worker (any replica). A worker claims runnable steps for a
 * lease, renews it while it works, saves the ARM poller state as it goes, and completes or
 * fails the step. Every write checks the lease owner: a worker whose lease expired (and was
 * reclaimed) or whose operation was canceled gets LeaseLostError and must stop.
 *
 * Runnable = operation pending/running, step pending (or running with an expired lease: its
 * worker died), and every dependency succeeded or skipped. FOR UPDATE SKIP LOCKED lets several
 * workers claim at once without ever getting the same step.
 *
 * Reclaims: taking over a running step whose lease expired counts in `reclaims`. A step whose
 * workers died `maxReclaims` times is failed (`step_kills_worker`, with the remedy) by
 * `failStepsThatKeepKillingWorkers` instead of being claimed again.
 */
import { inTransaction, type Queryable } from "./db";
import { followSetupOperation } from "./environment-status";
import { LeaseLostError, StoreValidationError } from "./errors";
import { STEP_COLUMNS, UUID, stepErrorSchema, toStep, type OperationStatus, type OperationStep, type StepError } from "./operation-rows";

function checkLease(owner: string, leaseMs: number): void {
  const problems: string[] = [];
  if (owner.trim() === "") problems.push("lease owner is required");
  if (!Number.isInteger(leaseMs) || leaseMs < 1000 || leaseMs > 3_600_000) problems.push("leaseMs must be an integer between 1000 and 3600000");
  if (problems.length > 0) throw new StoreValidationError(problems);
}

const prefixed = (alias: string) =>
  STEP_COLUMNS.split(", ")
    .map((c) => `${alias}.${c}`)
    .join(", ");

export async function claimRunnableSteps(db: Queryable, owner: string, leaseMs: number, limit: number): Promise<OperationStep[]> {
  checkLease(owner, leaseMs);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new StoreValidationError(["limit must be an integer between 1 and 100"]);
  const res = await db.query(
    `WITH candidates AS (
       SELECT s.id FROM operation_steps s
       JOIN operations o ON o.id = s.operation_id
       WHERE o.status IN ('pending', 'running')
         AND (s.status = 'pending' OR (s.status = 'running' AND s.lease_expires_at < clock_timestamp()))
         AND NOT EXISTS (
           SELECT 1 FROM operation_steps d
           WHERE d.operation_id = s.operation_id AND d.key = ANY (s.depends_on) AND d.status NOT IN ('succeeded', 'skipped'))
       ORDER BY o.created_at, s.position
       LIMIT $3
       FOR UPDATE OF s SKIP LOCKED
     ), claimed AS (
       UPDATE operation_steps s
       SET status = 'running', lease_owner = $1,
           lease_expires_at = clock_timestamp() + make_interval(secs => $2::double precision / 1000),
           started_at = COALESCE(s.started_at, clock_timestamp()),
           reclaims = s.reclaims + CASE WHEN s.status = 'running' THEN 1 ELSE 0 END
       FROM candidates c WHERE s.id = c.id
       RETURNING ${prefixed("s")}
     ), started AS (
       UPDATE operations o SET status = 'running', started_at = COALESCE(o.started_at, clock_timestamp())
       WHERE o.id IN (SELECT operation_id FROM claimed) AND o.status = 'pending'
     )
     SELECT * FROM claimed ORDER BY operation_id, position`,
    [owner, leaseMs, limit],
  );
  return res.rows.map(toStep);
}

/** Default: a step may outlive 3 of its workers; the 4th expired lease fails it. */
export const DEFAULT_MAX_RECLAIMS = 3;

/**
 * Fails every running step whose lease expired after `maxReclaims` takeovers (its worker died
 * again), and its operation, with an error that says why and what to do. Returns the failed
 * steps' keys. Runs before each claim, so such a step is never handed to another worker.
 */
export async function failStepsThatKeepKillingWorkers(db: Queryable, maxReclaims: number = DEFAULT_MAX_RECLAIMS): Promise<string[]> {
  if (!Number.isInteger(maxReclaims) || maxReclaims < 0 || maxReclaims > 100) throw new StoreValidationError(["maxReclaims must be an integer between 0 and 100"]);
  return inTransaction(db, async (tx) => {
    const res = await tx.query<{ operation_id: string; key: string; error: StepError }>(
      `UPDATE operation_steps s
       SET status = 'failed', finished_at = clock_timestamp(), lease_owner = NULL, lease_expires_at = NULL,
           error = jsonb_build_object(
             'code', 'step_kills_worker',
             'message', format('The worker running this step stopped (crashed or was killed) %s times in a row, last held by %s; it was not started again so it cannot take down more console replicas.', s.reclaims + 1, s.lease_owner),
             'remedy', 'Look in the console logs (every replica) around the time the step last started for an out-of-memory kill or a crash, fix the cause (e.g. raise the console''s memory limit), then Retry the operation: Retry resets the count.')
       FROM operations o
       WHERE o.id = s.operation_id AND o.status IN ('pending', 'running')
         AND s.status = 'running' AND s.lease_expires_at < clock_timestamp() AND s.reclaims >= $1
       RETURNING s.operation_id, s.key, s.error`,
      [maxReclaims],
    );
    for (const row of res.rows) {
      await tx.query(
        `UPDATE operations SET status = 'failed', finished_at = clock_timestamp(), error = $2::jsonb
         WHERE id = $1 AND status IN ('pending', 'running')`,
        [row.operation_id, JSON.stringify({ ...row.error, stepKey: row.key })],
      );
      await followSetupOperation(tx, row.operation_id, "failed");
    }
    return res.rows.map((r) => r.key);
  });
}

/** Extends the lease; LeaseLostError when the step is no longer this owner's running step. */
export async function renewLease(db: Queryable, stepId: string, owner: string, leaseMs: number): Promise<Date> {
  checkLease(owner, leaseMs);
  const res = await db.query<{ lease_expires_at: Date }>(
    `UPDATE operation_steps SET lease_expires_at = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
     WHERE id = $1 AND status = 'running' AND lease_owner = $2
     RETURNING lease_expires_at`,
    [validId(stepId, owner), owner, leaseMs],
  );
  const row = res.rows[0];
  if (!row) throw new LeaseLostError(stepId, owner);
  return row.lease_expires_at;
}

/** Persists the serialized ARM poller (and the resource id) so another worker can resume. */
export async function savePollerState(
  db: Queryable,
  stepId: string,
  owner: string,
  pollerState: unknown,
  resourceId?: string,
): Promise<void> {
  const res = await db.query(
    `UPDATE operation_steps SET poller_state = $3::jsonb, resource_id = COALESCE($4, resource_id)
     WHERE id = $1 AND status = 'running' AND lease_owner = $2`,
    [validId(stepId, owner), owner, JSON.stringify(pollerState ?? null), resourceId ?? null],
  );
  if (res.rowCount !== 1) throw new LeaseLostError(stepId, owner);
}

export interface StepResult {
  /** Anything later steps or the UI need (names, endpoints). Never secrets. */
  output?: unknown;
  resourceId?: string;
  /** The step had nothing to do (already in the wanted state). */
  skipped?: boolean;
}

/**
 * Marks the step succeeded (or skipped) and, when it was the last unfinished step, the operation
 * succeeded. The operation row is locked first so two steps finishing together cannot both
 * miss that they were the last.
 */
export async function completeStep(db: Queryable, stepId: string, owner: string, result: StepResult = {}): Promise<OperationStatus> {
  const id = validId(stepId, owner);
  return inTransaction(db, async (tx) => {
    const opId = await lockOperationOfStep(tx, id, owner);
    const res = await tx.query(
      `UPDATE operation_steps
       SET status = $3, output = $4::jsonb, resource_id = COALESCE($5, resource_id), finished_at = clock_timestamp(),
           lease_owner = NULL, lease_expires_at = NULL, error = NULL
       WHERE id = $1 AND status = 'running' AND lease_owner = $2`,
      [id, owner, result.skipped ? "skipped" : "succeeded", result.output === undefined ? null : JSON.stringify(result.output), result.resourceId ?? null],
    );
    if (res.rowCount !== 1) throw new LeaseLostError(stepId, owner);
    const op = await tx.query<{ status: OperationStatus }>(
      `UPDATE operations SET status = 'succeeded', finished_at = clock_timestamp()
       WHERE id = $1 AND status = 'running'
         AND NOT EXISTS (SELECT 1 FROM operation_steps WHERE operation_id = $1 AND status NOT IN ('succeeded', 'skipped'))
       RETURNING status`,
      [opId],
    );
    if (op.rows[0]?.status === "succeeded") await followSetupOperation(tx, opId, "ready");
    return op.rows[0]?.status ?? (await operationStatus(tx, opId));
  });
}

/** Marks the step failed with its error; the operation fails too (retryOperation resumes it). */
export async function failStep(db: Queryable, stepId: string, owner: string, error: StepError): Promise<OperationStatus> {
  const id = validId(stepId, owner);
  const parsed = stepErrorSchema.safeParse(error);
  if (!parsed.success) throw new StoreValidationError(["step error needs a code and a message"]);
  return inTransaction(db, async (tx) => {
    const opId = await lockOperationOfStep(tx, id, owner);
    const res = await tx.query<{ key: string }>(
      `UPDATE operation_steps
       SET status = 'failed', error = $3::jsonb, finished_at = clock_timestamp(), lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND status = 'running' AND lease_owner = $2
       RETURNING key`,
      [id, owner, JSON.stringify(parsed.data)],
    );
    const key = res.rows[0]?.key;
    if (key === undefined) throw new LeaseLostError(stepId, owner);
    await tx.query(
      `UPDATE operations SET status = 'failed', finished_at = clock_timestamp(), error = $2::jsonb
       WHERE id = $1 AND status IN ('pending', 'running')`,
      [opId, JSON.stringify({ ...parsed.data, stepKey: key })],
    );
    await followSetupOperation(tx, opId, "failed");
    return operationStatus(tx, opId);
  });
}

function validId(stepId: string, owner: string): string {
  // A malformed id cannot name a step this owner holds.
  if (!UUID.test(stepId)) throw new LeaseLostError(stepId, owner);
  return stepId;
}

async function lockOperationOfStep(tx: Queryable, stepId: string, owner: string): Promise<string> {
  const res = await tx.query<{ id: string }>(
    `SELECT o.id FROM operations o JOIN operation_steps s ON s.operation_id = o.id WHERE s.id = $1 FOR UPDATE OF o`,
    [stepId],
  );
  const id = res.rows[0]?.id;
  if (id === undefined) throw new LeaseLostError(stepId, owner);
  return id;
}

async function operationStatus(db: Queryable, opId: string): Promise<OperationStatus> {
  const res = await db.query<{ status: OperationStatus }>("SELECT status FROM operations WHERE id = $1", [opId]);
  return res.rows[0]?.status ?? "canceled";
}

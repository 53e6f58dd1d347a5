/**
 * Operations: long work on one environment (setup, upgrade, repair) as a DAG of persisted
 * steps. At most one pending/running operation per environment — the partial unique index
 * `operations_one_active_per_environment` decides, this module maps its violation to
 * OperationInProgressError. Step leasing for workers lives in operation-steps.ts.
 */
import { z } from "zod";
import { inTransaction, type Queryable } from "./db";
import { NotFoundError, OperationInProgressError, OperationStateError, StoreValidationError, sqlState, violatedConstraint } from "./errors";
import { OPERATION_COLUMNS, STEP_COLUMNS, UUID, toOperation, toStep, type Operation, type OperationWithSteps } from "./operation-rows";
import { stepGraphProblems, type StepSpec } from "./step-graph";
import { followSetupOperation } from "./environment-status";

export * from "./operation-rows";
export type { StepSpec } from "./step-graph";

export interface NewOperation {
  environmentId: string;
  /** setup, upgrade, repair… */
  kind: string;
  requestedBy: string;
  steps: StepSpec[];
}

const newOperationSchema = z.object({
  environmentId: z.string().regex(UUID, "environmentId must be a GUID"),
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/, "kind must be lower-case words joined by '-', e.g. setup or aks-upgrade"),
  requestedBy: z.string().min(1, "requestedBy is required"),
  steps: z.array(z.object({ key: z.string(), title: z.string().min(1, "every step needs a title"), dependsOn: z.array(z.string()).optional() })),
});

function mapActiveViolation(err: unknown, environmentId: string): never {
  if (sqlState(err) === "23505" && violatedConstraint(err) === "operations_one_active_per_environment") {
    throw new OperationInProgressError(environmentId);
  }
  throw err;
}

/** Inserts the operation and all its steps in one statement, so either all exist or none. */
export async function createOperation(db: Queryable, input: NewOperation): Promise<OperationWithSteps> {
  const parsed = newOperationSchema.safeParse(input);
  const problems = parsed.success ? stepGraphProblems(parsed.data.steps) : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (!parsed.success || problems.length > 0) throw new StoreValidationError(problems);
  const op = parsed.data;
  const steps = op.steps.map((s, position) => ({ position, key: s.key, title: s.title, depends_on: s.dependsOn ?? [] }));
  let id: string;
  try {
    const res = await db.query<{ id: string }>(
      `WITH op AS (
         INSERT INTO operations (environment_id, kind, requested_by) VALUES ($1, $2, $3) RETURNING id
       ), steps AS (
         INSERT INTO operation_steps (operation_id, position, key, title, depends_on)
         SELECT op.id, s.position, s.key, s.title, ARRAY(SELECT jsonb_array_elements_text(s.depends_on))
         FROM op, jsonb_to_recordset($4::jsonb) AS s(position int, key text, title text, depends_on jsonb)
       )
       SELECT id FROM op`,
      [op.environmentId, op.kind, op.requestedBy, JSON.stringify(steps)],
    );
    id = res.rows[0]?.id ?? "";
  } catch (err) {
    if (sqlState(err) === "23503") throw new NotFoundError("Environment", op.environmentId);
    mapActiveViolation(err, op.environmentId);
  }
  await followSetupOperation(db, id, "provisioning");
  return mustGetOperation(db, id);
}

async function mustGetOperation(db: Queryable, id: string): Promise<OperationWithSteps> {
  const op = await getOperation(db, id);
  if (!op) throw new NotFoundError("Operation", id);
  return op;
}

export async function getOperation(db: Queryable, id: string): Promise<OperationWithSteps | null> {
  if (!UUID.test(id)) return null;
  const op = await db.query(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE id = $1`, [id]);
  if (op.rows[0] === undefined) return null;
  const steps = await db.query(`SELECT ${STEP_COLUMNS} FROM operation_steps WHERE operation_id = $1 ORDER BY position`, [id]);
  return { ...toOperation(op.rows[0]), steps: steps.rows.map(toStep) };
}

/** Newest first. */
export async function listOperations(db: Queryable, environmentId: string, opts: { limit?: number } = {}): Promise<Operation[]> {
  if (!UUID.test(environmentId)) return [];
  const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? 50)), 500);
  const res = await db.query(
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE environment_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [environmentId, limit],
  );
  return res.rows.map(toOperation);
}

/** The environment's pending/running operation, if any. */
export async function activeOperation(db: Queryable, environmentId: string): Promise<Operation | null> {
  if (!UUID.test(environmentId)) return null;
  const res = await db.query(
    `SELECT ${OPERATION_COLUMNS} FROM operations WHERE environment_id = $1 AND status IN ('pending', 'running')`,
    [environmentId],
  );
  return res.rows[0] === undefined ? null : toOperation(res.rows[0]);
}

async function lockOperation(tx: Queryable, id: string): Promise<Operation> {
  if (!UUID.test(id)) throw new NotFoundError("Operation", id);
  const res = await tx.query(`SELECT ${OPERATION_COLUMNS} FROM operations WHERE id = $1 FOR UPDATE`, [id]);
  if (res.rows[0] === undefined) throw new NotFoundError("Operation", id);
  return toOperation(res.rows[0]);
}

/**
 * Retry from the failed step: failed steps go back to pending with attempt + 1 (their error,
 * poller state and reclaim count cleared); succeeded steps are kept, so work already done is not redone.
 */
export async function retryOperation(db: Queryable, id: string): Promise<OperationWithSteps> {
  await inTransaction(db, async (tx) => {
    const op = await lockOperation(tx, id);
    if (op.status !== "failed") throw new OperationStateError(`Only a failed operation can be retried; operation ${id} is ${op.status}`);
    try {
      await tx.query(`UPDATE operations SET status = 'pending', finished_at = NULL, error = NULL WHERE id = $1`, [id]);
    } catch (err) {
      mapActiveViolation(err, op.environmentId);
    }
    await tx.query(
      `UPDATE operation_steps
       SET status = 'pending', attempt = attempt + 1, error = NULL, poller_state = NULL, reclaims = 0,
           started_at = NULL, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL
       WHERE operation_id = $1 AND status = 'failed'`,
      [id],
    );
    await followSetupOperation(tx, id, "provisioning");
  });
  return mustGetOperation(db, id);
}

/**
 * Cancels a pending/running operation: unfinished steps become canceled and lose their lease,
 * so a worker still running one gets LeaseLostError at its next renew/complete and stops.
 */
export async function cancelOperation(db: Queryable, id: string): Promise<OperationWithSteps> {
  await inTransaction(db, async (tx) => {
    const op = await lockOperation(tx, id);
    if (op.status !== "pending" && op.status !== "running") {
      throw new OperationStateError(`Operation ${id} is already ${op.status}; only a pending or running operation can be canceled`);
    }
    await tx.query(`UPDATE operations SET status = 'canceled', finished_at = now() WHERE id = $1`, [id]);
    await tx.query(
      `UPDATE operation_steps SET status = 'canceled', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL
       WHERE operation_id = $1 AND status IN ('pending', 'running')`,
      [id],
    );
    await followSetupOperation(tx, id, "failed");
  });
  return mustGetOperation(db, id);
}

/** Operation and step types, and the mapping from database rows (parsed, never trusted blindly). */
import { z } from "zod";

export const OPERATION_STATUSES = ["pending", "running", "succeeded", "failed", "canceled"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped", "canceled"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const stepErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  /** What the admin can do about it, shown beside the error. */
  remedy: z.string().optional(),
});
export type StepError = z.infer<typeof stepErrorSchema>;
/** The operation's error is the failing step's error plus which step it was. */
export type OperationError = StepError & { stepKey?: string };

export interface Operation {
  id: string;
  environmentId: string;
  kind: string;
  status: OperationStatus;
  requestedBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: OperationError | null;
}

export interface OperationStep {
  id: string;
  operationId: string;
  position: number;
  key: string;
  title: string;
  dependsOn: string[];
  status: StepStatus;
  attempt: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Serialized ARM poller state, so a restarted worker resumes the long-running operation. */
  pollerState: unknown;
  resourceId: string | null;
  error: StepError | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  output: unknown;
}

export interface OperationWithSteps extends Operation {
  steps: OperationStep[];
}

const operationRow = z.object({
  id: z.string(),
  environment_id: z.string(),
  kind: z.string(),
  status: z.enum(OPERATION_STATUSES),
  requested_by: z.string(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  error: stepErrorSchema.extend({ stepKey: z.string().optional() }).nullable(),
});

const stepRow = z.object({
  id: z.string(),
  operation_id: z.string(),
  position: z.number().int(),
  key: z.string(),
  title: z.string(),
  depends_on: z.array(z.string()),
  status: z.enum(STEP_STATUSES),
  attempt: z.number().int(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  poller_state: z.unknown(),
  resource_id: z.string().nullable(),
  error: stepErrorSchema.nullable(),
  lease_owner: z.string().nullable(),
  lease_expires_at: z.date().nullable(),
  output: z.unknown(),
});

export const OPERATION_COLUMNS = "id, environment_id, kind, status, requested_by, created_at, started_at, finished_at, error";
export const STEP_COLUMNS =
  "id, operation_id, position, key, title, depends_on, status, attempt, started_at, finished_at, poller_state, resource_id, error, lease_owner, lease_expires_at, output";

export function toOperation(row: unknown): Operation {
  const r = operationRow.parse(row);
  return {
    id: r.id,
    environmentId: r.environment_id,
    kind: r.kind,
    status: r.status,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
  };
}

export function toStep(row: unknown): OperationStep {
  const r = stepRow.parse(row);
  return {
    id: r.id,
    operationId: r.operation_id,
    position: r.position,
    key: r.key,
    title: r.title,
    dependsOn: r.depends_on,
    status: r.status,
    attempt: r.attempt,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pollerState: r.poller_state ?? null,
    resourceId: r.resource_id,
    error: r.error,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
    output: r.output ?? null,
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

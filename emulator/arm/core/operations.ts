/**
 * The long-running-operation engine. An operation is a persisted record with an absolute due
 * time; it is settled lazily (on every request and by a background tick), so an operation in
 * flight when the local Azure stops simply completes after the restart. What happens at the
 * end is a named completion (see OperationCompletion) so it survives serialisation too.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ArmErrorDetail } from "./errors";
import { ArmError } from "./errors";
import { scaledDurationMs } from "./durations";
import { idKey } from "./paths";
import type { ResourceStore } from "./store";
import type { ArmEnvironment, OperationCompletion } from "./types";

const errorSchema = z.object({ code: z.string(), message: z.string() });

export const operationRecordSchema = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  namespace: z.string(),
  location: z.string(),
  resourceId: z.string(),
  /** Duration profile key, e.g. "Microsoft.ContainerService/managedClusters/create". */
  kind: z.string(),
  status: z.enum(["InProgress", "Succeeded", "Failed", "Canceled"]),
  startTime: z.string(),
  endTime: z.string().optional(),
  dueAt: z.number(),
  /** Set by a failLro fault: the operation fails at this time with `fault`. */
  failAt: z.number().optional(),
  fault: errorSchema.optional(),
  error: errorSchema.optional(),
  /** HTTP status a failed operation answers on its Location URL. */
  errorStatus: z.number().optional(),
  completion: z.string(),
  args: z.record(z.string(), z.unknown()).optional(),
  /** What the Location (operationResults) URL answers once done: the resource (200) or nothing (204). */
  result: z.enum(["resource", "none"]),
});
export type OperationRecord = z.infer<typeof operationRecordSchema>;

const OPERATION_RETENTION_MS = 24 * 3600 * 1000;

export interface BeginOperation {
  subscriptionId: string;
  namespace: string;
  location: string;
  resourceId: string;
  kind: string;
  completion: string;
  args?: Record<string, unknown>;
  result: "resource" | "none";
  /** From the request (ArmRequest.lroFault): make this operation fail midway. */
  fault?: ArmErrorDetail | undefined;
}

export class OperationEngine {
  private env: ArmEnvironment | undefined;

  constructor(
    private readonly store: ResourceStore,
    private readonly completions: ReadonlyMap<string, OperationCompletion>,
  ) {}

  attach(env: ArmEnvironment): void {
    this.env = env;
  }

  begin(input: BeginOperation): OperationRecord {
    const env = this.requireEnv();
    const now = env.now().getTime();
    const duration = scaledDurationMs(input.kind, env.settings.timeScale);
    const op: OperationRecord = {
      id: randomUUID(),
      subscriptionId: input.subscriptionId,
      namespace: input.namespace,
      location: input.location,
      resourceId: input.resourceId,
      kind: input.kind,
      status: "InProgress",
      startTime: new Date(now).toISOString(),
      dueAt: now + duration,
      completion: input.completion,
      result: input.result,
      ...(input.args ? { args: input.args } : {}),
      ...(input.fault ? { failAt: now + Math.floor(duration / 2), fault: { code: input.fault.code, message: input.fault.message } } : {}),
    };
    this.store.operations.set(op.id, op);
    this.store.changed();
    return op;
  }

  get(id: string): OperationRecord | undefined {
    return this.store.operations.get(id);
  }

  /** The operation still running on this resource, if any (Azure refuses concurrent changes). */
  inFlightFor(resourceId: string): OperationRecord | undefined {
    const key = idKey(resourceId);
    for (const op of this.store.operations.values()) {
      if (op.status === "InProgress" && idKey(op.resourceId) === key) return op;
    }
    return undefined;
  }

  remainingMs(op: OperationRecord): number {
    return Math.max(0, op.dueAt - this.requireEnv().now().getTime());
  }

  /** Finish every operation whose time has come. Cheap when nothing is due. */
  settle(): void {
    const env = this.requireEnv();
    const now = env.now().getTime();
    for (const op of this.store.operations.values()) {
      if (op.status !== "InProgress") {
        // Finished operations stay pollable for a day (Azure keeps them about as long), then go.
        if (op.endTime && now - Date.parse(op.endTime) > OPERATION_RETENTION_MS) {
          this.store.operations.delete(op.id);
          this.store.changed();
        }
        continue;
      }
      if (op.failAt !== undefined && op.fault && now >= op.failAt) {
        this.fail(op, op.fault, 400);
      } else if (now >= op.dueAt) {
        this.succeed(op);
      }
    }
  }

  private succeed(op: OperationRecord): void {
    const env = this.requireEnv();
    try {
      if (this.completions.get(op.completion)?.onSuccess?.(op, env) === "pending") return;
      op.status = "Succeeded";
      op.endTime = env.now().toISOString();
      this.store.changed();
    } catch (err) {
      if (err instanceof ArmError) this.fail(op, { code: err.code, message: err.message }, err.status);
      else this.fail(op, { code: "InternalServerError", message: "The operation failed with an internal error." }, 500);
    }
  }

  private fail(op: OperationRecord, error: { code: string; message: string }, status: number): void {
    const env = this.requireEnv();
    op.status = "Failed";
    op.error = error;
    op.errorStatus = status;
    op.endTime = env.now().toISOString();
    this.completions.get(op.completion)?.onFailure?.(op, env);
    this.store.changed();
  }

  private requireEnv(): ArmEnvironment {
    if (!this.env) throw new Error("OperationEngine used before attach()");
    return this.env;
  }
}

/** Which async headers an LRO answer carries (Azure differs per resource provider). */
export interface LroHeaderStyle {
  /** Azure-AsyncOperation path segment: "operations" (AKS), "azureAsyncOperation" (PG), "operationStatuses"…; omit for none. */
  asyncOperation?: string;
  /** Add a Location header pointing at operationResults. */
  location?: boolean;
  apiVersion: string;
}

export function operationStatusUrl(env: ArmEnvironment, op: OperationRecord, segment: string, apiVersion: string): string {
  return `${env.settings.origin}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/${segment}/${op.id}?api-version=${apiVersion}`;
}

export function operationResultUrl(env: ArmEnvironment, op: OperationRecord, apiVersion: string): string {
  if (op.namespace.toLowerCase() === "microsoft.resources") {
    return `${env.settings.origin}/subscriptions/${op.subscriptionId}/operationresults/${op.id}?api-version=${apiVersion}`;
  }
  return operationStatusUrl(env, op, "operationresults", apiVersion);
}

/** Azure-AsyncOperation / Location / Retry-After headers for the first answer of an LRO. */
export function lroHeaders(env: ArmEnvironment, op: OperationRecord, style: LroHeaderStyle): Record<string, string> {
  const headers: Record<string, string> = {};
  if (style.asyncOperation) headers["Azure-AsyncOperation"] = operationStatusUrl(env, op, style.asyncOperation, style.apiVersion);
  if (style.location) headers["Location"] = operationResultUrl(env, op, style.apiVersion);
  headers["Retry-After"] = String(retryAfterFor(env, op));
  return headers;
}

export function retryAfterFor(env: ArmEnvironment, op: OperationRecord): number {
  const remaining = Math.max(0, op.dueAt - env.now().getTime());
  return env.settings.timeScale <= 0.02 ? 0 : Math.min(10, Math.max(1, Math.ceil(remaining / 10_000)));
}

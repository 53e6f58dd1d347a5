/**
 * Wire shapes of the emulated Kubernetes API. Objects are kept as plain JSON (what kubectl
 * sends and reads); the few fields controllers depend on are typed here and everything else
 * passes through untouched.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  generateName?: string;
}

/** Any stored object. Other fields stay `unknown`: controllers narrow to the typed views in model.ts. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type StatusReason =
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "MethodNotAllowed"
  | "Gone"
  | "Expired"
  | "TooManyRequests"
  | "UnsupportedMediaType"
  | "NotAcceptable"
  | "InternalError";

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason?: StatusReason;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

/** An error the API answers as a Kubernetes Status object with this HTTP code. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: KubeStatus["details"],
  ) {
    super(message);
    this.name = "KubeApiError";
  }

  toStatus(): KubeStatus {
    const status: KubeStatus = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: this.message, reason: this.reason, code: this.code };
    if (this.details) status.details = this.details;
    return status;
  }
}

export function notFound(resource: string, name: string, group = ""): KubeApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeApiError(404, "NotFound", `${qualified} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, name: string, group = ""): KubeApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeApiError(409, "AlreadyExists", `${qualified} "${name}" already exists`, { name, group, kind: resource });
}

export function invalid(kind: string, name: string, causes: StatusCause[], group = ""): KubeApiError {
  const qualified = group ? `${kind}.${group}` : kind;
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(", ");
  return new KubeApiError(422, "Invalid", `${qualified} "${name}" is invalid: ${text}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? "FieldValueInvalid", message: c.message, ...(c.field ? { field: c.field } : {}) })),
  });
}

export function badRequest(message: string): KubeApiError {
  return new KubeApiError(400, "BadRequest", message);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

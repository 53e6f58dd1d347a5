/**
 * THE server-action wrapper: authenticate → check permission → validate input → run → audit.
 * Next.js treats every server action as a public endpoint, so each action re-checks the
 * session here; a page-level check never stands in for it.
 *
 * `executeAction` is the framework-free core (tests call it with a token); `defineAction`
 * adapts it to Next by reading the session cookie.
 */
import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { z } from "zod";
import { redactedEntry, storeAuditWriter, type AuditWriter, type ChangeSet } from "./audit";
import { AuthError } from "./errors";
import { throwIfNoPermission, type Permission } from "./permissions";
import { principalFromSessionCookie, SESSION_COOKIE } from "./session";
import { redactString as redactText } from "@/lib/store/redact";
import { withStoreTransaction } from "@/lib/store/db";
import { StoreError } from "@/lib/store/errors";
import type { Principal } from "./token";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };

export interface ActionContext {
  principal: Principal;
  requestId: string;
  /**
   * A second permission that depends on the object acted on (known only inside run), e.g.
   * Retry of a setup operation needs `setup.run`. Throws AuthError: the wrapper answers
   * `forbidden`, audits `denied` and rolls back anything run did before.
   */
  requirePermission: (permission: Permission) => void;
}

export interface ActionDefinition<S extends z.ZodType, T> {
  /** Stable identifier, e.g. "environment.create"; also the audit action unless `audit.action` says otherwise. */
  name: string;
  permission: Permission;
  input: S;
  /** Omit only for actions that change nothing. `result` is undefined when the run failed. */
  audit?: {
    action: string;
    target: (input: z.output<S>, result: T | undefined) => string;
    changes?: (input: z.output<S>, result: T | undefined) => ChangeSet;
  };
  run: (ctx: ActionContext, input: z.output<S>) => Promise<T>;
}

/**
 * An expected refusal from inside `run` (e.g. "that upgrade path is not supported"): its
 * message goes to the user as is and the attempt is audited as a failure. The store's typed
 * errors (`StoreError`, e.g. an environment name taken) are treated the same way.
 */
export class ActionError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export interface ExecutionContext {
  /** The session cookie's value (an opaque session secret) or undefined when there is none. */
  token: string | undefined;
  requestId: string;
  audit: AuditWriter;
  /** Credential → principal. Default: the console store's server-side sessions; tests may pass another. */
  verify?: (token: string) => Promise<Principal>;
}

/**
 * The function a `"use server"` file exports:
 *   export const restartWorkload = defineAction({ name: "workload.restart", permission: "workload.restart", input, audit, run });
 * Accepts a plain object or FormData; always resolves to an ActionResult (never throws to the browser).
 */
export function defineAction<S extends z.ZodType, T>(def: ActionDefinition<S, T>): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw: unknown) => {
    const token = (await cookies()).get(SESSION_COOKIE)?.value;
    return executeAction(def, { token, requestId: newRequestId(), audit: storeAuditWriter() }, raw);
  };
}

export async function executeAction<S extends z.ZodType, T>(def: ActionDefinition<S, T>, ctx: ExecutionContext, raw: unknown): Promise<ActionResult<T>> {
  const auditAction = def.audit?.action ?? def.name;
  const authorized = await authorize(def.permission, ctx, auditAction, def.name);
  if (!authorized.ok) return authorized;
  const principal = authorized.data;

  const parsed = def.input.safeParse(raw instanceof FormData ? Object.fromEntries(raw) : raw);
  if (!parsed.success) {
    return { ok: false, error: { code: "invalid_input", message: describeIssues(parsed.error), fieldErrors: fieldErrorsOf(parsed.error) } };
  }
  const input = parsed.data;
  const who = { actorId: principal.oid, actorName: principal.name, action: auditAction, requestId: ctx.requestId };
  const actionCtx: ActionContext = { principal, requestId: ctx.requestId, requirePermission: (p) => throwIfNoPermission(principal, p) };

  // The change and its success row commit together (see "Audit integrity" in
  // lib/store/README.md): the row is inserted before COMMIT, so if it cannot be written the
  // change is rolled back and the caller gets an error. Failure and denied rows are written on
  // their own, after the rollback.
  const runAndAudit = async (): Promise<T> => {
    const result = await def.run(actionCtx, input);
    if (def.audit) await ctx.audit(redactedEntry({ ...who, target: auditTarget(def, input, result), changes: auditChanges(def, input, result), outcome: "success" }));
    return result;
  };
  const store = def.audit ? ctx.audit.store?.() : undefined;
  let data: T;
  try {
    data = store ? await withStoreTransaction(store, runAndAudit) : await runAndAudit();
  } catch (err) {
    // An object-level refusal from inside run (e.g. Retry of a *setup* operation needs setup.run).
    if (err instanceof AuthError) {
      await writeDenied(ctx, { ...who, target: auditTarget(def, input, undefined), outcome: "denied", detail: `${err.code}: ${err.message}` });
      return { ok: false, error: { code: err.code, message: err.message } };
    }
    // ActionError and StoreError messages are written for admins and carry no secrets.
    const known = err instanceof ActionError || err instanceof StoreError ? err : undefined;
    if (def.audit) {
      const detail = known ? `${known.code}: ${known.message}` : "internal error (see server log)";
      await writeAudit(ctx, { ...who, target: auditTarget(def, input, undefined), changes: auditChanges(def, input, undefined), outcome: "failure", detail });
    }
    if (known) return { ok: false, error: { code: known.code, message: known.message, fieldErrors: known instanceof ActionError ? known.fieldErrors : undefined } };
    return internalError(ctx.requestId, def.name, err);
  }
  return { ok: true, data };
}

/**
 * Authenticate and check one permission. Refusals are audited as `denied` when the actor is
 * known (a verified principal, or a token whose signature was valid but expired/misaddressed).
 */
export async function authorize(permission: Permission, ctx: ExecutionContext, auditAction: string, target: string): Promise<ActionResult<Principal>> {
  let principal: Principal | undefined;
  try {
    if (!ctx.token) throw new AuthError("no_session");
    principal = await (ctx.verify ?? principalFromSessionCookie)(ctx.token);
    throwIfNoPermission(principal, permission);
    return { ok: true, data: principal };
  } catch (err) {
    if (!(err instanceof AuthError)) return internalError(ctx.requestId, target, err);
    const actor = principal ? { id: principal.oid, name: principal.name } : err.actor;
    if (actor) {
      await writeDenied(ctx, { actorId: actor.id, actorName: actor.name, action: auditAction, target, outcome: "denied", requestId: ctx.requestId, detail: `${err.code}: ${err.message}` });
    }
    return { ok: false, error: { code: err.code, message: err.message } };
  }
}

function auditTarget<S extends z.ZodType, T>(def: ActionDefinition<S, T>, input: z.output<S>, result: T | undefined): string {
  try {
    return def.audit?.target(input, result) ?? def.name;
  } catch {
    return def.name;
  }
}

function auditChanges<S extends z.ZodType, T>(def: ActionDefinition<S, T>, input: z.output<S>, result: T | undefined): ChangeSet | undefined {
  try {
    return def.audit?.changes?.(input, result);
  } catch {
    return undefined;
  }
}

/**
 * Writes one redacted failure/denied row on its own (nothing was changed, so there is nothing
 * to roll back): a failed write is logged loudly with the request id and the refusal stands.
 */
async function writeAudit(ctx: ExecutionContext, entry: Parameters<AuditWriter>[0]): Promise<void> {
  try {
    await ctx.audit(redactedEntry(entry));
  } catch (err) {
    logServerError(ctx.requestId, `audit write failed for ${entry.action}`, err);
  }
}

/** A `denied` row goes through the per-actor budget when the writer has one (lib/store/audit-denials.ts). */
export async function writeDenied(ctx: ExecutionContext, entry: Parameters<AuditWriter>[0]): Promise<void> {
  const denied = ctx.audit.denied;
  if (!denied) return writeAudit(ctx, entry);
  try {
    await denied(redactedEntry(entry));
  } catch (err) {
    logServerError(ctx.requestId, `audit write failed for ${entry.action}`, err);
  }
}

export function internalError(requestId: string, what: string, err: unknown): { ok: false; error: { code: "internal_error"; message: string } } {
  logServerError(requestId, what, err);
  return { ok: false, error: { code: "internal_error", message: `Something went wrong on the server. Request id: ${requestId}.` } };
}

/** One JSON line per server error, redacted; the browser only ever sees the request id. */
export function logServerError(requestId: string, what: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), requestId, what, error: redactText(detail) }));
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `The input is not valid. ${where}${first?.message ?? "unknown problem"}${more}`;
}

export function newRequestId(): string {
  return randomUUID();
}

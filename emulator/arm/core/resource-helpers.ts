/**
 * Helpers every provider needs: resource-group lookup, request-body validation with ARM error
 * codes, `systemData`, provisioning-state changes and `{value,nextLink}` paging.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { ArmError, armErrors } from "./errors";
import { resourceGroupId } from "./paths";
import type { StoredResource } from "./store";
import type { ArmEnvironment, ArmRequest, ArmResponse, Caller } from "./types";

/** The stored group; for writes also refuse a group that is being deleted (as ARM does). */
export function requireResourceGroup(env: ArmEnvironment, sub: string, rg: string, opts: { forWrite?: boolean } = {}): StoredResource {
  const group = env.store.get(resourceGroupId(sub, rg));
  if (!group) throw armErrors.resourceGroupNotFound(rg);
  const state = (group.body.properties as { provisioningState?: string } | undefined)?.provisioningState;
  if (opts.forWrite && state === "Deleting") {
    throw new ArmError(409, "ResourceGroupBeingDeleted", `The resource group '${rg}' is in deprovisioning state and cannot perform this operation.`);
  }
  return group;
}

/** Parse a request body; a bad body answers 400 with the first problem and its JSON path as target. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, code = "InvalidRequestContent"): z.infer<S> {
  if (body === undefined) throw new ArmError(400, code, "The request content was invalid: a JSON body is required.");
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const target = issue?.path.map(String).join(".") ?? "";
  throw new ArmError(400, code, `The request content was invalid: ${target ? `'${target}' ` : ""}${issue?.message ?? "invalid"}.`, target ? { target } : {});
}

export function systemData(caller: Caller, now: Date, previous?: unknown): Record<string, string> {
  const byType = caller.appid && caller.appid !== caller.oid ? "Application" : "User";
  const prev = (previous ?? {}) as Record<string, unknown>;
  const at = now.toISOString();
  return {
    createdBy: typeof prev.createdBy === "string" ? prev.createdBy : caller.oid,
    createdByType: typeof prev.createdByType === "string" ? prev.createdByType : byType,
    createdAt: typeof prev.createdAt === "string" ? prev.createdAt : at,
    lastModifiedBy: caller.oid,
    lastModifiedByType: byType,
    lastModifiedAt: at,
  };
}

export function newEtag(): string {
  return randomUUID();
}

/** Set `properties.provisioningState` of a stored resource (no-op when it is gone). */
export function setProvisioningState(env: ArmEnvironment, id: string, state: string): void {
  env.store.update(id, (body) => {
    const props = (body.properties ?? {}) as Record<string, unknown>;
    props.provisioningState = state;
    body.properties = props;
  });
}

/** Deep copy of a stored body, so handlers never leak later mutations into an answer. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

/** `{value, nextLink?}` with `$skiptoken` paging at `settings.pageSize`. */
export function pageOf(env: ArmEnvironment, req: ArmRequest, items: unknown[]): ArmResponse {
  const size = env.settings.pageSize;
  const skip = Number.parseInt(req.query.get("$skiptoken") ?? "0", 10);
  const start = Number.isFinite(skip) && skip > 0 ? skip : 0;
  const value = items.slice(start, start + size);
  const body: { value: unknown[]; nextLink?: string } = { value };
  if (start + size < items.length) {
    const next = new URLSearchParams(req.query);
    next.set("$skiptoken", String(start + size));
    body.nextLink = `${env.settings.origin}${req.path}?${next.toString()}`;
  }
  return { status: 200, body };
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): ArmResponse {
  return headers ? { status, body, headers } : { status, body };
}

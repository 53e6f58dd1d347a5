/**
 * Retry from the failed step and Cancel, as action definitions (the operations worker picks the
 * steps up again / stops at its next lease renewal). Operators may do both (`operation.retry`,
 * `operation.cancel`) on day-two operations; Readers may not. A *setup* operation creates an
 * environment, so resuming or stopping it also needs `setup.run` (Admin), as starting it did.
 */
import { z } from "zod";
import { ActionError, type ActionContext, type ActionDefinition } from "@/lib/auth/action";
import type { Permission } from "@/lib/auth/permissions";
import type { Queryable } from "@/lib/store/db";
import { cancelOperation, getOperation, retryOperation } from "@/lib/store/operations";

/** The permission acting on an operation of this kind needs besides operation.retry/cancel (page and actions agree). */
export function kindPermission(kind: string): Permission | undefined {
  return kind === "setup" ? "setup.run" : undefined;
}

export interface OperationChanged {
  operationId: string;
  status: string;
}

export function operationActions(deps: { db: () => Queryable }) {
  const input = z.object({ operationId: z.uuid("operationId must be an operation id") });
  /** Exists, and the caller may act on its kind (checked before anything changes). */
  async function mayActOn(ctx: ActionContext, id: string) {
    const op = await getOperation(deps.db(), id);
    if (!op) throw new ActionError("not_found", `Operation ${id} does not exist.`);
    const extra = kindPermission(op.kind);
    if (extra) ctx.requirePermission(extra);
  }
  const retry = {
    name: "operation.retry",
    permission: "operation.retry",
    input,
    audit: { action: "operation.retry", target: (i) => `operation/${i.operationId}` },
    run: async (ctx, i) => {
      await mayActOn(ctx, i.operationId);
      const op = await retryOperation(deps.db(), i.operationId);
      return { operationId: op.id, status: op.status };
    },
  } satisfies ActionDefinition<typeof input, OperationChanged>;
  const cancel = {
    name: "operation.cancel",
    permission: "operation.cancel",
    input,
    audit: { action: "operation.cancel", target: (i) => `operation/${i.operationId}` },
    run: async (ctx, i) => {
      await mayActOn(ctx, i.operationId);
      const op = await cancelOperation(deps.db(), i.operationId);
      return { operationId: op.id, status: op.status };
    },
  } satisfies ActionDefinition<typeof input, OperationChanged>;
  return { retry, cancel };
}

/**
 * What happens when a cache operation is due: provisioningState goes to "Succeeded" (or
 * "Failed" for a failed create), a scale applies the new SKU, a delete removes the cache with
 * its keys and loopback host. The data plane hears about each change.
 */
import { z } from "zod";
import { setProvisioningState } from "../../core/resource-helpers";
import type { ArmEnvironment, OperationCompletion } from "../../core/types";
import type { OperationRecord } from "../../core/operations";
import { forgetKeys } from "./access-keys";
import { applySettings, settingsOf } from "./cache-body";
import { cacheInfo, HOSTS_SETTING, OPS } from "./common";
import type { RedisDataPlane } from "./data-plane";
import { releaseLoopbackHost } from "../postgresql/loopback-host";
import { awaitDataPlane } from "../postgresql/data-plane-wait";

const scaleArgs = z.object({ sku: z.object({ name: z.enum(["Basic", "Standard", "Premium"]), family: z.enum(["C", "P"]), capacity: z.number() }) });

/** Succeeded once the data plane's hook (if it returned a Promise) settled; "pending" until then. */
function succeeded(env: ArmEnvironment, op: OperationRecord, notify?: (env: ArmEnvironment, id: string) => unknown): void | "pending" {
  if (notify && awaitDataPlane(op.id, () => notify(env, op.resourceId)) === "pending") return "pending";
  setProvisioningState(env, op.resourceId, "Succeeded");
}

/** Forget everything a removed cache had outside its resource body. */
export function releaseCache(env: ArmEnvironment, dataPlane: RedisDataPlane, id: string): void {
  forgetKeys(env, id);
  releaseLoopbackHost(env, HOSTS_SETTING, id);
  dataPlane.cacheDeleted?.(id);
}

export function cacheCompletions(dataPlane: RedisDataPlane): Record<string, OperationCompletion> {
  const notifyUpdated = (env: ArmEnvironment, id: string): unknown => {
    const cache = env.store.get(id);
    return cache ? dataPlane.cacheUpdated?.(cacheInfo(env, cache)) : undefined;
  };
  const backToSucceeded = (op: OperationRecord, env: ArmEnvironment) => setProvisioningState(env, op.resourceId, "Succeeded");
  return {
    [OPS.create]: {
      onSuccess: (op, env) =>
        succeeded(env, op, (e, id) => {
          const cache = e.store.get(id);
          return cache ? dataPlane.cacheReady?.(cacheInfo(e, cache)) : undefined;
        }),
      onFailure: (op, env) => setProvisioningState(env, op.resourceId, "Failed"),
    },
    [OPS.update]: { onSuccess: (op, env) => succeeded(env, op, notifyUpdated), onFailure: backToSucceeded },
    [OPS.scale]: {
      onSuccess(op, env) {
        const { sku } = scaleArgs.parse(op.args);
        env.store.update(op.resourceId, (body) => applySettings(body, { ...settingsOf(body), sku }));
        return succeeded(env, op, notifyUpdated);
      },
      onFailure: backToSucceeded,
    },
    [OPS.delete]: {
      onSuccess(op, env) {
        if (awaitDataPlane(op.id, () => dataPlane.cacheDeleted?.(op.resourceId)) === "pending") return "pending";
        env.store.delete(op.resourceId);
        releaseCache(env, { ...dataPlane, cacheDeleted: undefined }, op.resourceId);
      },
      onFailure: backToSucceeded,
    },
  };
}

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

const scaleArgs = z.object({ sku: z.object({ name: z.enum(["Basic", "Standard", "Premium"]), family: z.enum(["C", "P"]), capacity: z.number() }) });

function succeeded(env: ArmEnvironment, op: OperationRecord, notify?: (env: ArmEnvironment, id: string) => void): void {
  setProvisioningState(env, op.resourceId, "Succeeded");
  notify?.(env, op.resourceId);
}

/** Forget everything a removed cache had outside its resource body. */
export function releaseCache(env: ArmEnvironment, dataPlane: RedisDataPlane, id: string): void {
  forgetKeys(env, id);
  releaseLoopbackHost(env, HOSTS_SETTING, id);
  dataPlane.cacheDeleted?.(id);
}

export function cacheCompletions(dataPlane: RedisDataPlane): Record<string, OperationCompletion> {
  const notifyUpdated = (env: ArmEnvironment, id: string) => {
    const cache = env.store.get(id);
    if (cache) dataPlane.cacheUpdated?.(cacheInfo(env, cache));
  };
  const backToSucceeded = (op: OperationRecord, env: ArmEnvironment) => setProvisioningState(env, op.resourceId, "Succeeded");
  return {
    [OPS.create]: {
      onSuccess: (op, env) =>
        succeeded(env, op, (e, id) => {
          const cache = e.store.get(id);
          if (cache) dataPlane.cacheReady?.(cacheInfo(e, cache));
        }),
      onFailure: (op, env) => setProvisioningState(env, op.resourceId, "Failed"),
    },
    [OPS.update]: { onSuccess: (op, env) => succeeded(env, op, notifyUpdated), onFailure: backToSucceeded },
    [OPS.scale]: {
      onSuccess(op, env) {
        const { sku } = scaleArgs.parse(op.args);
        env.store.update(op.resourceId, (body) => applySettings(body, { ...settingsOf(body), sku }));
        succeeded(env, op, notifyUpdated);
      },
      onFailure: backToSucceeded,
    },
    [OPS.delete]: {
      onSuccess(op, env) {
        env.store.delete(op.resourceId);
        releaseCache(env, dataPlane, op.resourceId);
      },
      onFailure: backToSucceeded,
    },
  };
}

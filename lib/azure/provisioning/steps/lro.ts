/**
 * Submit-once long-running operations for both SDK generations (knowledge/azure.md §4). The
 * serialized poller is saved BEFORE waiting, so a worker that dies mid-LRO leaves enough behind
 * for the next worker to resume polling the same ARM operation instead of sending the PUT again.
 */
import type { OperationState, PollerLike } from "@azure/core-lro";
import type { DesiredResource, StepContext } from "./types";

/** The autorest (core-lro 2) poller surface we use. */
export interface AutorestPoller<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  toString(): string;
}

export interface AutorestLroOptions {
  resumeFrom?: string;
  updateIntervalInMs: number;
  abortSignal: AbortSignal;
}

/** `begin` is e.g. `(o) => client.servers.beginCreateOrUpdate(rg, name, body, o)`. */
export async function autorestLro<T>(ctx: StepContext, key: string, begin: (options: AutorestLroOptions) => Promise<AutorestPoller<T>>): Promise<T> {
  const saved = ctx.pollers()[key];
  const options = { updateIntervalInMs: ctx.pollIntervalMs, abortSignal: ctx.signal };
  if (saved !== undefined) {
    ctx.log(`${key}: resuming the saved ARM operation`);
    const poller = await begin({ ...options, resumeFrom: saved });
    return poller.pollUntilDone({ abortSignal: ctx.signal });
  }
  const poller = await begin(options);
  const state = resumableState(poller.toString());
  if (state !== undefined) await ctx.savePoller(key, state);
  return poller.pollUntilDone({ abortSignal: ctx.signal });
}

/**
 * What to store of an autorest poller: nothing once it is finished (a re-run GETs the resource),
 * and never its `result` — a create response may carry secrets (Redis answers its access keys).
 */
export function resumableState(serialized: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    return undefined;
  }
  const state = (parsed as { state?: Record<string, unknown> } | null)?.state;
  if (!state || typeof state !== "object") return undefined;
  if (typeof state.status === "string" && /succeeded|failed|canceled|cancelled/i.test(state.status)) return undefined;
  const { result: _result, ...rest } = state;
  return JSON.stringify({ state: rest });
}

/**
 * TypeSpec (core-lro 3) clients: `start()` sends the request, `restore(state)` wraps
 * `restorePoller(client, state, client.x.createOrUpdate, …)`.
 */
export async function typespecLro<T>(
  ctx: StepContext,
  key: string,
  start: () => PollerLike<OperationState<T>, T>,
  restore: (state: string) => PollerLike<OperationState<T>, T>,
): Promise<T> {
  const saved = ctx.pollers()[key];
  if (saved !== undefined) {
    ctx.log(`${key}: resuming the saved ARM operation`);
    return restore(saved).pollUntilDone({ abortSignal: ctx.signal });
  }
  const poller = start();
  await poller.submitted();
  await ctx.savePoller(key, await poller.serialize());
  return poller.pollUntilDone({ abortSignal: ctx.signal });
}

/** The resource, or undefined when ARM answers 404 (any other error propagates). */
export async function getIfExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (typeof err === "object" && err !== null && "statusCode" in err && err.statusCode === 404) return undefined;
    throw err;
  }
}

/** Parent names then the resource's own name; `depth` = how many the ARM path needs. */
export function nameSegments(resource: DesiredResource, depth: number): string[] {
  const parts = [...(resource.parentNames ?? []), resource.name];
  if (parts.length !== depth || parts.some((p) => p === "")) {
    throw new Error(`resource "${resource.key}" needs ${depth} name segments (parents + name), has ${parts.join("/")}`);
  }
  return parts;
}

/** A copy of the planned body with its `secretInputs` filled in (the plan itself never holds them). */
export async function bodyWithSecrets<T>(ctx: StepContext, resource: DesiredResource): Promise<T> {
  const body = structuredClone(resource.armBody) as Record<string, unknown>;
  for (const input of resource.secretInputs ?? []) {
    const path = input.path.split(".");
    let node: Record<string, unknown> = body;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== "object" || next === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[path[path.length - 1] ?? ""] = await ctx.secret(input.secret);
  }
  return body as T;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

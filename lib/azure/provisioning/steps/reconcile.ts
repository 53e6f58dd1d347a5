/**
 * The idempotent apply every resource handler shares: resume a saved LRO if there is one;
 * else GET, and when Azure already matches the plan say "unchanged"; else PUT (or PATCH) and
 * wait. A resource still busy from an earlier, unrecorded submission is waited for, not PUT
 * again (ARM would answer 409 for most types).
 */
import { differences } from "./drift";
import { getIfExists, sleep } from "./lro";
import { ensureRegistered, namespaceOf } from "./registration";
import type { DesiredResource, ResourceOutcome, StepContext } from "./types";

export interface ReconcileSpec<T> {
  /** The current resource, or undefined when it does not exist (404). */
  get(): Promise<T>;
  /** Submit (or resume, through the saved poller) the change and wait for it. */
  put(): Promise<T>;
  /** The body to compare with a GET; default: the plan's armBody. */
  desired?: unknown;
  /** Default: `id` of the resource. */
  idOf?(resource: T): string;
  /** Non-secret facts for later steps (FQDN, host, ports). */
  facts?(resource: T): Record<string, string | number | boolean>;
  /** Skip provider registration (resource groups). */
  noRegistration?: boolean;
}

const BUSY = /^(creating|updating|provisioning|scaling|upgrading|accepted|inprogress|running|registering)$/i;

function stateOf(resource: unknown): string | undefined {
  if (typeof resource !== "object" || resource === null) return undefined;
  const r = resource as { provisioningState?: unknown; state?: unknown };
  if (typeof r.provisioningState === "string") return r.provisioningState;
  return typeof r.state === "string" ? r.state : undefined;
}

function idOfDefault(resource: unknown): string {
  const id = typeof resource === "object" && resource !== null ? (resource as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id : "";
}

export async function reconcile<T>(ctx: StepContext, resource: DesiredResource, spec: ReconcileSpec<T>): Promise<ResourceOutcome> {
  const base = { key: resource.key, type: resource.type, name: resource.name };
  const idOf = spec.idOf ?? idOfDefault;
  const facts = (r: T) => (spec.facts ? { facts: spec.facts(r) } : {});
  if (!spec.noRegistration) await ensureRegistered(ctx, namespaceOf(resource.type));

  if (ctx.pollers()[resource.key] !== undefined) {
    const done = await spec.put();
    return { ...base, change: "created", resourceId: idOf(done), ...facts(done) };
  }
  let current = await getIfExists(spec.get);
  while (current !== undefined && BUSY.test(stateOf(current) ?? "")) {
    ctx.log(`${resource.key}: ${resource.name} is ${stateOf(current)}; waiting for it before comparing`);
    await sleep(Math.max(100, ctx.pollIntervalMs), ctx.signal);
    current = await getIfExists(spec.get);
  }
  if (current !== undefined) {
    const drift = differences(spec.desired ?? resource.armBody, current);
    const failed = /failed/i.test(stateOf(current) ?? "");
    if (drift.length === 0 && !failed) return { ...base, change: "unchanged", resourceId: idOf(current), ...facts(current) };
    ctx.log(`${resource.key}: ${resource.name} differs from the plan (${failed ? "provisioning failed" : drift.slice(0, 5).join(", ")}); updating`);
    const done = await spec.put();
    return { ...base, change: "updated", resourceId: idOf(done), drift: failed ? ["provisioningState"] : drift.slice(0, 10), ...facts(done) };
  }
  const done = await spec.put();
  return { ...base, change: "created", resourceId: idOf(done), ...facts(done) };
}

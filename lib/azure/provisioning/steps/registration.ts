/**
 * Resource providers must be registered on a subscription before its first PUT
 * (MissingSubscriptionRegistration otherwise; a new subscription has few registered). Setup
 * registers what it needs itself — the admin already chose to provision — and remembers the
 * namespaces it saw Registered so later steps do not ask again.
 */
import { sleep } from "./lro";
import type { StepContext } from "./types";

const registered = new Set<string>();

export async function ensureRegistered(ctx: StepContext, namespace: string): Promise<void> {
  const cacheKey = `${ctx.subscriptionId}/${namespace}`.toLowerCase();
  if (registered.has(cacheKey)) return;
  const providers = ctx.clients.resources.providers;
  let state = (await providers.get(namespace)).registrationState;
  if (state !== "Registered") {
    ctx.log(`registering resource provider ${namespace} (was ${state ?? "unknown"})`);
    if (state !== "Registering") await providers.register(namespace);
    for (;;) {
      state = (await providers.get(namespace)).registrationState;
      if (state === "Registered") break;
      await sleep(Math.max(100, ctx.pollIntervalMs), ctx.signal);
    }
  }
  registered.add(cacheKey);
}

/** "Microsoft.Network/virtualNetworks" → "Microsoft.Network". */
export function namespaceOf(type: string): string {
  return type.split("/")[0] ?? type;
}

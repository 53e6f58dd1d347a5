/**
 * Default host of a data-plane resource (PostgreSQL server, Redis cache) when no data plane
 * names one: a distinct loopback address per resource, so each can later get its own listener
 * on the standard port (Linux routes all of 127.0.0.0/8 to the loopback interface). The
 * allocation lives in the ARM's persisted provider state, so it survives restarts.
 */
import { z } from "zod";
import { idKey } from "../../core/paths";
import type { ArmEnvironment } from "../../core/types";

const allocationSchema = z.record(z.string(), z.string());

/**
 * Second octet of the addresses: two local stacks on one machine (a developer's `npm start` and
 * the e2e run) each get their own range, so their engines never fight over 127.0.10.1:5432.
 */
function stackOctet(): number {
  const n = Number(process.env.LOCAL_AZURE_LOOPBACK_OCTET ?? "0");
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : 0;
}

/** The address of `resourceId` under 127.<stack>.<subnet>.x (x = 1…254), allocating the lowest free one. */
export function loopbackHost(env: ArmEnvironment, settingKey: string, resourceId: string, subnet: number): string {
  const parsed = allocationSchema.safeParse(env.store.providerSetting(settingKey));
  const allocations = parsed.success ? { ...parsed.data } : {};
  const key = idKey(resourceId);
  const existing = allocations[key];
  if (existing) return existing;
  const used = new Set(Object.values(allocations));
  for (let x = 1; x <= 254; x++) {
    const candidate = `127.${stackOctet()}.${subnet}.${x}`;
    if (!used.has(candidate)) {
      allocations[key] = candidate;
      env.store.setProviderSetting(settingKey, allocations);
      return candidate;
    }
  }
  // More than 254 live resources of one kind: share the loopback address rather than fail.
  return "127.0.0.1";
}

export function releaseLoopbackHost(env: ArmEnvironment, settingKey: string, resourceId: string): void {
  const parsed = allocationSchema.safeParse(env.store.providerSetting(settingKey));
  if (!parsed.success || !(idKey(resourceId) in parsed.data)) return;
  const allocations = { ...parsed.data };
  delete allocations[idKey(resourceId)];
  env.store.setProviderSetting(settingKey, allocations);
}

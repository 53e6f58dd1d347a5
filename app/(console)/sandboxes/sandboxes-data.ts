/**
 * Connects the page's loaders to an environment: its cluster (kubeconfig from ARM) and its
 * OpenHands database. A failure becomes a reason the page can show (with a request id), never a
 * stack trace; the details go to the server log.
 */
import { logServerError, newRequestId } from "@/lib/auth/action";
import { kubeConfig, openhandsDatabase } from "@/lib/environments/data-plane";
import type { EnvironmentTarget } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { inventoryView, usageView, type InventoryView, type UsageView } from "@/lib/openhands/sandboxes/page-data";

type SearchParams = Record<string, string | string[] | undefined>;
export type Loaded<T> = { ok: true; data: T; warning?: string } | { ok: false; reason: string };

function failure(what: string, err: unknown): { ok: false; reason: string } {
  const requestId = newRequestId();
  logServerError(requestId, what, err);
  return { ok: false, reason: `${what} failed. Request id: ${requestId}.` };
}

export async function loadInventory(target: EnvironmentTarget, params: SearchParams): Promise<Loaded<InventoryView>> {
  let warning: string | undefined;
  const db = await openhandsDatabase(target).catch((err: unknown) => {
    const f = failure("Reading the OpenHands database", err);
    warning = `${f.reason} Paused counts and idle/orphan flags need it; showing the pods only.`;
    return undefined;
  });
  try {
    const kc = await kubeConfig(target);
    const ns = target.openhands.sandboxNamespace;
    if (db) {
      try {
        // Whole days of the paused window come from the usage rollup when it is fresh.
        return { ok: true, data: await inventoryView(kc, db, ns, params, { store: getPool(), environmentId: target.environment.id }) };
      } catch (err) {
        // The database may be what failed: the pods alone are still worth showing.
        warning = `${failure("Reading conversations for the inventory", err).reason} Paused counts and idle/orphan flags need them; showing the pods only.`;
      }
    }
    return { ok: true, data: await inventoryView(kc, undefined, ns, params), warning };
  } catch (err) {
    return failure(`Reading sandboxes from cluster ${target.names.aksCluster}`, err);
  }
}

export async function loadUsage(target: EnvironmentTarget, params: SearchParams): Promise<Loaded<UsageView>> {
  try {
    // The console store's rollup answers long ranges without scanning OpenHands' table.
    const rollup = { store: getPool(), environmentId: target.environment.id, onError: (err: unknown) => logServerError(newRequestId(), "Refreshing the usage rollup", err) };
    return { ok: true, data: await usageView(await openhandsDatabase(target), params, Date.now(), rollup) };
  } catch (err) {
    return failure("Reading usage from the OpenHands database", err);
  }
}

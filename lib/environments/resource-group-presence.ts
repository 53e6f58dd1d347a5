/**
 * Does an environment's resource group still exist in Azure? A group deleted outside the console
 * (portal, `az group delete`) leaves the console's record "ready" while every read of its
 * resources fails; one ARM GET of the group tells that apart from a passing fault: 404 with code
 * ResourceGroupNotFound is "missing", any other failure is "unknown" (never guessed as missing).
 * Answers are remembered for a minute per group, so the top bar's picker can ask on every full
 * page load without a round trip to ARM each time.
 */
import type { ArmClients } from "@/lib/azure/clients";

export type GroupPresence = { state: "present" } | { state: "missing" } | { state: "unknown"; reason: string };

const REMEMBER_MS = 60_000;
const DEADLINE_MS = 2_000;
const UNKNOWN_MS = 10_000;
const remembered = new Map<string, { at: number; ttl: number; presence: Promise<GroupPresence> }>();

function errorCode(err: unknown): { status?: number; code?: string } {
  if (!err || typeof err !== "object") return {};
  const status = "statusCode" in err && typeof err.statusCode === "number" ? err.statusCode : undefined;
  const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
  return { ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) };
}

async function ask(arm: Pick<ArmClients, "resources">, resourceGroup: string): Promise<GroupPresence> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<GroupPresence>((resolve) => {
    timer = setTimeout(() => resolve({ state: "unknown", reason: `no answer from ARM within ${DEADLINE_MS / 1000} s` }), DEADLINE_MS);
  });
  const read = arm.resources.resourceGroups.get(resourceGroup).then(
    (): GroupPresence => ({ state: "present" }),
    (err: unknown): GroupPresence => {
      const { status, code } = errorCode(err);
      if (status === 404 && code === "ResourceGroupNotFound") return { state: "missing" };
      return { state: "unknown", reason: code ?? (err instanceof Error ? err.message : "ARM did not answer") };
    },
  );
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function resourceGroupPresence(arm: Pick<ArmClients, "resources">, subscriptionId: string, resourceGroup: string, opts: { fresh?: boolean } = {}): Promise<GroupPresence> {
  const key = `${subscriptionId}/${resourceGroup.toLowerCase()}`;
  const hit = remembered.get(key);
  if (!opts.fresh && hit && Date.now() - hit.at < hit.ttl) return hit.presence;
  const presence = ask(arm, resourceGroup);
  const entry = { at: Date.now(), ttl: REMEMBER_MS, presence };
  remembered.set(key, entry);
  // An unknown answer is kept only briefly: long enough that a slow ARM does not stall every
  // page load of the next seconds, short enough to ask again soon.
  void presence.then((p) => {
    if (p.state === "unknown") entry.ttl = UNKNOWN_MS;
  });
  return presence;
}

/** True for the error ARM answers a read inside a group that no longer exists (the tiles' reads). */
export function isResourceGroupNotFound(err: unknown): boolean {
  const { status, code } = errorCode(err);
  return status === 404 && code === "ResourceGroupNotFound";
}

/**
 * The state of each Azure resource of an environment as ARM reports it, for the Overview tiles:
 * AKS (provisioning + power state, Kubernetes version), PostgreSQL (state, version, HA), Redis
 * (provisioning state, SKU, version) and storage (provisioning state, primary status, SKU), each
 * judged ok / warn / critical. The verdict rules are pure (`judge*`); the readers are thin ARM calls.
 */
import type { ArmClients } from "@/lib/azure/clients";
import type { Verdict } from "@/lib/openhands/verdict";
import { describeArmError } from "./arm-error";

export interface ResourceState {
  verdict: Verdict;
  /** "Succeeded · Running" */
  state: string;
  facts: Array<[label: string, value: string]>;
  /** Why the verdict is not ok, in a sentence. */
  reason?: string;
}

const lower = (s: string | undefined) => (s ?? "").toLowerCase();
const TRANSITIONS = ["creating", "updating", "upgrading", "scaling", "starting", "stopping", "restarting", "provisioning", "linking", "unlinking", "configuringaad", "recoveringscalefailure", "migrating", "resolvingdns"];
const BROKEN = ["failed", "canceled", "deleting", "dropping", "disabled", "inaccessible", "unprovisioning", "stopped", "deallocated"];

/** ok when settled, warn while it changes, critical when broken or stopped, unknown when unreported. */
export function judgeProvisioning(state: string | undefined, settled: readonly string[]): Verdict {
  const s = lower(state);
  if (s === "") return "unknown";
  if (settled.includes(s)) return "ok";
  if (TRANSITIONS.includes(s)) return "warn";
  if (BROKEN.includes(s)) return "critical";
  return "unknown";
}

export function judgeAks(c: { provisioningState?: string; powerState?: { code?: string } }): Pick<ResourceState, "verdict" | "reason"> {
  const power = lower(c.powerState?.code);
  if (power === "stopped") return { verdict: "critical", reason: "The cluster is stopped: OpenHands and every sandbox are down." };
  const v = judgeProvisioning(c.provisioningState, ["succeeded"]);
  return { verdict: v, ...(v === "ok" ? {} : { reason: v === "warn" ? `The cluster is ${c.provisioningState}.` : `Provisioning state ${c.provisioningState ?? "not reported"}.` }) };
}

export function judgePostgres(s: { state?: string; highAvailability?: { mode?: string; state?: string } }): Pick<ResourceState, "verdict" | "reason"> {
  const v = judgeProvisioning(s.state, ["ready"]);
  if (v !== "ok") return { verdict: v, reason: `The server is ${s.state ?? "in an unreported state"}.` };
  const ha = s.highAvailability;
  if (ha?.mode && lower(ha.mode) !== "disabled" && ha.state && !["healthy", "notenabled"].includes(lower(ha.state))) {
    return { verdict: "warn", reason: `High availability (${ha.mode}) is ${ha.state}: no failover until the standby is healthy.` };
  }
  return { verdict: "ok" };
}

export function judgeRedis(r: { provisioningState?: string }): Pick<ResourceState, "verdict" | "reason"> {
  const v = judgeProvisioning(r.provisioningState, ["succeeded"]);
  return { verdict: v, ...(v === "ok" ? {} : { reason: `The cache is ${r.provisioningState ?? "in an unreported state"}.` }) };
}

export function judgeStorage(a: { provisioningState?: string; statusOfPrimary?: string }): Pick<ResourceState, "verdict" | "reason"> {
  if (lower(a.statusOfPrimary) === "unavailable") return { verdict: "critical", reason: "The primary location of the account is unavailable." };
  const v = judgeProvisioning(a.provisioningState, ["succeeded"]);
  return { verdict: v, ...(v === "ok" ? {} : { reason: `The account is ${a.provisioningState ?? "in an unreported state"}.` }) };
}

/** A resource ARM does not know, or could not be asked about. */
export function unreadable(err: unknown): ResourceState {
  const e = err as { statusCode?: number };
  return e?.statusCode === 404
    ? { verdict: "critical", state: "Not found", facts: [], reason: `ARM does not know this resource: ${describeArmError(err)}` }
    : { verdict: "unknown", state: "Could not be read", facts: [], reason: describeArmError(err) };
}

const join = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(" · ");

export async function readAksState(arm: ArmClients, rg: string, name: string): Promise<ResourceState> {
  try {
    const c = await arm.containerService.managedClusters.get(rg, name);
    const pools = c.agentPoolProfiles ?? [];
    return {
      ...judgeAks(c),
      state: join(c.provisioningState, c.powerState?.code),
      facts: [
        ["Kubernetes", c.currentKubernetesVersion ?? c.kubernetesVersion ?? "—"],
        ["Node pools", pools.map((p) => `${p.name} ${p.count ?? "?"}×${p.vmSize ?? ""}`).join(", ") || "—"],
      ],
    };
  } catch (err) {
    return unreadable(err);
  }
}

export async function readPostgresState(arm: ArmClients, rg: string, name: string): Promise<ResourceState> {
  try {
    const s = await arm.postgres.servers.get(rg, name);
    const ha = s.highAvailability;
    return {
      ...judgePostgres(s),
      state: s.state ?? "—",
      facts: [
        ["Version", s.version ? `PostgreSQL ${s.version}` : "—"],
        ["SKU", join(s.sku?.name, s.sku?.tier) || "—"],
        ["High availability", ha?.mode && ha.mode !== "Disabled" ? join(ha.mode, ha.state) : "Disabled"],
      ],
    };
  } catch (err) {
    return unreadable(err);
  }
}

export async function readRedisState(arm: ArmClients, rg: string, name: string): Promise<ResourceState> {
  try {
    const r = await arm.redis.redis.get(rg, name);
    return {
      ...judgeRedis(r),
      state: r.provisioningState ?? "—",
      facts: [
        ["SKU", r.sku ? `${r.sku.name} ${r.sku.family}${r.sku.capacity}` : "—"],
        ["Version", r.redisVersion ?? "—"],
        ["Non-TLS port", r.enableNonSslPort ? "enabled (OpenHands uses 6379)" : "disabled"],
      ],
    };
  } catch (err) {
    return unreadable(err);
  }
}

export async function readStorageState(arm: ArmClients, rg: string, name: string): Promise<ResourceState> {
  try {
    const a = await arm.storage.storageAccounts.getProperties(rg, name);
    return {
      ...judgeStorage(a),
      state: join(a.provisioningState, a.statusOfPrimary),
      facts: [
        ["SKU", a.sku?.name ?? "—"],
        ["Kind", a.kind ?? "—"],
      ],
    };
  } catch (err) {
    return unreadable(err);
  }
}

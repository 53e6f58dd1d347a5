/**
 * Sizing presets (pilot ≈10 users/5 concurrent sandboxes, team ≈50/25, org ≈250/100) and the
 * bounds every editable value must stay within, each with a specific sentence. Sandbox capacity
 * is estimated from the runtime-api default request of 3 GiB memory / 0.5 vCPU per sandbox
 * (knowledge/openhands.md §4), leaving ~15% of a node for the kubelet and daemonsets. Every preset
 * uses a Premium cache: only Premium joins the VNet, and OpenHands needs Redis' plain port 6379,
 * which must not face the internet (DESIGN.md §2). Pure.
 */
import type { PresetName, SizingInput } from "@/lib/azure/provisioning/setup-input";

export interface VmSizeInfo {
  name: string;
  vCPUs: number;
  memoryGiB: number;
  /** The compute quota family (`usages` name) preflight compares against. */
  quotaFamily: string;
}

/** VM sizes the wizard offers for node pools (Linux, with a local temp disk or premium storage). */
export const VM_SIZES: readonly VmSizeInfo[] = [
  { name: "Standard_D2s_v5", vCPUs: 2, memoryGiB: 8, quotaFamily: "standardDSv5Family" },
  { name: "Standard_D4s_v5", vCPUs: 4, memoryGiB: 16, quotaFamily: "standardDSv5Family" },
  { name: "Standard_D8s_v5", vCPUs: 8, memoryGiB: 32, quotaFamily: "standardDSv5Family" },
  { name: "Standard_D16s_v5", vCPUs: 16, memoryGiB: 64, quotaFamily: "standardDSv5Family" },
  { name: "Standard_D2ds_v5", vCPUs: 2, memoryGiB: 8, quotaFamily: "standardDDSv5Family" },
  { name: "Standard_D4ds_v5", vCPUs: 4, memoryGiB: 16, quotaFamily: "standardDDSv5Family" },
  { name: "Standard_D8ds_v5", vCPUs: 8, memoryGiB: 32, quotaFamily: "standardDDSv5Family" },
  { name: "Standard_D16ds_v5", vCPUs: 16, memoryGiB: 64, quotaFamily: "standardDDSv5Family" },
  { name: "Standard_D4as_v5", vCPUs: 4, memoryGiB: 16, quotaFamily: "standardDASv5Family" },
  { name: "Standard_D8as_v5", vCPUs: 8, memoryGiB: 32, quotaFamily: "standardDASv5Family" },
  { name: "Standard_E4ds_v5", vCPUs: 4, memoryGiB: 32, quotaFamily: "standardEDSv5Family" },
  { name: "Standard_E8ds_v5", vCPUs: 8, memoryGiB: 64, quotaFamily: "standardEDSv5Family" },
];

export function vmSizeInfo(name: string): VmSizeInfo | undefined {
  return VM_SIZES.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** PostgreSQL flexible server compute per tier (what the wizard offers). */
export const POSTGRES_SKUS = {
  Burstable: ["Standard_B1ms", "Standard_B2s", "Standard_B2ms", "Standard_B4ms"],
  GeneralPurpose: ["Standard_D2ds_v5", "Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_D16ds_v5"],
  MemoryOptimized: ["Standard_E2ds_v5", "Standard_E4ds_v5", "Standard_E8ds_v5"],
} as const satisfies Record<SizingInput["postgres"]["tier"], readonly string[]>;

/** Storage sizes Azure offers for flexible server (GiB). */
export const POSTGRES_STORAGE_GB = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384] as const;

export const REDIS_CAPACITY = { Basic: [0, 6], Standard: [0, 6], Premium: [1, 5] } as const;

/** Per-sandbox request (runtime-api chart defaults) used for capacity estimates. */
export const SANDBOX_REQUEST = { memoryGiB: 3, vCPUs: 0.5 } as const;
const NODE_ALLOCATABLE = 0.85;
export const MAX_POOL_NODES = 100;

export interface SizingPreset {
  name: PresetName;
  title: string;
  users: number;
  concurrentSandboxes: number;
  sizing: Omit<SizingInput, "preset" | "kubernetesVersion">;
}

export const SIZING_PRESETS: Record<PresetName, SizingPreset> = {
  pilot: {
    name: "pilot",
    title: "Pilot",
    users: 10,
    concurrentSandboxes: 5,
    sizing: {
      pools: {
        system: { vmSize: "Standard_D2ds_v5", min: 1, max: 2 },
        platform: { vmSize: "Standard_D4ds_v5", min: 1, max: 2 },
        sandbox: { vmSize: "Standard_D8ds_v5", min: 1, max: 2 },
      },
      postgres: { sku: "Standard_B2ms", tier: "Burstable", version: "17", storageGb: 64, ha: false },
      redis: { sku: "Premium", capacity: 1 },
    },
  },
  team: {
    name: "team",
    title: "Team",
    users: 50,
    concurrentSandboxes: 25,
    sizing: {
      pools: {
        system: { vmSize: "Standard_D2ds_v5", min: 2, max: 3 },
        platform: { vmSize: "Standard_D4ds_v5", min: 2, max: 4 },
        sandbox: { vmSize: "Standard_D8ds_v5", min: 2, max: 5 },
      },
      postgres: { sku: "Standard_D2ds_v5", tier: "GeneralPurpose", version: "17", storageGb: 128, ha: false },
      redis: { sku: "Premium", capacity: 1 },
    },
  },
  org: {
    name: "org",
    title: "Organisation",
    users: 250,
    concurrentSandboxes: 100,
    sizing: {
      pools: {
        system: { vmSize: "Standard_D4ds_v5", min: 3, max: 5 },
        platform: { vmSize: "Standard_D8ds_v5", min: 3, max: 8 },
        sandbox: { vmSize: "Standard_D16ds_v5", min: 3, max: 8 },
      },
      postgres: { sku: "Standard_D4ds_v5", tier: "GeneralPurpose", version: "17", storageGb: 512, ha: true },
      redis: { sku: "Premium", capacity: 2 },
    },
  },
};

/** A preset as a complete, editable sizing input. */
export function presetSizing(name: PresetName): SizingInput {
  const p = SIZING_PRESETS[name];
  return structuredClone({ preset: name, ...p.sizing });
}

/** How many sandboxes one node of this size holds (memory-bound at the chart's 3 GiB request). */
export function sandboxesPerNode(vmSize: string): number {
  const info = vmSizeInfo(vmSize);
  if (!info) return 0;
  return Math.max(0, Math.min(Math.floor((info.memoryGiB * NODE_ALLOCATABLE) / SANDBOX_REQUEST.memoryGiB), Math.floor((info.vCPUs * NODE_ALLOCATABLE) / SANDBOX_REQUEST.vCPUs)));
}

/** Concurrent sandboxes the sandbox pool holds at its maximum size. */
export function sandboxCapacity(sizing: Pick<SizingInput, "pools">): number {
  return sandboxesPerNode(sizing.pools.sandbox.vmSize) * sizing.pools.sandbox.max;
}

export interface SizingProblem {
  path: (string | number)[];
  message: string;
}

type SizingShape = Pick<SizingInput, "pools" | "postgres" | "redis">;

/** Every value outside its bounds, as a path + sentence (used by the zod schema's refinement). */
export function sizingBoundsProblems(s: SizingShape): SizingProblem[] {
  const problems: SizingProblem[] = [];
  for (const pool of ["system", "platform", "sandbox"] as const) {
    const p = s.pools[pool];
    const at = (field: string) => ["pools", pool, field];
    if (!vmSizeInfo(p.vmSize)) problems.push({ path: at("vmSize"), message: `${pool} pool: ${p.vmSize} is not an offered VM size (choose one of ${VM_SIZES.map((v) => v.name).join(", ")})` });
    const minFloor = pool === "system" ? 1 : 0;
    if (p.min < minFloor) problems.push({ path: at("min"), message: `${pool} pool: minimum nodes must be at least ${minFloor}${pool === "system" ? " (AKS needs a system node)" : ""}` });
    if (p.max < 1) problems.push({ path: at("max"), message: `${pool} pool: maximum nodes must be at least 1` });
    if (p.max > MAX_POOL_NODES) problems.push({ path: at("max"), message: `${pool} pool: maximum nodes must be at most ${MAX_POOL_NODES}` });
    if (p.min > p.max) problems.push({ path: at("min"), message: `${pool} pool: minimum nodes (${p.min}) cannot exceed maximum nodes (${p.max})` });
  }
  const sys = vmSizeInfo(s.pools.system.vmSize);
  if (sys && (sys.vCPUs < 2 || sys.memoryGiB < 4)) problems.push({ path: ["pools", "system", "vmSize"], message: "system pool: AKS system nodes need at least 2 vCPUs and 4 GiB memory" });

  const pg = s.postgres;
  const skus: readonly string[] = POSTGRES_SKUS[pg.tier];
  if (!skus.includes(pg.sku)) problems.push({ path: ["postgres", "sku"], message: `PostgreSQL: ${pg.sku} is not offered in the ${pg.tier} tier (choose one of ${skus.join(", ")})` });
  if (!(POSTGRES_STORAGE_GB as readonly number[]).includes(pg.storageGb)) problems.push({ path: ["postgres", "storageGb"], message: `PostgreSQL: storage must be one of ${POSTGRES_STORAGE_GB.join(", ")} GiB` });
  if (pg.ha && pg.tier === "Burstable") problems.push({ path: ["postgres", "ha"], message: "PostgreSQL: high availability is not available in the Burstable tier (choose General Purpose or Memory Optimized)" });

  const [lo, hi] = REDIS_CAPACITY[s.redis.sku];
  if (s.redis.capacity < lo || s.redis.capacity > hi) problems.push({ path: ["redis", "capacity"], message: `Redis: capacity for ${s.redis.sku} must be between ${lo} and ${hi} (${s.redis.sku === "Premium" ? "P" : "C"}${lo}–${s.redis.sku === "Premium" ? "P" : "C"}${hi})` });
  return problems;
}

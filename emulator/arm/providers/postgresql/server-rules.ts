/**
 * Pure validation rules of PostgreSQL flexible servers, as Azure states them: server names,
 * administrator logins and passwords, SKUs per tier, storage sizes and their disk tiers, high
 * availability. Each rule returns a problem (ARM error code + message) or null, so the routes
 * can answer Azure's error and unit tests can check the rules without a server.
 */

export interface RuleProblem {
  code: string;
  message: string;
  target?: string;
}

/** 3–63 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
export function serverNameProblem(name: string): RuleProblem | null {
  if (name.length < 3 || name.length > 63 || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(name)) {
    return {
      code: "InvalidServerName",
      message: `Server name '${name}' is not valid. The name must be 3 to 63 characters long, contain only lowercase letters, numbers and hyphens, and must not start or end with a hyphen.`,
      target: "serverName",
    };
  }
  return null;
}

const RESERVED_LOGINS = new Set(["azure_superuser", "azure_pg_admin", "admin", "administrator", "root", "guest", "public"]);

export function administratorLoginProblem(login: string): RuleProblem | null {
  const lower = login.toLowerCase();
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(login) || RESERVED_LOGINS.has(lower) || lower.startsWith("pg_")) {
    return {
      code: "InvalidAdministratorLogin",
      message: `The administrator login '${login}' is not valid. It must be 1 to 63 letters, digits or underscores, must not start with a digit or 'pg_', and cannot be one of: ${[...RESERVED_LOGINS].join(", ")}.`,
      target: "properties.administratorLogin",
    };
  }
  return null;
}

/** 8–128 characters from at least three of: uppercase, lowercase, digits, non-alphanumeric; must not contain the login. */
export function passwordProblem(password: string, login: string | undefined): RuleProblem | null {
  const categories = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const containsLogin = login !== undefined && login.length > 0 && password.toLowerCase().includes(login.toLowerCase());
  if (password.length < 8 || password.length > 128 || categories < 3 || containsLogin) {
    return {
      code: "PasswordNotComplex",
      message:
        "The password does not meet policy requirements because it is not complex enough. It must be 8 to 128 characters long, contain characters from three of these categories: uppercase letters, lowercase letters, numbers and non-alphanumeric characters, and must not contain the administrator login.",
      target: "properties.administratorLoginPassword",
    };
  }
  return null;
}

export type SkuTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

/** Compute sizes offered per tier (a realistic subset of Azure's list). */
export const SKUS_BY_TIER: Record<SkuTier, readonly string[]> = {
  Burstable: ["Standard_B1ms", "Standard_B2s", "Standard_B2ms", "Standard_B4ms", "Standard_B8ms", "Standard_B12ms", "Standard_B16ms", "Standard_B20ms"],
  GeneralPurpose: [
    "Standard_D2s_v3", "Standard_D4s_v3", "Standard_D8s_v3", "Standard_D16s_v3", "Standard_D32s_v3",
    "Standard_D2ds_v4", "Standard_D4ds_v4", "Standard_D8ds_v4", "Standard_D16ds_v4", "Standard_D32ds_v4",
    "Standard_D2ds_v5", "Standard_D4ds_v5", "Standard_D8ds_v5", "Standard_D16ds_v5", "Standard_D32ds_v5", "Standard_D48ds_v5", "Standard_D64ds_v5",
  ],
  MemoryOptimized: [
    "Standard_E2s_v3", "Standard_E4s_v3", "Standard_E8s_v3", "Standard_E16s_v3",
    "Standard_E2ds_v4", "Standard_E4ds_v4", "Standard_E8ds_v4", "Standard_E16ds_v4",
    "Standard_E2ds_v5", "Standard_E4ds_v5", "Standard_E8ds_v5", "Standard_E16ds_v5", "Standard_E32ds_v5",
  ],
};

export function skuProblem(tier: string, name: string): RuleProblem | null {
  const names = (SKUS_BY_TIER as Record<string, readonly string[] | undefined>)[tier];
  if (!names) {
    return { code: "InvalidSkuTier", message: `The SKU tier '${tier}' is not valid. Allowed values: ${Object.keys(SKUS_BY_TIER).join(", ")}.`, target: "sku.tier" };
  }
  if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) {
    return { code: "InvalidSkuName", message: `The SKU '${name}' is not available in the '${tier}' tier. Available: ${names.join(", ")}.`, target: "sku.name" };
  }
  return null;
}

/** vCores of a SKU name (Standard_D4ds_v5 → 4), used for defaults such as max_connections. */
export function skuVCores(name: string): number {
  const m = /^Standard_[A-Z](\d+)/i.exec(name);
  return m?.[1] ? Number(m[1]) : 2;
}

/** Storage sizes Azure offers (GiB) with the default disk tier and IOPS of each. */
export const STORAGE_SIZES: ReadonlyArray<{ gb: number; tier: string; iops: number }> = [
  { gb: 32, tier: "P4", iops: 120 },
  { gb: 64, tier: "P6", iops: 240 },
  { gb: 128, tier: "P10", iops: 500 },
  { gb: 256, tier: "P15", iops: 1100 },
  { gb: 512, tier: "P20", iops: 2300 },
  { gb: 1024, tier: "P30", iops: 5000 },
  { gb: 2048, tier: "P40", iops: 7500 },
  { gb: 4096, tier: "P50", iops: 7500 },
  { gb: 8192, tier: "P60", iops: 16000 },
  { gb: 16384, tier: "P70", iops: 18000 },
  { gb: 32767, tier: "P80", iops: 20000 },
];
const TIER_ORDER = ["P1", "P2", "P3", "P4", "P6", "P10", "P15", "P20", "P30", "P40", "P50", "P60", "P70", "P80"];

export function storageProblem(sizeGb: number, tier: string | undefined, previousGb?: number): RuleProblem | null {
  const size = STORAGE_SIZES.find((s) => s.gb === sizeGb);
  if (!size) {
    return { code: "InvalidStorageSize", message: `Storage size ${sizeGb} GB is not supported. Supported sizes (GB): ${STORAGE_SIZES.map((s) => s.gb).join(", ")}.`, target: "properties.storage.storageSizeGB" };
  }
  if (previousGb !== undefined && sizeGb < previousGb) {
    return { code: "StorageSizeDecreaseNotSupported", message: `Storage size cannot be decreased (current ${previousGb} GB, requested ${sizeGb} GB).`, target: "properties.storage.storageSizeGB" };
  }
  if (tier !== undefined && TIER_ORDER.indexOf(tier) < TIER_ORDER.indexOf(size.tier)) {
    const known = TIER_ORDER.includes(tier);
    return {
      code: "InvalidStorageTier",
      message: known ? `Performance tier '${tier}' is lower than the minimum '${size.tier}' for ${sizeGb} GB.` : `Performance tier '${tier}' is not valid.`,
      target: "properties.storage.tier",
    };
  }
  return null;
}

export function defaultStorage(sizeGb: number): { tier: string; iops: number } {
  const size = STORAGE_SIZES.find((s) => s.gb === sizeGb) ?? STORAGE_SIZES[2]!;
  return { tier: size.tier, iops: size.iops };
}

export type HighAvailabilityMode = "Disabled" | "ZoneRedundant" | "SameZone";

export function highAvailabilityProblem(input: { mode: HighAvailabilityMode; tier: string; zone: string | undefined; standbyZone: string | undefined }): RuleProblem | null {
  if (input.mode === "Disabled") return null;
  if (input.tier === "Burstable") {
    return { code: "HighAvailabilityNotSupportedForBurstable", message: "High availability is not supported for the Burstable pricing tier.", target: "properties.highAvailability.mode" };
  }
  if (input.standbyZone !== undefined && input.zone !== undefined) {
    if (input.mode === "ZoneRedundant" && input.standbyZone === input.zone) {
      return { code: "InvalidStandbyAvailabilityZone", message: `Zone-redundant high availability needs a standby zone different from the primary zone '${input.zone}'.`, target: "properties.highAvailability.standbyAvailabilityZone" };
    }
    if (input.mode === "SameZone" && input.standbyZone !== input.zone) {
      return { code: "InvalidStandbyAvailabilityZone", message: `Same-zone high availability places the standby in the primary zone '${input.zone}'.`, target: "properties.highAvailability.standbyAvailabilityZone" };
    }
  }
  return null;
}

/** Standby zone Azure picks: another zone for ZoneRedundant, the same one for SameZone. */
export function standbyZoneFor(mode: HighAvailabilityMode, zone: string, requested: string | undefined, zones: readonly string[]): string | undefined {
  if (mode === "Disabled") return undefined;
  if (requested) return requested;
  if (mode === "SameZone") return zone;
  return zones.find((z) => z !== zone) ?? zone;
}

export const SUPPORTED_VERSIONS = ["13", "14", "15", "16", "17", "18"] as const;
/** Minor version each major answers with (what Azure showed in Nov 2026). */
export const MINOR_VERSIONS: Record<string, string> = { "13": "22", "14": "19", "15": "14", "16": "10", "17": "6", "18": "1" };

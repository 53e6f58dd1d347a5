/**
 * Resource names for one environment (DESIGN.md §2) and Azure's naming rules as data: each rule
 * carries the human sentence an illegal name breaks, so the wizard can refuse a name with the rule.
 * Globally unique names (PostgreSQL, Redis, storage) get a short deterministic suffix derived from
 * subscription id + environment name, so the same environment always gets the same names (a rerun
 * of setup finds its resources) while two subscriptions do not collide. Pure, and free of Node
 * APIs: the setup wizard previews these names in the browser as the admin types.
 */
import { sha256 } from "./sha256";

export interface NameRule {
  /** What the name is for, e.g. "storage account". */
  label: string;
  pattern: RegExp;
  /** The rule in words, shown when a name breaks it. */
  rule: string;
  /** Unique across all of Azure (checked for availability in preflight), not just the resource group. */
  globallyUnique: boolean;
}

export const NAME_RULES = {
  resourceGroup: {
    label: "resource group",
    pattern: /^(?!.*\.$)[-\w.()]{1,90}$/,
    rule: "1–90 characters: letters, digits, underscores, hyphens, periods and parentheses; it cannot end with a period",
    globallyUnique: false,
  },
  virtualNetwork: {
    label: "virtual network",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,62}\w)?$/,
    rule: "1–64 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  appSubnet: {
    label: "subnet",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/,
    rule: "1–80 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  dbSubnet: {
    label: "subnet",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/,
    rule: "1–80 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  redisSubnet: {
    label: "subnet",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/,
    rule: "1–80 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  appNsg: {
    label: "network security group",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/,
    rule: "1–80 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  dbNsg: {
    label: "network security group",
    pattern: /^[A-Za-z0-9](?:[-\w.]{0,78}\w)?$/,
    rule: "1–80 characters: letters, digits, underscores, periods and hyphens; start with a letter or digit, end with a letter, digit or underscore",
    globallyUnique: false,
  },
  aksCluster: {
    label: "AKS cluster",
    pattern: /^[A-Za-z0-9](?:[-\w]{0,61}[A-Za-z0-9])?$/,
    rule: "1–63 characters: letters, digits, underscores and hyphens; start and end with a letter or digit",
    globallyUnique: false,
  },
  postgresServer: {
    label: "PostgreSQL flexible server",
    pattern: /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/,
    rule: "3–63 characters: lowercase letters, digits and hyphens; start and end with a letter or digit; unique across Azure",
    globallyUnique: true,
  },
  redisCache: {
    label: "Azure Cache for Redis",
    pattern: /^(?!.*--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
    rule: "1–63 characters: letters, digits and single hyphens; start and end with a letter or digit; unique across Azure",
    globallyUnique: true,
  },
  storageAccount: {
    label: "storage account",
    pattern: /^[a-z0-9]{3,24}$/,
    rule: "3–24 characters: lowercase letters and digits only (no hyphens); unique across Azure",
    globallyUnique: true,
  },
  actionGroup: {
    label: "action group",
    pattern: /^[^%&\\?/<>*#:]{1,260}$/,
    rule: "1–260 characters, none of % & \\ ? / < > * # :",
    globallyUnique: false,
  },
} as const satisfies Record<string, NameRule>;

export type ResourceNameKey = keyof typeof NAME_RULES;
export type ResourceNames = Record<ResourceNameKey, string>;

/** Length of the uniqueness suffix: 5 base-36 characters ≈ 60 million values. */
export const SUFFIX_LENGTH = 5;

/** Deterministic 5-character [a-z0-9] suffix from subscription id + environment name. */
export function uniqueSuffix(subscriptionId: string, environmentName: string): string {
  const digest = sha256(`${subscriptionId.toLowerCase()}/${environmentName}`);
  let n = new DataView(digest.buffer).getUint32(0) * 256 + (digest[4] ?? 0);
  let out = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    out += "abcdefghijklmnopqrstuvwxyz0123456789"[n % 36];
    n = Math.floor(n / 36);
  }
  return out;
}

/** The default names of DESIGN.md §2 (a name per resource of one environment). */
export function defaultNames(environmentName: string, subscriptionId: string): ResourceNames {
  const env = environmentName;
  const suffix = uniqueSuffix(subscriptionId, env);
  return {
    resourceGroup: `rg-openhands-${env}`,
    virtualNetwork: `vnet-openhands-${env}`,
    appSubnet: "snet-openhands-app",
    dbSubnet: "snet-openhands-db",
    redisSubnet: "snet-openhands-redis",
    appNsg: "nsg-openhands-app",
    dbNsg: "nsg-openhands-db",
    aksCluster: `aks-openhands-${env}`,
    postgresServer: `db-openhands-${env}-${suffix}`,
    redisCache: `cache-openhands-${env}-${suffix}`,
    storageAccount: `stopenhands${env}${suffix}`,
    actionGroup: `ag-openhands-${env}`,
  };
}

/** Defaults with the admin's overrides applied (blank overrides fall back to the default). */
export function resolveNames(environmentName: string, subscriptionId: string, overrides: Partial<Record<ResourceNameKey, string>> = {}): ResourceNames {
  const names = defaultNames(environmentName, subscriptionId);
  for (const key of Object.keys(names) as ResourceNameKey[]) {
    const o = overrides[key]?.trim();
    if (o) names[key] = o;
  }
  return names;
}

export interface NameProblem {
  key: ResourceNameKey;
  name: string;
  message: string;
}

/** Every name that breaks its Azure rule, plus names two resources of one kind would share. */
export function nameProblems(names: ResourceNames): NameProblem[] {
  const problems: NameProblem[] = [];
  for (const key of Object.keys(names) as ResourceNameKey[]) {
    const rule = NAME_RULES[key];
    const name = names[key];
    if (!rule.pattern.test(name)) problems.push({ key, name, message: `"${name}" is not a legal ${rule.label} name: ${rule.rule}` });
  }
  const subnets = [names.appSubnet, names.dbSubnet, names.redisSubnet];
  if (new Set(subnets).size !== subnets.length) problems.push({ key: "dbSubnet", name: names.dbSubnet, message: "the app, database and Redis subnets need different names" });
  if (names.appNsg === names.dbNsg) problems.push({ key: "dbNsg", name: names.dbNsg, message: "the app and database network security groups need different names" });
  return problems;
}

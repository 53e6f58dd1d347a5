/**
 * Globally unique names (PostgreSQL server, Redis cache, storage account): free, or already ours
 * (a resource with that name in the target group — a re-run — which counts as a pass).
 */
import type { NameObservation, Observed, PreflightCheck, PreflightTarget } from "../types";
import { unreadable } from "./observed";

const KINDS = {
  postgres: { label: "PostgreSQL server name", dns: "postgres.database.azure.com" },
  redis: { label: "Redis cache name", dns: "redis.cache.windows.net" },
  storage: { label: "Storage account name", dns: "blob.core.windows.net" },
} as const;

export type NameKind = keyof typeof KINDS;

export function nameCheck(kind: NameKind, name: string, target: PreflightTarget, observed: Observed<NameObservation>): PreflightCheck {
  const { label, dns } = KINDS[kind];
  const id = `name:${kind}`;
  const title = `${label} ${name} available`;
  if (!observed.ok) return unreadable(id, title, `whether ${name} is free`, observed);
  const o = observed.value;
  if (o.ours) return { id, title, status: "pass", evidence: `${name} already exists in resource group ${target.resourceGroup}: already yours (an earlier run); setup will keep it.` };
  if (o.nameAvailable) return { id, title, status: "pass", evidence: `${name}.${dns} is free.` };
  if (o.reason === "Invalid") {
    return { id, title, status: "fail", evidence: `Azure refuses ${name} as a ${label.toLowerCase()}: ${o.message ?? "invalid name"}.`, remedy: "Edit the name in the Environment step so it follows the rule shown." };
  }
  return {
    id,
    title,
    status: "fail",
    evidence: `${name}.${dns} is taken by another resource (not in ${target.resourceGroup})${o.message ? `: ${o.message}` : ""}.`,
    remedy: "Names are global across all of Azure: change the suffix or the name in the Environment step, then run preflight again.",
  };
}

export function nameChecks(target: PreflightTarget, observed: { postgres?: Observed<NameObservation>; redis?: Observed<NameObservation>; storage?: Observed<NameObservation> }): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  for (const kind of ["postgres", "redis", "storage"] as const) {
    const name = target.names[kind];
    const o = observed[kind];
    if (name && o) out.push(nameCheck(kind, name, target, o));
  }
  return out;
}

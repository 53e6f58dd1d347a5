/**
 * Does Azure already hold what the plan wants? Compares the planned SDK body with what a GET
 * returned, looking only at fields the plan sets (Azure adds many read-only and defaulted
 * fields). Arrays of named items (subnets, pools, rules) match by name, arrays of plain values
 * as sets; regions and ARM ids compare the way ARM does (case- and space-insensitive).
 * Returns the paths that differ, e.g. `agentPoolProfiles[sandbox].maxCount`.
 */

/** Fields never compared: write-only secrets (never answered by a GET) and one-shot settings. */
const WRITE_ONLY = new Set(["administratorLoginPassword", "createMode", "password", "secret", "keyData"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function normalRegion(v: string): string {
  return v.replace(/\s+/g, "").toLowerCase();
}

function sameScalar(key: string, want: unknown, have: unknown): boolean {
  if (typeof want === "string" && typeof have === "string") {
    if (key === "location" || key.endsWith("Location")) return normalRegion(want) === normalRegion(have);
    if (want.startsWith("/subscriptions/") || key === "id" || key.endsWith("Id") || key.endsWith("ID")) return want.toLowerCase() === have.toLowerCase();
    // "1.33" asks for the newest patch: Azure answers "1.33.5" (AKS, Redis and PostgreSQL versions).
    if (/version$/i.test(key)) return want === have || have.startsWith(`${want}.`);
    return want === have;
  }
  if (typeof want === "number" && typeof have === "string") return String(want) === have;
  return want === have;
}

function nameOf(item: unknown): string | undefined {
  return isRecord(item) && typeof item.name === "string" ? item.name.toLowerCase() : undefined;
}

function compare(key: string, want: unknown, have: unknown, path: string, out: string[]): void {
  if (want === undefined || WRITE_ONLY.has(key)) return;
  if (Array.isArray(want)) {
    if (!Array.isArray(have)) {
      if (want.length > 0 || have !== undefined) out.push(path);
      return;
    }
    if (want.every((w) => nameOf(w) !== undefined)) {
      for (const w of want) {
        const n = nameOf(w) ?? "";
        const match = have.find((h) => nameOf(h) === n);
        if (match === undefined) out.push(`${path}[${n}]`);
        else compare("", w, match, `${path}[${n}]`, out);
      }
      return;
    }
    if (want.length !== have.length) {
      out.push(path);
      return;
    }
    if (want.every((w) => !isRecord(w) && !Array.isArray(w))) {
      if (!want.every((w) => have.some((h) => sameScalar(key, w, h)))) out.push(path);
      return;
    }
    want.forEach((w, i) => compare(key, w, have[i], `${path}[${i}]`, out));
    return;
  }
  if (isRecord(want)) {
    if (!isRecord(have)) {
      out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(want)) compare(k, v, have[k], path === "" ? k : `${path}.${k}`, out);
    return;
  }
  if (!sameScalar(key, want, have)) out.push(path);
}

export function differences(desired: unknown, actual: unknown): string[] {
  const out: string[] = [];
  compare("", desired, actual, "", out);
  return out;
}

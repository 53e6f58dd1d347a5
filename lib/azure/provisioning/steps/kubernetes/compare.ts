/**
 * Does the cluster already hold what a manifest asks for? Looks only at the fields the manifest
 * sets (the API server adds uid, status, defaults, managedFields…). Lists of named items
 * (containers, env, ports, volumes) match by name; other lists item by item, in order. Returns
 * the paths that differ, e.g. `spec.template.spec.containers[openhands].image`. Secret values are
 * compared like any field but only the path (`data.redis-password`) ever leaves this function.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function nameOf(item: unknown): string | undefined {
  return isRecord(item) && typeof item.name === "string" ? item.name : undefined;
}

function same(want: unknown, have: unknown): boolean {
  if (want === have) return true;
  // The API server answers int-or-string fields and quantities as it got them, but a number and its
  // string form (targetPort 3000 / "3000") mean the same.
  if ((typeof want === "number" && typeof have === "string") || (typeof want === "string" && typeof have === "number")) return String(want) === String(have);
  return false;
}

function compare(want: unknown, have: unknown, path: string, out: string[]): void {
  if (want === undefined) return;
  if (Array.isArray(want)) {
    if (!Array.isArray(have)) {
      if (want.length > 0 || (have !== undefined && have !== null)) out.push(path);
      return;
    }
    if (want.length > 0 && want.every((w) => nameOf(w) !== undefined)) {
      for (const w of want) {
        const n = nameOf(w) ?? "";
        const match = have.find((h) => nameOf(h) === n);
        if (match === undefined) out.push(`${path}[${n}]`);
        else compare(w, match, `${path}[${n}]`, out);
      }
      return;
    }
    if (want.length !== have.length) {
      out.push(path);
      return;
    }
    want.forEach((w, i) => compare(w, have[i], `${path}[${i}]`, out));
    return;
  }
  if (isRecord(want)) {
    if (!isRecord(have)) {
      if (Object.keys(want).length > 0 || (have !== undefined && have !== null)) out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(want)) compare(v, have[k], path === "" ? k : `${path}.${k}`, out);
    return;
  }
  if (!same(want, have)) out.push(path);
}

/** Paths where `actual` differs from what `desired` sets (`apiVersion`/`kind` are not compared). */
export function objectDifferences(desired: Record<string, unknown>, actual: unknown): string[] {
  const { apiVersion: _v, kind: _k, ...rest } = desired;
  const out: string[] = [];
  compare(rest, actual, "", out);
  return out;
}

/**
 * Kubernetes resource quantities ("500m", "3072Mi", "1.5", "2e3") as numbers: CPU in
 * millicores, everything else in bytes/units. Unparseable values count as 0 and are reported
 * by the caller, never thrown (one bad pod must not blank the page).
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** The quantity's value in base units (cores, bytes); null when it is not a quantity. */
export function parseQuantity(q: string | number | undefined | null): number | null {
  if (q === undefined || q === null) return null;
  if (typeof q === "number") return Number.isFinite(q) ? q : null;
  const m = QUANTITY.exec(q.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? "";
  return n * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

export function cpuMillis(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return v === null ? 0 : Math.round(v * 1000);
}

export function bytes(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return v === null ? 0 : Math.round(v);
}

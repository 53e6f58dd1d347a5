/** Kubernetes resource quantities ("250m", "1.5", "512Mi", "2G") to numbers: cpu in millicores, memory in bytes. */

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The numeric value of a quantity in base units, or null when it is not a valid quantity. */
export function parseQuantity(q: string | number | undefined | null): number | null {
  if (q === undefined || q === null) return null;
  if (typeof q === "number") return Number.isFinite(q) ? q : null;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|K|M|G|T|P|E)?$/.exec(q.trim());
  if (!m) return null;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  const suffix = m[3] ?? "";
  const factor = binary[suffix] ?? decimal[suffix];
  return factor === undefined ? null : base * factor;
}

export function cpuMillis(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return v === null ? 0 : Math.round(v * 1000);
}

export function memoryBytes(q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  return v === null ? 0 : Math.round(v);
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${Math.round(millis)}m`;
}

export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / 2 ** 10)}Ki`;
}

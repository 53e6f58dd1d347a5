/**
 * IPv4 CIDR math for the local Microsoft.Network: parse a prefix the way Azure checks it
 * (format first, then host bits), containment and overlap. Pure; the address-space rules
 * that use it live in address-space.ts. IPv6 prefixes are not supported by the local Azure.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  start: number;
  /** Last address of the range (inclusive). */
  end: number;
  bits: number;
  text: string;
}

export type CidrProblem = { kind: "format" } | { kind: "hostBits"; canonical: string };

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

/** A parsed prefix, or why it is not one (bad format, or host bits set like 10.0.0.1/16). */
export function parseCidr(text: string): Cidr | CidrProblem {
  const m = CIDR.exec(text.trim());
  if (!m) return { kind: "format" };
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return { kind: "format" };
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const start = Math.floor(address / size) * size;
  if (start !== address) return { kind: "hostBits", canonical: `${formatIp(start)}/${bits}` };
  return { start, end: start + size - 1, bits, text: `${formatIp(start)}/${bits}` };
}

export function isCidr(value: Cidr | CidrProblem): value is Cidr {
  return "start" in value;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** First pair (by input order) of ranges that overlap, or undefined. */
export function firstOverlap<T extends { cidr: Cidr }>(items: readonly T[]): [T, T] | undefined {
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (overlaps(items[i]!.cidr, items[j]!.cidr)) return [items[i]!, items[j]!];
    }
  }
  return undefined;
}

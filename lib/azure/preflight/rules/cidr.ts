/** IPv4 CIDR arithmetic for address-space checks (Azure VNets in this console are IPv4). */

export interface Cidr {
  text: string;
  /** Network address as an unsigned 32-bit number. */
  start: number;
  prefix: number;
  /** Number of addresses. */
  size: number;
}

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; problem: string };

export function parseCidr(text: string): CidrParse {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return { ok: false, problem: `"${text}" is not an IPv4 CIDR like 10.0.0.0/16` };
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return { ok: false, problem: `"${text}" has an octet above 255` };
  if (prefix > 32) return { ok: false, problem: `"${text}" has a prefix above /32` };
  const addr = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const start = addr - (addr % size);
  if (start !== addr) return { ok: false, problem: `"${text}" is not a network address (the /${prefix} network is ${ipText(start)}/${prefix})` };
  return { ok: true, cidr: { text, start, prefix, size } };
}

export function parseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  return octets.some((o) => o > 255) ? undefined : octets.reduce((n, o) => n * 256 + o, 0);
}

export function ipText(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.start + inner.size <= outer.start + outer.size;
}

/** Azure keeps 5 addresses of every subnet (network, gateway, 2 DNS, broadcast). */
export function usableInSubnet(c: Cidr): number {
  return Math.max(0, c.size - 5);
}

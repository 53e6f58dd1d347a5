/**
 * IPv4 firewall ranges as Azure validates them for PostgreSQL and Redis firewall rules:
 * dotted-quad addresses only, start ≤ end. `0.0.0.0`–`0.0.0.0` is Azure's "allow Azure services".
 */

/** The address as an unsigned 32-bit number, or undefined when it is not a dotted-quad IPv4 address. */
export function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export type IpRangeProblem =
  | { field: "start" | "end"; reason: "invalid"; value: string }
  | { field: "range"; reason: "startAfterEnd"; start: string; end: string };

/** Why a start/end pair is not a valid range, or null when it is. */
export function ipRangeProblem(start: string, end: string): IpRangeProblem | null {
  const s = ipv4ToNumber(start);
  if (s === undefined) return { field: "start", reason: "invalid", value: start };
  const e = ipv4ToNumber(end);
  if (e === undefined) return { field: "end", reason: "invalid", value: end };
  if (s > e) return { field: "range", reason: "startAfterEnd", start, end };
  return null;
}

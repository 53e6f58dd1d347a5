/**
 * Azure's network rules of a flexible server as pg_hba.conf lines (pure, unit-tested):
 * - the data plane's own superuser connects over the Unix socket inside the data folder only;
 * - require_secure_transport on (Azure's default) → `hostssl` lines, off → `host`;
 * - public access: one line per firewall rule range (as CIDR blocks); no rule → no line, so
 *   PostgreSQL answers `no pg_hba.conf entry for host …` like Azure does;
 * - private access (delegated subnet): loopback clients are "inside the VNet";
 * - public access disabled without a subnet: nobody over TCP.
 * Local tools connect from 127.0.0.1, so a rule covering 127.0.0.1 (or 0.0.0.0–255.255.255.255)
 * lets them in. Azure's 0.0.0.0–0.0.0.0 ("allow Azure services") has no local meaning.
 */
export interface HbaInput {
  superuser: string;
  requireSecureTransport: boolean;
  privateAccess: boolean;
  publicNetworkAccess: boolean;
  firewallRules: { name: string; startIpAddress: string; endIpAddress: string }[];
}

function toNumber(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** The smallest list of CIDR blocks that covers exactly start..end (inclusive). */
export function rangeToCidrs(start: string, end: string): string[] {
  const a = toNumber(start);
  const b = toNumber(end);
  if (a === null || b === null || a > b) return [];
  const out: string[] = [];
  let cur = a;
  while (cur <= b) {
    let size = 32;
    // Grow the block while it stays aligned and inside the range.
    while (size > 0) {
      const block = 2 ** (32 - (size - 1));
      if (cur % block !== 0 || cur + block - 1 > b) break;
      size -= 1;
    }
    out.push(`${toIp(cur)}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

export function pgHbaConf(input: HbaInput): string {
  const kind = input.requireSecureTransport ? "hostssl" : "host";
  const lines = [
    "# Written by the local Azure data plane from the server's ARM settings; do not edit.",
    `local all ${input.superuser} trust`,
    "local all all reject",
  ];
  if (input.privateAccess) {
    lines.push(`# private access: loopback clients are inside the VNet`, `${kind} all all 127.0.0.0/8 scram-sha-256`);
  } else if (input.publicNetworkAccess) {
    for (const rule of input.firewallRules) {
      if (rule.startIpAddress === "0.0.0.0" && rule.endIpAddress === "0.0.0.0") {
        lines.push(`# firewall rule ${rule.name}: Azure services only (no local meaning)`);
        continue;
      }
      lines.push(`# firewall rule ${rule.name}: ${rule.startIpAddress}-${rule.endIpAddress}`);
      for (const cidr of rangeToCidrs(rule.startIpAddress, rule.endIpAddress)) lines.push(`${kind} all all ${cidr} scram-sha-256`);
    }
  }
  return `${lines.join("\n")}\n`;
}

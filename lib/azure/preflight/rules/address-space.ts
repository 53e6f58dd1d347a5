/**
 * Address-space sanity of the planned VNet and the AKS network profile: CIDRs valid, subnets
 * inside the VNet and apart from each other, the AKS subnet big enough for every node at maximum
 * scale plus upgrade surge (and their pods with Azure CNI without overlay), the service and pod
 * ranges clear of the VNet, the PostgreSQL subnet delegated and big enough.
 */
import type { NetworkTarget, PreflightCheck, PreflightTarget } from "../types";
import { contains, overlaps, parseCidr, parseIp, usableInSubnet, type Cidr } from "./cidr";
import { surgeNodes } from "./quota";

const POSTGRES_DELEGATION = "Microsoft.DBforPostgreSQL/flexibleServers";
/** AKS default max pods per node by network model. */
const DEFAULT_MAX_PODS = { cni: 30, overlay: 250, kubenet: 110 } as const;

function cidrProblems(net: NetworkTarget): { problems: string[]; vnet: Cidr[]; subnets: Map<string, Cidr> } {
  const problems: string[] = [];
  const vnet: Cidr[] = [];
  for (const p of net.addressPrefixes) {
    const r = parseCidr(p);
    if (r.ok) vnet.push(r.cidr);
    else problems.push(`VNet ${net.vnetName}: ${r.problem}`);
  }
  if (net.addressPrefixes.length === 0) problems.push(`VNet ${net.vnetName} has no address space`);
  const subnets = new Map<string, Cidr>();
  for (const s of net.subnets) {
    const r = parseCidr(s.addressPrefix);
    if (!r.ok) {
      problems.push(`subnet ${s.name}: ${r.problem}`);
      continue;
    }
    if (vnet.length > 0 && !vnet.some((v) => contains(v, r.cidr))) problems.push(`subnet ${s.name} ${s.addressPrefix} lies outside the VNet address space ${net.addressPrefixes.join(", ")}`);
    for (const [other, c] of subnets) if (overlaps(c, r.cidr)) problems.push(`subnets ${other} ${c.text} and ${s.name} ${s.addressPrefix} overlap`);
    subnets.set(s.name, r.cidr);
  }
  return { problems, vnet, subnets };
}

export function addressSpaceChecks(target: PreflightTarget): PreflightCheck[] {
  const net = target.network;
  if (!net) return [];
  const { problems, vnet, subnets } = cidrProblems(net);
  const checks: PreflightCheck[] = [
    problems.length > 0
      ? { id: "network:cidrs", title: "VNet and subnet address ranges", status: "fail", evidence: problems.join("; ") + ".", remedy: "Edit the address ranges so each subnet is a valid network inside the VNet and no two subnets overlap." }
      : { id: "network:cidrs", title: "VNet and subnet address ranges", status: "pass", evidence: `VNet ${net.vnetName} ${net.addressPrefixes.join(", ")}; subnets ${net.subnets.map((s) => `${s.name} ${s.addressPrefix}`).join(", ")}: valid, inside the VNet, no overlap.` },
  ];

  const aksSubnet = net.aksSubnet ? subnets.get(net.aksSubnet) : undefined;
  if (aksSubnet && target.aks) {
    const overlay = net.networkPlugin === "kubenet" || net.networkPluginMode === "overlay";
    const model = net.networkPlugin === "kubenet" ? "kubenet" : net.networkPluginMode === "overlay" ? "overlay" : "cni";
    const nodes = target.aks.pools.reduce((n, p) => n + p.maxCount + surgeNodes(p.maxCount, p.maxSurge), 0);
    const needed = overlay ? nodes : target.aks.pools.reduce((n, p) => n + (p.maxCount + surgeNodes(p.maxCount, p.maxSurge)) * (1 + (p.maxPods ?? DEFAULT_MAX_PODS.cni)), 0);
    const usable = usableInSubnet(aksSubnet);
    const how = overlay ? `${nodes} nodes at maximum scale incl. upgrade surge (pods use ${net.podCidr ?? "the overlay range"}, not the subnet)` : `${nodes} nodes incl. upgrade surge, each with 1 + max pods addresses (Azure CNI)`;
    checks.push(
      needed > usable
        ? { id: "network:aks-subnet-size", title: `AKS subnet ${net.aksSubnet} size`, status: "fail", evidence: `${net.aksSubnet} ${aksSubnet.text} has ${usable} usable addresses; the cluster needs ${needed}: ${how}.`, remedy: `Enlarge the subnet to at least /${prefixFor(needed + 5)}, lower the pools' maximum counts, or use Azure CNI Overlay.` }
        : { id: "network:aks-subnet-size", title: `AKS subnet ${net.aksSubnet} size`, status: "pass", evidence: `${net.aksSubnet} ${aksSubnet.text} has ${usable} usable addresses; the cluster needs ${needed}: ${how} (${model}).` },
    );
  }

  const aksProblems: string[] = [];
  const ranges: Array<[string, Cidr]> = [];
  for (const [label, text] of [["service CIDR", net.serviceCidr], ["pod CIDR", net.podCidr]] as const) {
    if (!text) continue;
    const r = parseCidr(text);
    if (!r.ok) {
      aksProblems.push(`${label}: ${r.problem}`);
      continue;
    }
    for (const v of vnet) if (overlaps(v, r.cidr)) aksProblems.push(`${label} ${text} overlaps the VNet ${v.text}`);
    for (const [other, c] of ranges) if (overlaps(c, r.cidr)) aksProblems.push(`${label} ${text} overlaps the ${other} ${c.text}`);
    ranges.push([label, r.cidr]);
  }
  if (net.dnsServiceIP) {
    const ip = parseIp(net.dnsServiceIP);
    const service = ranges.find(([l]) => l === "service CIDR")?.[1];
    if (ip === undefined) aksProblems.push(`DNS service IP "${net.dnsServiceIP}" is not an IPv4 address`);
    else if (service && (ip <= service.start || ip >= service.start + service.size - 1)) aksProblems.push(`DNS service IP ${net.dnsServiceIP} is not a usable address inside the service CIDR ${service.text}`);
  }
  if (net.serviceCidr || net.podCidr || net.dnsServiceIP) {
    checks.push(
      aksProblems.length > 0
        ? { id: "network:aks-ranges", title: "AKS service and pod ranges", status: "fail", evidence: aksProblems.join("; ") + ".", remedy: "Pick service and pod ranges outside the VNet and each other (e.g. service 172.16.0.0/16, DNS 172.16.0.10, pods 192.168.0.0/16)." }
        : { id: "network:aks-ranges", title: "AKS service and pod ranges", status: "pass", evidence: `${ranges.map(([l, c]) => `${l} ${c.text}`).join(", ")}${net.dnsServiceIP ? `, DNS ${net.dnsServiceIP}` : ""}: clear of the VNet and each other.` },
    );
  }

  const pgName = net.postgresSubnet;
  const pgSubnet = pgName ? net.subnets.find((s) => s.name === pgName) : undefined;
  const pgCidr = pgName ? subnets.get(pgName) : undefined;
  if (pgSubnet && pgCidr) {
    const issues: string[] = [];
    if (pgSubnet.delegation?.toLowerCase() !== POSTGRES_DELEGATION.toLowerCase()) issues.push(`${pgName} is not delegated to ${POSTGRES_DELEGATION} (delegation: ${pgSubnet.delegation ?? "none"})`);
    if (pgCidr.prefix > 28) issues.push(`${pgName} ${pgCidr.text} is smaller than the /28 PostgreSQL needs`);
    checks.push(
      issues.length > 0
        ? { id: "network:postgres-subnet", title: `PostgreSQL subnet ${pgName}`, status: "fail", evidence: issues.join("; ") + ".", remedy: `Delegate the subnet to ${POSTGRES_DELEGATION} and make it /28 or larger.` }
        : { id: "network:postgres-subnet", title: `PostgreSQL subnet ${pgName}`, status: "pass", evidence: `${pgName} ${pgCidr.text} is delegated to ${POSTGRES_DELEGATION} with ${usableInSubnet(pgCidr)} usable addresses.` },
    );
  }
  return checks;
}

/** The largest prefix (smallest subnet) holding `addresses`. */
function prefixFor(addresses: number): number {
  let prefix = 32;
  while (prefix > 0 && 2 ** (32 - prefix) < addresses) prefix--;
  return prefix;
}

/**
 * Address-space rules of Microsoft.Network, with Azure's error codes and wording: prefixes
 * must be CIDR (InvalidAddressPrefixFormat) without host bits (InvalidCIDRNotation); VNet
 * prefixes must not overlap each other (VnetAddressSpacesOverlap); a subnet must lie inside
 * the VNet (NetcfgSubnetRangeOutsideVnet), be /29 or larger (NetcfgInvalidSubnet) and not
 * overlap another subnet (NetcfgSubnetRangesOverlap). Pure: throws ArmError, touches no state.
 */
import { ArmError } from "../../core/errors";
import { contains, firstOverlap, isCidr, parseCidr, type Cidr } from "./cidr";

/** Smallest subnet Azure allows (it reserves 5 addresses per subnet). */
export const SMALLEST_SUBNET_BITS = 29;

/** Azure's rule for names of network resources (VNets, subnets, NSGs, rules). */
const NETWORK_NAME = /^\w([\w.-]{0,78}\w)?$/u;

export function assertNetworkName(name: string): void {
  if (!NETWORK_NAME.test(name)) {
    throw new ArmError(
      400,
      "InvalidResourceName",
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.`,
    );
  }
}

export function parsePrefix(prefix: string, resourceId: string): Cidr {
  const parsed = parseCidr(prefix);
  if (isCidr(parsed)) return parsed;
  if (parsed.kind === "hostBits") {
    throw new ArmError(
      400,
      "InvalidCIDRNotation",
      `The address prefix ${prefix} in resource ${resourceId} has an invalid CIDR notation. For the given prefix length, the address prefix should be ${parsed.canonical}.`,
    );
  }
  throw new ArmError(
    400,
    "InvalidAddressPrefixFormat",
    `Address prefix ${prefix} of resource ${resourceId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`,
  );
}

/** Parsed address space of a VNet; refuses an empty space and overlapping prefixes. */
export function validateVnetAddressSpace(vnetName: string, vnetId: string, prefixes: readonly string[]): Cidr[] {
  if (prefixes.length === 0) {
    throw new ArmError(400, "VirtualNetworkAddressSpaceEmpty", `Virtual network ${vnetId} must have at least one address prefix in its address space.`);
  }
  const parsed = prefixes.map((p) => ({ cidr: parsePrefix(p, vnetId) }));
  const clash = firstOverlap(parsed);
  if (clash) {
    throw new ArmError(
      400,
      "VnetAddressSpacesOverlap",
      `Cannot create or update virtual network ${vnetName} since it has address spaces ${clash[0].cidr.text}, ${clash[1].cidr.text} that overlap with each other.`,
    );
  }
  return parsed.map((p) => p.cidr);
}

export interface SubnetPrefixes {
  name: string;
  id: string;
  prefixes: readonly string[];
}

/**
 * Check every subnet against the VNet space and each other. `subnets` is the complete set the
 * VNet will have after the change (existing ones included), in the order Azure reports them.
 */
export function validateSubnets(vnetName: string, space: readonly Cidr[], subnets: readonly SubnetPrefixes[]): void {
  const ranges: Array<{ name: string; cidr: Cidr }> = [];
  for (const subnet of subnets) {
    if (subnet.prefixes.length === 0) {
      throw new ArmError(400, "NetcfgInvalidSubnet", `Subnet '${subnet.name}' is not valid in virtual network '${vnetName}'.`);
    }
    for (const prefix of subnet.prefixes) {
      const cidr = parsePrefix(prefix, subnet.id);
      if (!space.some((s) => contains(s, cidr))) {
        throw new ArmError(
          400,
          "NetcfgSubnetRangeOutsideVnet",
          `Subnet '${subnet.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
        );
      }
      if (cidr.bits > SMALLEST_SUBNET_BITS) {
        throw new ArmError(400, "NetcfgInvalidSubnet", `Subnet '${subnet.name}' is not valid in virtual network '${vnetName}'.`);
      }
      ranges.push({ name: subnet.name, cidr });
    }
  }
  const clash = firstOverlap(ranges);
  if (clash) {
    // Azure names the subnet being added (the later one) as the invalid one.
    throw new ArmError(
      400,
      "NetcfgSubnetRangesOverlap",
      `Subnet '${clash[1].name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
    );
  }
}

import { describe, expect, it } from "vitest";
import { ArmError } from "../../core/errors";
import { assertNetworkName, validateSubnets, validateVnetAddressSpace } from "./address-space";

const vnetId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet1";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ArmError) return `${err.status} ${err.code}`;
    throw err;
  }
  return undefined;
}

function subnet(name: string, ...prefixes: string[]) {
  return { name, id: `${vnetId}/subnets/${name}`, prefixes };
}

describe("VNet address space", () => {
  it("accepts disjoint prefixes and returns them parsed", () => {
    expect(validateVnetAddressSpace("vnet1", vnetId, ["10.0.0.0/16", "10.1.0.0/16"]).map((c) => c.text)).toEqual(["10.0.0.0/16", "10.1.0.0/16"]);
  });

  it("refuses bad, non-canonical, overlapping and empty spaces with Azure's codes", () => {
    expect(codeOf(() => validateVnetAddressSpace("vnet1", vnetId, ["10.0.0/16"]))).toBe("400 InvalidAddressPrefixFormat");
    expect(codeOf(() => validateVnetAddressSpace("vnet1", vnetId, ["10.0.0.1/16"]))).toBe("400 InvalidCIDRNotation");
    expect(codeOf(() => validateVnetAddressSpace("vnet1", vnetId, ["10.0.0.0/16", "10.0.128.0/24"]))).toBe("400 VnetAddressSpacesOverlap");
    expect(codeOf(() => validateVnetAddressSpace("vnet1", vnetId, []))).toBe("400 VirtualNetworkAddressSpaceEmpty");
  });

  it("says which prefix should have been used", () => {
    expect(() => validateVnetAddressSpace("vnet1", vnetId, ["10.0.0.1/16"])).toThrow(/should be 10\.0\.0\.0\/16/);
  });
});

describe("subnets", () => {
  const space = validateVnetAddressSpace("vnet1", vnetId, ["10.0.0.0/16"]);

  it("accepts the OpenHands layout", () => {
    expect(() => validateSubnets("vnet1", space, [subnet("snet-app", "10.0.0.0/22"), subnet("snet-db", "10.0.4.0/24")])).not.toThrow();
  });

  it("refuses a subnet outside the VNet", () => {
    expect(codeOf(() => validateSubnets("vnet1", space, [subnet("a", "10.1.0.0/24")]))).toBe("400 NetcfgSubnetRangeOutsideVnet");
    expect(codeOf(() => validateSubnets("vnet1", space, [subnet("a", "10.0.0.0/15")]))).toBe("400 NetcfgSubnetRangeOutsideVnet");
  });

  it("refuses subnets smaller than /29 and subnets without a prefix", () => {
    expect(codeOf(() => validateSubnets("vnet1", space, [subnet("a", "10.0.0.0/30")]))).toBe("400 NetcfgInvalidSubnet");
    expect(codeOf(() => validateSubnets("vnet1", space, [subnet("a")]))).toBe("400 NetcfgInvalidSubnet");
  });

  it("refuses overlapping subnets and names the later one", () => {
    expect(() => validateSubnets("vnet1", space, [subnet("a", "10.0.0.0/24"), subnet("b", "10.0.0.128/25")])).toThrow(
      "Subnet 'b' is not valid because its IP address range overlaps with that of an existing subnet in virtual network 'vnet1'.",
    );
  });

  it("refuses malformed subnet prefixes", () => {
    expect(codeOf(() => validateSubnets("vnet1", space, [subnet("a", "10.0.0.5/24")]))).toBe("400 InvalidCIDRNotation");
  });
});

describe("network resource names", () => {
  it.each(["vnet-openhands-prod", "a", "snet_db", "x.y-z_"])("accepts %j", (name) => expect(() => assertNetworkName(name)).not.toThrow());
  it.each(["-vnet", "vnet-", "vnet.", "has space", "x".repeat(81)])("refuses %j", (name) => expect(codeOf(() => assertNetworkName(name))).toBe("400 InvalidResourceName"));
});

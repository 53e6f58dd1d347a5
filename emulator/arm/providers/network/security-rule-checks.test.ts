import { describe, expect, it } from "vitest";
import { ArmError } from "../../core/errors";
import { defaultSecurityRules, validateRuleSet, type NamedRule, type SecurityRuleProperties } from "./security-rule-checks";

const nsgId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg1";

function rule(name: string, overrides: Partial<SecurityRuleProperties> = {}): NamedRule {
  return {
    name,
    id: `${nsgId}/securityRules/${name}`,
    properties: {
      protocol: "Tcp",
      sourcePortRange: "*",
      destinationPortRange: "5432",
      sourceAddressPrefix: "10.0.0.0/22",
      destinationAddressPrefix: "10.0.4.0/24",
      access: "Allow",
      priority: 100,
      direction: "Inbound",
      ...overrides,
    },
  };
}

function codeOf(rules: NamedRule[]): string | undefined {
  try {
    validateRuleSet(rules);
  } catch (err) {
    if (err instanceof ArmError) return err.code;
    throw err;
  }
  return undefined;
}

describe("security rules", () => {
  it("accepts the OpenHands app→db and app→redis rules", () => {
    expect(codeOf([rule("allow-postgres"), rule("allow-redis", { priority: 110, destinationPortRange: "6379" }), rule("deny-rest", { priority: 4096, access: "Deny", protocol: "*", destinationPortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*" })])).toBeUndefined();
  });

  it("refuses priorities outside 100–4096", () => {
    expect(codeOf([rule("a", { priority: 99 })])).toBe("SecurityRuleInvalidPriority");
    expect(codeOf([rule("a", { priority: 4097 })])).toBe("SecurityRuleInvalidPriority");
  });

  it("allows one priority per direction, not twice in one direction", () => {
    expect(codeOf([rule("a"), rule("b", { direction: "Outbound" })])).toBeUndefined();
    expect(() => validateRuleSet([rule("a"), rule("b")])).toThrow("Security rule a conflicts with rule b. Rules cannot have the same Priority and Direction.");
  });

  it("checks port ranges and address prefixes", () => {
    expect(codeOf([rule("a", { destinationPortRange: "70000" })])).toBe("SecurityRuleInvalidPortRange");
    expect(codeOf([rule("a", { destinationPortRange: "90-80" })])).toBe("SecurityRuleInvalidPortRange");
    expect(codeOf([rule("a", { destinationPortRange: undefined, destinationPortRanges: ["80", "443-445"] })])).toBeUndefined();
    expect(codeOf([rule("a", { sourceAddressPrefix: "10.0.0/8" })])).toBe("SecurityRuleInvalidAddressPrefix");
    expect(codeOf([rule("a", { sourceAddressPrefix: "VirtualNetwork" })])).toBeUndefined();
    expect(codeOf([rule("a", { sourceAddressPrefix: "Storage.EastUS" })])).toBeUndefined();
    expect(codeOf([rule("a", { sourceAddressPrefix: "10.1.2.3" })])).toBeUndefined();
    expect(codeOf([rule("a", { sourceAddressPrefix: undefined })])).toBe("SecurityRuleParameterRequired");
  });

  it("builds Azure's six default rules", () => {
    const rules = defaultSecurityRules(nsgId, 'W/"e"');
    expect(rules.map((r) => r.name)).toEqual(["AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"]);
    expect(rules[2]).toMatchObject({ id: `${nsgId}/defaultSecurityRules/DenyAllInBound`, properties: { access: "Deny", priority: 65500, direction: "Inbound" } });
  });
});

/**
 * Network security rules: the wire schema, Azure's checks (priority 100–4096, unique per
 * direction, port ranges, address prefixes) with Azure's codes, and the default rules every
 * NSG carries. Pure: throws ArmError, touches no state.
 */
import { z } from "zod";
import { ArmError } from "../../core/errors";
import { isCidr, parseCidr } from "./cidr";

export const securityRulePropertiesSchema = z.object({
  description: z.string().max(140).optional(),
  protocol: z.enum(["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"]),
  sourcePortRange: z.string().optional(),
  sourcePortRanges: z.array(z.string()).optional(),
  destinationPortRange: z.string().optional(),
  destinationPortRanges: z.array(z.string()).optional(),
  sourceAddressPrefix: z.string().optional(),
  sourceAddressPrefixes: z.array(z.string()).optional(),
  destinationAddressPrefix: z.string().optional(),
  destinationAddressPrefixes: z.array(z.string()).optional(),
  access: z.enum(["Allow", "Deny"]),
  priority: z.number().int(),
  direction: z.enum(["Inbound", "Outbound"]),
});
export type SecurityRuleProperties = z.infer<typeof securityRulePropertiesSchema>;

export interface NamedRule {
  name: string;
  id: string;
  properties: SecurityRuleProperties;
}

/** Service tags the local Azure knows (a region suffix such as `Storage.EastUS` is accepted too). */
const SERVICE_TAGS = new Set(
  [
    "*", "VirtualNetwork", "AzureLoadBalancer", "Internet", "AzureCloud", "Storage", "Sql", "AzureMonitor", "AzureActiveDirectory",
    "AzureContainerRegistry", "AzureKeyVault", "AzureResourceManager", "AzureFrontDoor.Backend", "GatewayManager", "AzureTrafficManager",
    "ApiManagement", "AppService", "EventHub", "ServiceBus", "MicrosoftContainerRegistry", "AzureCosmosDB", "AzureDatabricks",
  ].map((t) => t.toLowerCase()),
);

function validPort(text: string): boolean {
  if (!/^\d{1,5}$/.test(text)) return false;
  const n = Number(text);
  return n >= 0 && n <= 65535;
}

function validPortRange(value: string): boolean {
  if (value === "*") return true;
  const parts = value.split("-");
  if (parts.length === 1) return validPort(parts[0]!);
  if (parts.length !== 2 || !validPort(parts[0]!) || !validPort(parts[1]!)) return false;
  return Number(parts[0]) <= Number(parts[1]);
}

function validAddressPrefix(value: string): boolean {
  const lower = value.toLowerCase();
  if (SERVICE_TAGS.has(lower) || SERVICE_TAGS.has(lower.split(".")[0] ?? "")) return true;
  return isCidr(parseCidr(value.includes("/") ? value : `${value}/32`));
}

function oneOf(rule: NamedRule, single: string | undefined, many: string[] | undefined, field: string): string[] {
  if (single !== undefined && many !== undefined && many.length > 0) {
    throw new ArmError(400, "SecurityRuleParameterContainsUnsupportedValue", `Security rule ${rule.id} has both ${field} and ${field}s set. Specify only one of them.`);
  }
  const values = single !== undefined ? [single] : (many ?? []);
  if (values.length === 0) {
    throw new ArmError(400, "SecurityRuleParameterRequired", `Security rule ${rule.id} is missing the required parameter ${field}.`);
  }
  return values;
}

/** Checks of one rule on its own. */
export function validateSecurityRule(rule: NamedRule): void {
  const p = rule.properties;
  if (p.priority < 100 || p.priority > 4096) {
    throw new ArmError(400, "SecurityRuleInvalidPriority", `Security rule has invalid Priority. Value provided: ${p.priority} Allowed values: 100-4096.`);
  }
  for (const [single, many, field] of [
    [p.sourcePortRange, p.sourcePortRanges, "sourcePortRange"],
    [p.destinationPortRange, p.destinationPortRanges, "destinationPortRange"],
  ] as const) {
    for (const range of oneOf(rule, single, many, field)) {
      if (!validPortRange(range)) {
        throw new ArmError(
          400,
          "SecurityRuleInvalidPortRange",
          `Security rule has invalid Port range. Value provided: ${range}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
        );
      }
    }
  }
  for (const [single, many, field] of [
    [p.sourceAddressPrefix, p.sourceAddressPrefixes, "sourceAddressPrefix"],
    [p.destinationAddressPrefix, p.destinationAddressPrefixes, "destinationAddressPrefix"],
  ] as const) {
    for (const prefix of oneOf(rule, single, many, field)) {
      if (!validAddressPrefix(prefix)) {
        throw new ArmError(400, "SecurityRuleInvalidAddressPrefix", `Security rule ${rule.id} has invalid Address prefix. Value provided: ${prefix}.`);
      }
    }
  }
}

/** Priorities are unique per direction within one NSG. `rules` is the complete set after the change. */
export function validateRuleSet(rules: readonly NamedRule[]): void {
  for (const rule of rules) validateSecurityRule(rule);
  const seen = new Map<string, NamedRule>();
  for (const rule of rules) {
    const key = `${rule.properties.direction}:${rule.properties.priority}`;
    const other = seen.get(key);
    if (other) {
      throw new ArmError(
        400,
        "SecurityRuleConflict",
        `Security rule ${other.name} conflicts with rule ${rule.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
    }
    seen.set(key, rule);
  }
}

const DEFAULT_RULES: Array<[name: string, description: string, access: "Allow" | "Deny", direction: "Inbound" | "Outbound", priority: number, source: string, destination: string]> = [
  ["AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "Allow", "Inbound", 65000, "VirtualNetwork", "VirtualNetwork"],
  ["AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer", "Allow", "Inbound", 65001, "AzureLoadBalancer", "*"],
  ["DenyAllInBound", "Deny all inbound traffic", "Deny", "Inbound", 65500, "*", "*"],
  ["AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "Allow", "Outbound", 65000, "VirtualNetwork", "VirtualNetwork"],
  ["AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "Allow", "Outbound", 65001, "*", "Internet"],
  ["DenyAllOutBound", "Deny all outbound traffic", "Deny", "Outbound", 65500, "*", "*"],
];

/** The six default rules Azure adds to every NSG, in Azure's order and shape. */
export function defaultSecurityRules(nsgId: string, etag: string): Array<Record<string, unknown>> {
  return DEFAULT_RULES.map(([name, description, access, direction, priority, source, destination]) => ({
    name,
    id: `${nsgId}/defaultSecurityRules/${name}`,
    etag,
    type: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
    properties: {
      provisioningState: "Succeeded",
      description,
      protocol: "*",
      sourcePortRange: "*",
      destinationPortRange: "*",
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  }));
}

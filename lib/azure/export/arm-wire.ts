/**
 * SDK model → ARM wire shape. The SDKs flatten `properties` into their models (knowledge/azure.md);
 * an IaC template needs the wire shape ARM itself takes. Per type: which keys stay at the top level,
 * and which nested arrays hold sub-resources that are flattened too (NSG rules, subnets,
 * delegations). A few model names differ on the wire (`odataType` → `odata.type`, `enableRbac` →
 * `enableRBAC`, `enableHttpsTrafficOnly` → `supportsHttpsTrafficOnly`). The unit test compares the result
 * with what the real SDK clients put on the wire for the same bodies.
 */
import type { ArmType, PlannedResource } from "@/lib/azure/provisioning/plan-types";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type WireBody = { [k: string]: Json };

const TRACKED = ["location", "tags", "identity", "sku", "kind", "zones", "extendedLocation", "etag"];

/** Keys kept at the top level per type (everything else moves into `properties`). */
const TOP_LEVEL: Record<ArmType, readonly string[]> = {
  "Microsoft.Resources/resourceGroups": ["location", "tags", "managedBy"],
  "Microsoft.Network/networkSecurityGroups": TRACKED,
  "Microsoft.Network/virtualNetworks": TRACKED,
  "Microsoft.Network/privateDnsZones": TRACKED,
  "Microsoft.Network/privateDnsZones/virtualNetworkLinks": TRACKED,
  "Microsoft.ContainerService/managedClusters": TRACKED,
  "Microsoft.DBforPostgreSQL/flexibleServers": TRACKED,
  "Microsoft.DBforPostgreSQL/flexibleServers/databases": [],
  "Microsoft.DBforPostgreSQL/flexibleServers/configurations": [],
  // Redis keeps its sku inside properties.
  "Microsoft.Cache/redis": ["location", "tags", "identity", "zones"],
  "Microsoft.Storage/storageAccounts": TRACKED,
  "Microsoft.Storage/storageAccounts/blobServices/containers": [],
  "Microsoft.Storage/storageAccounts/managementPolicies": [],
  "Microsoft.Insights/actionGroups": ["location", "tags"],
  "Microsoft.Insights/metricAlerts": ["location", "tags"],
};

/** Flattened sub-resource arrays: path inside properties → (keys kept beside `properties`, nested rules). */
interface SubResource {
  top: readonly string[];
  nested?: Record<string, SubResource>;
}
const SUB_RESOURCES: Partial<Record<ArmType, Record<string, SubResource>>> = {
  "Microsoft.Network/networkSecurityGroups": { securityRules: { top: ["id", "name", "type", "etag"] } },
  "Microsoft.Network/virtualNetworks": {
    subnets: { top: ["id", "name", "type", "etag"], nested: { delegations: { top: ["id", "name", "type", "etag"] } } },
  },
};

/** SDK model names that differ on the wire. */
const WIRE_NAMES: Record<string, string> = { odataType: "odata.type", enableRbac: "enableRBAC", enableHttpsTrafficOnly: "supportsHttpsTrafficOnly" };

function clean(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => clean(v) ?? null);
  if (typeof value === "object") {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const c = clean(v);
      if (c !== undefined) out[WIRE_NAMES[k] ?? k] = c;
    }
    return out;
  }
  throw new Error(`cannot put a ${typeof value} into an ARM body`);
}

function split(obj: { [k: string]: Json }, top: readonly string[], nested: Record<string, SubResource> = {}): WireBody {
  const out: WireBody = {};
  const props: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(obj)) {
    if (top.includes(k)) out[k] = v;
    else if (nested[k] && Array.isArray(v)) props[k] = v.map((item) => (item && typeof item === "object" && !Array.isArray(item) ? split(item, nested[k]!.top, nested[k]!.nested) : item));
    else props[k] = v;
  }
  if (Object.keys(props).length > 0) out.properties = props;
  return out;
}

/** The body ARM takes for this planned resource (without secrets: `secretInputs` stay unset). */
export function armWireBody(resource: PlannedResource): WireBody {
  const body = clean(resource.armBody);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error(`${resource.key}: body must be an object`);
  return split(body, TOP_LEVEL[resource.type], SUB_RESOURCES[resource.type]);
}

/**
 * Microsoft.Compute, the parts a setup preflight reads: vCPU usage and quota per location
 * (`locations/{loc}/usages`) and VM SKU availability per region and zone (`skus`), both
 * configurable through /_emulator/providers/Microsoft.Compute/settings.
 */
import { ArmError } from "../../core/errors";
import { locationName } from "../../core/locations";
import { ok, pageOf } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRequest, ResourceProvider } from "../../core/types";
import { COMPUTE_SETTINGS_KEY, computeSettings, computeSettingsSchema, limitFor, vcpuUsage } from "./settings";
import { FAMILIES, VM_SIZES } from "./vm-sizes";

const USAGE_API_VERSIONS = ["2026-03-01", "2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01", "2023-07-01", "2023-03-01", "2022-11-01", "2022-08-01"];
const SKU_API_VERSIONS = ["2021-07-01", "2021-03-01", "2019-04-01"];

function usages(req: ArmRequest, env: ArmEnvironment) {
  const location = locationName(env.settings.locations, req.params.location!);
  if (!location) throw new ArmError(404, "NoRegisteredProviderFound", `No registered resource provider found for location '${req.params.location}' and API version '${req.apiVersion}' for type 'locations/usages'.`);
  const settings = computeSettings(env);
  const used = vcpuUsage(env, location);
  const entry = (value: string, localizedValue: string, currentValue: number, limit: number) => ({ unit: "Count", currentValue, limit, name: { value, localizedValue } });
  const vmCount = env.store.all().filter((r) => String(r.body.type).toLowerCase() === "microsoft.containerservice/managedclusters/agentpools").length;
  return pageOf(env, req, [
    entry("availabilitySets", "Availability Sets", 0, 2500),
    entry("cores", "Total Regional vCPUs", used.get("cores") ?? 0, limitFor(settings, location, "cores")),
    entry("virtualMachines", "Virtual Machines", 0, 25000),
    entry("virtualMachineScaleSets", "Virtual Machine Scale Sets", vmCount, 2500),
    ...FAMILIES.map((f) => entry(f.family, f.displayName, used.get(f.family) ?? 0, limitFor(settings, location, f.family))),
  ]);
}

function skus(req: ArmRequest, env: ArmEnvironment) {
  const settings = computeSettings(env);
  const filter = req.query.get("$filter");
  const m = filter ? /location\s+eq\s+'([^']+)'/i.exec(filter) : null;
  const onlyLocation = m?.[1] ? locationName(env.settings.locations, m[1]) ?? m[1].toLowerCase() : undefined;
  const items = env.settings.locations
    .filter((l) => !onlyLocation || l.name === onlyLocation)
    .flatMap((l) =>
      VM_SIZES.map((size) => {
        const restrictions = settings.skuRestrictions
          .filter((r) => r.sku.toLowerCase() === size.name.toLowerCase() && r.location === l.name)
          .map((r) => ({
            type: r.zones ? "Zone" : "Location",
            values: [l.name],
            restrictionInfo: r.zones ? { locations: [l.name], zones: r.zones } : { locations: [l.name] },
            reasonCode: r.reasonCode,
          }));
        return {
          resourceType: "virtualMachines",
          name: size.name,
          tier: size.tier,
          size: size.name.replace(/^Standard_/, ""),
          family: size.family,
          locations: [l.name],
          locationInfo: [{ location: l.name, zones: l.zones, zoneDetails: [] }],
          capabilities: [
            { name: "vCPUs", value: String(size.vCPUs) },
            { name: "vCPUsAvailable", value: String(size.vCPUs) },
            { name: "MemoryGB", value: String(size.memoryGB) },
            { name: "HyperVGenerations", value: "V1,V2" },
            { name: "PremiumIO", value: size.name.includes("s") ? "True" : "False" },
            { name: "MaxDataDiskCount", value: String(Math.max(4, size.vCPUs * 2)) },
            { name: "AcceleratedNetworkingEnabled", value: size.vCPUs >= 2 ? "True" : "False" },
          ],
          restrictions,
        };
      }),
    );
  return pageOf(env, req, items);
}

export function createComputeProvider(locations: string[]): ResourceProvider {
  return {
    namespace: "Microsoft.Compute",
    registeredByDefault: true,
    resourceTypes: [
      { resourceType: "locations/usages", locations, apiVersions: USAGE_API_VERSIONS },
      { resourceType: "skus", locations: [], apiVersions: SKU_API_VERSIONS },
    ],
    routes: [
      {
        method: "GET",
        path: "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/usages",
        apiVersions: USAGE_API_VERSIONS,
        action: "Microsoft.Compute/locations/usages/read",
        handle: usages,
      },
      {
        method: "GET",
        path: "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus",
        apiVersions: SKU_API_VERSIONS,
        action: "Microsoft.Compute/skus/read",
        handle: skus,
      },
    ],
    control: [
      { method: "GET", path: "settings", handle: (_body, env) => ok(computeSettings(env)) },
      {
        method: "PUT",
        path: "settings",
        // Throws ZodError on bad input; the control API answers 400 and nothing changes.
        handle: (body, env) => {
          const parsed = computeSettingsSchema.parse(body ?? {});
          env.store.setProviderSetting(COMPUTE_SETTINGS_KEY, parsed);
          return ok(parsed);
        },
      },
    ],
  };
}

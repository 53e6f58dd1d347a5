/** Subscriptions and locations (what SubscriptionClient reads). One local subscription. */
import { subscriptionId as subscriptionPath } from "../../core/paths";
import { ok } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRoute } from "../../core/types";
import { SUBSCRIPTIONS_API_VERSIONS } from "./api-versions";

export function subscriptionBody(env: ArmEnvironment): Record<string, unknown> {
  const s = env.settings;
  return {
    id: subscriptionPath(s.subscriptionId),
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.subscriptionDisplayName,
    state: "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

function locationsBody(env: ArmEnvironment): unknown[] {
  const sub = subscriptionPath(env.settings.subscriptionId);
  return env.settings.locations.map((l) => ({
    id: `${sub}/locations/${l.name}`,
    name: l.name,
    type: "Region",
    displayName: l.displayName,
    regionalDisplayName: l.regionalDisplayName,
    metadata: {
      regionType: "Physical",
      regionCategory: "Recommended",
      geographyGroup: l.geographyGroup,
      longitude: l.longitude,
      latitude: l.latitude,
      physicalLocation: l.physicalLocation,
      pairedRegion: [{ name: l.pairedRegion, id: `${sub}/locations/${l.pairedRegion}` }],
    },
    availabilityZoneMappings: l.zones.map((z) => ({ logicalZone: z, physicalZone: `${l.name}-az${z}` })),
  }));
}

export const subscriptionRoutes: ArmRoute[] = [
  {
    method: "GET",
    path: "/subscriptions",
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    // Like ARM: a principal without any role sees an empty list, not a 403.
    action: null,
    handle: (req, env) => ok({ value: req.caller.role ? [subscriptionBody(env)] : [] }),
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}",
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/read",
    handle: (_req, env) => ok(subscriptionBody(env)),
  },
  {
    method: "GET",
    path: "/subscriptions/{subscriptionId}/locations",
    apiVersions: SUBSCRIPTIONS_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/locations/read",
    handle: (_req, env) => ok({ value: locationsBody(env) }),
  },
];

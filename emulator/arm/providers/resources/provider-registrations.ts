/** Resource providers of the subscription: list, get, register, unregister. */
import { ArmError } from "../../core/errors";
import { registrationState, startRegistration, findProvider } from "../../core/registrations";
import { ok, pageOf } from "../../core/resource-helpers";
import type { ArmEnvironment, ArmRoute, ResourceProvider } from "../../core/types";
import { RESOURCES_API_VERSIONS } from "./api-versions";

function displayLocation(env: ArmEnvironment, name: string): string {
  return env.settings.locations.find((l) => l.name === name)?.displayName ?? name;
}

function providerBody(env: ArmEnvironment, sub: string, provider: ResourceProvider): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub}/providers/${provider.namespace}`,
    namespace: provider.namespace,
    registrationState: registrationState(env, sub, provider),
    registrationPolicy: "RegistrationRequired",
    resourceTypes: provider.resourceTypes.map((t) => ({
      resourceType: t.resourceType,
      locations: t.locations.map((l) => displayLocation(env, l)),
      apiVersions: t.apiVersions,
      ...(t.capabilities ? { capabilities: t.capabilities } : {}),
    })),
  };
}

function requireProvider(env: ArmEnvironment, namespace: string): ResourceProvider {
  const provider = findProvider(env, namespace);
  if (!provider) throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
  return provider;
}

const base = "/subscriptions/{subscriptionId}/providers";

export const providerRoutes: ArmRoute[] = [
  {
    method: "GET",
    path: base,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/providers/read",
    handle: (req, env) => pageOf(env, req, env.providers.map((p) => providerBody(env, req.params.subscriptionId!, p))),
  },
  {
    method: "GET",
    path: `${base}/{resourceProviderNamespace}`,
    apiVersions: RESOURCES_API_VERSIONS,
    action: "Microsoft.Resources/subscriptions/providers/read",
    handle: (req, env) => ok(providerBody(env, req.params.subscriptionId!, requireProvider(env, req.params.resourceProviderNamespace!))),
  },
  {
    method: "POST",
    path: `${base}/{resourceProviderNamespace}/register`,
    apiVersions: RESOURCES_API_VERSIONS,
    action: (p) => `${p.resourceProviderNamespace ?? ""}/register/action`,
    requiresRegistration: false,
    handle: (req, env) => {
      const provider = requireProvider(env, req.params.resourceProviderNamespace!);
      startRegistration(env, req.params.subscriptionId!, provider);
      return ok(providerBody(env, req.params.subscriptionId!, provider));
    },
  },
  {
    method: "POST",
    path: `${base}/{resourceProviderNamespace}/unregister`,
    apiVersions: RESOURCES_API_VERSIONS,
    action: (p) => `${p.resourceProviderNamespace ?? ""}/unregister/action`,
    requiresRegistration: false,
    handle: (req, env) => {
      const provider = requireProvider(env, req.params.resourceProviderNamespace!);
      env.store.setRegistration(req.params.subscriptionId!, provider.namespace, { state: "NotRegistered" });
      return ok(providerBody(env, req.params.subscriptionId!, provider));
    },
  },
];

/**
 * Resource-provider registration: every namespace the plan creates resources in must be
 * Registered, or the first PUT fails with MissingSubscriptionRegistration.
 */
import type { Observed, PreflightCheck, ProviderObservation, PreflightTarget } from "../types";
import { unreadable } from "./observed";

/** Always registered in every subscription; never asked for. */
const BUILT_IN = new Set(["microsoft.resources", "microsoft.authorization"]);

/**
 * AKS creates its node VM scale sets, disks and load balancers in Microsoft.Compute and
 * Microsoft.Network, and alert rules live in Microsoft.Insights, even when the plan names
 * only the cluster.
 */
const IMPLIED: Record<string, string[]> = {
  "microsoft.containerservice": ["Microsoft.Compute", "Microsoft.Network"],
  "microsoft.dbforpostgresql": ["Microsoft.Network"],
};

export function requiredNamespaces(target: Pick<PreflightTarget, "resourceTypes">): string[] {
  const out = new Map<string, string>();
  const add = (ns: string) => {
    if (!BUILT_IN.has(ns.toLowerCase()) && !out.has(ns.toLowerCase())) out.set(ns.toLowerCase(), ns);
  };
  for (const type of target.resourceTypes) {
    const ns = type.split("/")[0];
    if (!ns) continue;
    add(ns);
    for (const implied of IMPLIED[ns.toLowerCase()] ?? []) add(implied);
  }
  return [...out.values()].sort((a, b) => a.localeCompare(b));
}

export function providerChecks(target: PreflightTarget, observed: Observed<ProviderObservation[]>): PreflightCheck[] {
  const namespaces = requiredNamespaces(target);
  if (!observed.ok) return [unreadable("providers", "Resource providers registered", "the subscription's resource providers", observed)];
  const states = new Map(observed.value.map((p) => [p.namespace.toLowerCase(), p.registrationState]));
  return namespaces.map((namespace): PreflightCheck => {
    const id = `provider:${namespace}`;
    const title = `${namespace} registered`;
    const state = states.get(namespace.toLowerCase());
    if (state === undefined) {
      return { id, title, status: "fail", evidence: `The subscription does not offer the resource provider ${namespace}.`, remedy: "Use a subscription where this provider is available (sovereign clouds and some offer types lack providers)." };
    }
    if (state === "Registered") return { id, title, status: "pass", evidence: `${namespace} is Registered in subscription ${target.subscriptionId}.` };
    if (state === "Registering") {
      return { id, title, status: "warn", evidence: `${namespace} is Registering (usually done within a few minutes).`, remedy: "Wait a minute and run preflight again." };
    }
    return {
      id,
      title,
      status: "fail",
      evidence: `${namespace} is ${state} in subscription ${target.subscriptionId}; creating its resources would fail with MissingSubscriptionRegistration.`,
      remedy: `Register the provider (one click here, or \`az provider register --namespace ${namespace}\`); it needs the ${namespace}/register/action permission (Contributor or Owner).`,
      fix: { kind: "registerProvider", namespace },
    };
  });
}

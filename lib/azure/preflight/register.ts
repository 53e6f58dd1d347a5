/**
 * The one-click fix of a failing provider check: register the namespace in the subscription.
 * Only namespaces setup needs may be registered from the console (the action's input allows
 * exactly these), so the button cannot be used to register arbitrary providers.
 */
import type { ArmClients } from "@/lib/azure/clients";

export const REGISTRABLE_NAMESPACES = [
  "Microsoft.Cache",
  "Microsoft.Compute",
  "Microsoft.ContainerService",
  "Microsoft.DBforPostgreSQL",
  "Microsoft.Insights",
  "Microsoft.Network",
  "Microsoft.Storage",
] as const;
export type RegistrableNamespace = (typeof REGISTRABLE_NAMESPACES)[number];

export interface ProviderRegistration {
  namespace: string;
  /** "Registered" or "Registering" (Azure finishes registering within minutes). */
  registrationState: string;
}

/** Idempotent: registering a registered provider changes nothing and answers Registered. */
export async function registerProvider(clients: ArmClients, namespace: RegistrableNamespace): Promise<ProviderRegistration> {
  const provider = await clients.resources.providers.register(namespace);
  return { namespace: provider.namespace ?? namespace, registrationState: provider.registrationState ?? "Registering" };
}

/**
 * The one-click fix of a failing provider check: register the namespace in the subscription.
 * Only namespaces setup needs may be registered from the console (action inputs allow exactly
 * these), so the button cannot be used to register arbitrary providers. Azure refusals become an
 * `ActionError` with a specific message, so any action wrapping this shows the admin why.
 */
import { ActionError } from "@/lib/auth/action";
import type { ArmClients } from "@/lib/azure/clients";
import { armError } from "./gather";

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
  try {
    const provider = await clients.resources.providers.register(namespace);
    return { namespace: provider.namespace ?? namespace, registrationState: provider.registrationState ?? "Registering" };
  } catch (err) {
    const e = armError(err);
    if (e.statusCode === 401 || e.statusCode === 403) {
      throw new ActionError(
        "azure_forbidden",
        `Azure refused to register ${namespace}: the console's Azure identity lacks ${namespace}/register/action on this subscription (Contributor or Owner has it).${e.code ? ` (${e.code})` : ""}`,
      );
    }
    if (e.statusCode !== undefined && e.statusCode < 500) throw new ActionError("azure_refused", `Azure refused to register ${namespace}: ${e.code ? `${e.code}: ` : ""}${e.message}`);
    throw err;
  }
}

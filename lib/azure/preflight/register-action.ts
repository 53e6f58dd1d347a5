/**
 * The "Register" button of a failing provider check, as an action definition (auth → `setup.run`
 * → zod → register → audit). Framework-free: `actions.ts` wraps it with `defineAction`; tests run
 * it with `executeAction`. ARM refusals come back as a specific message, not an internal error.
 */
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import { armClients, type ArmClients } from "@/lib/azure/clients";
import { armError } from "./gather";
import { registerProvider, REGISTRABLE_NAMESPACES, type ProviderRegistration } from "./register";

export const registerProviderInput = z.object({
  subscriptionId: z.guid("subscription id must be a GUID"),
  namespace: z.enum(REGISTRABLE_NAMESPACES, { error: `namespace must be one setup needs: ${REGISTRABLE_NAMESPACES.join(", ")}` }),
});
export type RegisterProviderInput = z.infer<typeof registerProviderInput>;

export function registerProviderActionDefinition(
  clientsFor: (subscriptionId: string) => ArmClients = (subscriptionId) => armClients({ subscriptionId }),
): ActionDefinition<typeof registerProviderInput, ProviderRegistration> {
  return {
    name: "setup.registerProvider",
    permission: "setup.run",
    input: registerProviderInput,
    audit: {
      action: "setup.registerProvider",
      target: (input) => `/subscriptions/${input.subscriptionId}/providers/${input.namespace}`,
      changes: (input, result) => ({ registrationState: { new: result?.registrationState ?? "unchanged (failed)" }, namespace: { new: input.namespace } }),
    },
    run: async (_ctx, input) => {
      try {
        return await registerProvider(clientsFor(input.subscriptionId), input.namespace);
      } catch (err) {
        const e = armError(err);
        if (e.statusCode === 403 || e.statusCode === 401) {
          throw new ActionError(
            "azure_forbidden",
            `Azure refused to register ${input.namespace}: the console's identity lacks ${input.namespace}/register/action on subscription ${input.subscriptionId} (Contributor or Owner has it). ${e.code ?? ""}`.trim(),
          );
        }
        if (e.statusCode !== undefined && e.statusCode < 500) throw new ActionError("azure_refused", `Azure refused to register ${input.namespace}: ${e.code ? `${e.code}: ` : ""}${e.message}`);
        throw err;
      }
    },
  };
}

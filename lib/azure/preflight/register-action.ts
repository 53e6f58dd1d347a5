/**
 * The "Register" fix as a standalone action definition (auth → `setup.run` → zod → register →
 * audit) for callers outside the wizard draft; the wizard wires its own draft-bound action
 * (`app/(console)/setup/preflight-actions.ts`) on the same `registerProvider`. Framework-free:
 * wrap with `defineAction`, or run with `executeAction` in tests.
 */
import { z } from "zod";
import type { ActionDefinition } from "@/lib/auth/action";
import { armClients, type ArmClients } from "@/lib/azure/clients";
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
      changes: (input, result) => ({ namespace: { new: input.namespace }, registrationState: { new: result?.registrationState ?? "unchanged (failed)" } }),
    },
    run: (_ctx, input) => registerProvider(clientsFor(input.subscriptionId), input.namespace),
  };
}

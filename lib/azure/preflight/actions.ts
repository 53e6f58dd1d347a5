"use server";
/** Server actions of preflight (the wizard's Preflight step imports these). */
import { defineAction } from "@/lib/auth/action";
import { registerProviderActionDefinition } from "./register-action";

/** `registerProviderAction({ subscriptionId, namespace })` → ActionResult<{ namespace, registrationState }>. */
export const registerProviderAction = defineAction(registerProviderActionDefinition());

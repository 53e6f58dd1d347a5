"use server";
/** The wizard's server actions, bound to the console's store, SECRETS_KEY and ARM identity. */
import { defineAction } from "@/lib/auth/action";
import { armClients } from "@/lib/azure/clients";
import { config } from "@/lib/config";
import { getPool } from "@/lib/store/db";
import { secretsKeyFrom } from "@/lib/store/secret-box";
import { preflightActions } from "./preflight-actions";
import { provisionAction } from "./provision-action";
import { rerunAction } from "./rerun-action";
import { setupActions } from "./setup-actions";

const deps = {
  db: getPool,
  secretsKey: () => secretsKeyFrom(config().SECRETS_KEY),
  arm: (subscriptionId: string) => armClients({ subscriptionId }),
};
const setup = setupActions(deps);
const preflight = preflightActions(deps);

export const startSetup = defineAction(setup.start);
export const saveEnvironmentStep = defineAction(setup.saveEnvironment);
export const saveSizingStep = defineAction(setup.saveSizing);
export const saveIdentityStep = defineAction(setup.saveIdentity);
export const saveOpenHandsStep = defineAction(setup.saveOpenHands);
export const discardSetup = defineAction(setup.discard);
export const runPreflightStep = defineAction(preflight.run);
export const registerProviderFix = defineAction(preflight.register);
export const provisionSetup = defineAction(provisionAction(deps));
export const rerunSetup = defineAction(rerunAction(deps));

"use server";
/** Cancel query and terminate backend, bound to the selected environment's OpenHands database. */
import { defineAction } from "@/lib/auth/action";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabase } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";
import { backendActions } from "./backend-actions";

const actions = backendActions({ database: async (env) => environmentDatabase(await selectEnvironment(getPool(), env)) });

export const cancelQueryAction = defineAction(actions.cancel);
export const terminateBackendAction = defineAction(actions.terminate);

/**
 * Cancel query / terminate backend bound to the selected environment's OpenHands database: one
 * binding for the page's server actions (actions.ts) and the script routes (cancel/, terminate/).
 */
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabase } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";
import { backendActions } from "./backend-actions";

export const environmentBackendActions = backendActions({ database: async (env) => environmentDatabase(await selectEnvironment(getPool(), env)) });

"use server";
/** Settings' server actions: End session / End all for this user (the store), and moving the console into an environment (the store and ARM). */
import { defineAction } from "@/lib/auth/action";
import { armClients } from "@/lib/azure/clients";
import { consoleInstallSettings } from "@/lib/azure/console-move/install-settings";
import { config } from "@/lib/config";
import { getPool } from "@/lib/store/db";
import { consoleMoveAction } from "./console-move-action";
import { sessionAdminActions } from "./session-actions";

const actions = sessionAdminActions(getPool);

export const endSessionAction = defineAction(actions.endOne);
export const endUserSessionsAction = defineAction(actions.endAll);
export const moveConsole = defineAction(consoleMoveAction({ db: getPool, arm: (subscriptionId) => armClients({ subscriptionId }), install: () => consoleInstallSettings(config()) }));

"use server";
/** Settings' server actions, bound to the console's store and ARM identity. */
import { defineAction } from "@/lib/auth/action";
import { armClients } from "@/lib/azure/clients";
import { getPool } from "@/lib/store/db";
import { consoleMoveAction } from "./console-move-action";

export const moveConsole = defineAction(consoleMoveAction({ db: getPool, arm: (subscriptionId) => armClients({ subscriptionId }) }));

"use server";
/** Settings → Sessions: the admin's End session / End all for this user, on the console store. */
import { defineAction } from "@/lib/auth/action";
import { getPool } from "@/lib/store/db";
import { sessionAdminActions } from "./session-actions";

const actions = sessionAdminActions(getPool);

export const endSessionAction = defineAction(actions.endOne);
export const endUserSessionsAction = defineAction(actions.endAll);

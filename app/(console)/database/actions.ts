"use server";
/** Cancel query and terminate backend, bound to the selected environment's OpenHands database. */
import { defineAction } from "@/lib/auth/action";
import { environmentBackendActions as actions } from "./environment-actions";

export const cancelQueryAction = defineAction(actions.cancel);
export const terminateBackendAction = defineAction(actions.terminate);

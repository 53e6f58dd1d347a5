"use server";
/** Retry and Cancel on the operation page, bound to the console's store. */
import { defineAction } from "@/lib/auth/action";
import { getPool } from "@/lib/store/db";
import { operationActions } from "./operation-actions";

const actions = operationActions({ db: getPool });

export const retryOperationAction = defineAction(actions.retry);
export const cancelOperationAction = defineAction(actions.cancel);

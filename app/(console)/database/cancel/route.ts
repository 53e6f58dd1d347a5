/**
 * POST /database/cancel {env?, pid, backendStart}: the Cancel query action for scripts (Bearer
 * token) and tests — the same definition as the page's server action, so the same checks and audit.
 */
import { defineRoute } from "@/lib/auth/route";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabase } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";
import { backendActions } from "../backend-actions";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ ...backendActions({ database: async (env) => environmentDatabase(await selectEnvironment(getPool(), env)) }).cancel, inputFrom: "json" });

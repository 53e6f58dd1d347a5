/** POST /database/terminate {env?, pid, backendStart}: the Terminate backend action for scripts and tests (Admin only). */
import { defineRoute } from "@/lib/auth/route";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabase } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";
import { backendActions } from "../backend-actions";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ ...backendActions({ database: async (env) => environmentDatabase(await selectEnvironment(getPool(), env)) }).terminate, inputFrom: "json" });

/** POST /database/terminate {env?, pid, backendStart}: the Terminate backend action for scripts and tests (Admin only). */
import { defineRoute } from "@/lib/auth/route";
import { environmentBackendActions } from "../environment-actions";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ ...environmentBackendActions.terminate, inputFrom: "json" });

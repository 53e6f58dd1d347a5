/**
 * POST /database/cancel {env?, pid, backendStart}: the Cancel query action for scripts (with the
 * session cookie from POST /api/session) and tests — the same definition as the page's server
 * action, so the same checks and audit.
 */
import { defineRoute } from "@/lib/auth/route";
import { environmentBackendActions } from "../environment-actions";

export const dynamic = "force-dynamic";

export const POST = defineRoute({ ...environmentBackendActions.cancel, inputFrom: "json" });

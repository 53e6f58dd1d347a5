/** Liveness/readiness for the launcher and the ingress: 200 when the console can reach its store. */
import { getPool } from "@/lib/store/db";
import { logServerError, newRequestId } from "@/lib/auth/action";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    await getPool().query("SELECT 1");
    return Response.json({ status: "ok", store: "ok" }, { headers });
  } catch (err) {
    logServerError(newRequestId(), "health: store unreachable", err);
    return Response.json({ status: "degraded", store: "unreachable" }, { status: 503, headers });
  }
}

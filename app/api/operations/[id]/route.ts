/** GET /api/operations/<id>: the live state of one operation (polled by the operation page). */
import { z } from "zod";
import { ActionError } from "@/lib/auth/action";
import { defineRoute } from "@/lib/auth/route";
import { getPool } from "@/lib/store/db";
import { getOperation } from "@/lib/store/operations";
import { operationView } from "@/components/operations/operation-view";

export const dynamic = "force-dynamic";

const handler = defineRoute({
  name: "operation.read",
  permission: "console.read",
  input: z.object({ id: z.uuid("the operation id must be a UUID") }),
  run: async (_ctx, { id }) => {
    const op = await getOperation(getPool(), id);
    if (!op) throw new ActionError("not_found", `Operation ${id} does not exist.`);
    return operationView(op);
  },
});

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const url = new URL(req.url);
  url.search = "";
  url.searchParams.set("id", (await params).id);
  return handler(new Request(url, { method: "GET", headers: req.headers }));
}

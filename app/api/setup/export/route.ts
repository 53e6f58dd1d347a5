/**
 * GET /api/setup/export?draftId=…&format=bicep: the setup draft's provisioning plan as a Bicep
 * file (the same plan Provision runs). Secrets are `@secure()` parameters, never values.
 */
import { z } from "zod";
import { ActionError } from "@/lib/auth/action";
import { defineRoute } from "@/lib/auth/route";
import { planToBicep } from "@/lib/azure/export/bicep";
import { getPool } from "@/lib/store/db";
import { getDraft } from "@/lib/store/setup-drafts";
import { draftPlan } from "@/app/(console)/setup/draft-plan";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  name: "setup.export",
  permission: "console.read",
  input: z.object({ draftId: z.uuid("draftId must be a setup draft id"), format: z.enum(["bicep"], { message: "format must be bicep" }).default("bicep") }),
  run: async (_ctx, { draftId }) => {
    const draft = await getDraft(getPool(), draftId);
    if (!draft) throw new ActionError("not_found", `Setup draft ${draftId} does not exist.`);
    const { plan } = draftPlan(draft);
    return new Response(planToBicep(plan), {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="openhands-${plan.environment.name}.bicep"`,
        "cache-control": "no-store",
      },
    });
  },
});

/**
 * GET /database/report?env=&qpage=&tpage=: the database health report as JSON (what the page
 * shows), for scripts and monitors. 404 when there is no such environment.
 */
import { z } from "zod";
import { ActionError } from "@/lib/auth/action";
import { defineRoute } from "@/lib/auth/route";
import { selectEnvironment } from "@/lib/environments/target";
import { environmentDatabaseHealth } from "@/lib/openhands/db-health/environment";
import { getPool } from "@/lib/store/db";

export const dynamic = "force-dynamic";

const page = z.coerce.number().int("pages are whole numbers").min(1, "pages start at 1").max(10_000).default(1);

export const GET = defineRoute({
  name: "database.health.read",
  permission: "console.read",
  input: z.object({ env: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "env must be an environment name").optional(), qpage: page, tpage: page }),
  run: async (_ctx, i) => {
    const target = await selectEnvironment(getPool(), i.env);
    if (!target) throw new ActionError("not_found", i.env ? `There is no environment named ${i.env}.` : "There is no environment yet: run setup first.");
    return environmentDatabaseHealth(target, { page: { longQueries: i.qpage, deadTuples: i.tpage } });
  },
});

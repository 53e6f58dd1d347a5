/** The usage CSV export (see usage-export.ts), bound to the console's environments. */
import { defineRoute } from "@/lib/auth/route";
import { openhandsDatabase } from "@/lib/environments/data-plane";
import { selectEnvironment } from "@/lib/environments/target";
import { getPool } from "@/lib/store/db";
import { usageExport } from "./usage-export";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  usageExport({
    database: async (env) => {
      const target = await selectEnvironment(getPool(), env);
      return target ? { name: target.environment.name, db: await openhandsDatabase(target) } : null;
    },
  }),
);

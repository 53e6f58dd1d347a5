/**
 * GET /api/sandboxes/usage?env=&from=&to=&user=&model=&group=user|model|day|conversation — the
 * usage view as CSV, the same filters as the page (the page's "Download CSV" link is its own
 * URL). Streams: grouped rows in one query, conversations in keyset batches. `console.read`.
 */
import { z } from "zod";
import { ActionError, logServerError, newRequestId, type ActionDefinition } from "@/lib/auth/action";
import type { Queryable } from "@/lib/openhands/sandboxes/conversations";
import { usageCsvFilename, usageCsvStream } from "@/lib/openhands/sandboxes/usage-csv";
import { parseUsageFilters } from "@/lib/openhands/sandboxes/usage-filters";

export interface UsageExportDeps {
  /** The OpenHands database of the named environment (or the default one); null when there is none. */
  database: (env: string | undefined) => Promise<{ name: string; db: Queryable } | null>;
}

const param = z.string().max(200, "at most 200 characters").optional();
const input = z.object({ env: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "env must be an environment name").optional(), from: param, to: param, user: param, model: param, group: param });

export function usageExport(deps: UsageExportDeps): ActionDefinition<typeof input, Response> {
  return {
    name: "sandbox.usage.export",
    permission: "console.read",
    input,
    run: async (_ctx, q) => {
      const { filters, problems } = parseUsageFilters(q);
      if (problems.length > 0) throw new ActionError("invalid_input", problems.join(" "));
      const target = await deps.database(q.env);
      if (!target) throw new ActionError("not_found", q.env ? `There is no environment named ${q.env}.` : "There is no environment yet: run setup first.");
      const requestId = newRequestId();
      const body = usageCsvStream(target.db, filters, (err) => logServerError(requestId, "sandbox usage export", err));
      return new Response(body, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${usageCsvFilename(target.name, filters)}"`,
          "cache-control": "no-store",
          "x-request-id": requestId,
        },
      });
    },
  };
}

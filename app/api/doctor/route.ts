/**
 * GET /api/doctor: the doctor's report for the Settings panel (Admin and Operator: the
 * `diagnostics.run` permission). Read-only, so not audited; computed on the server with the
 * console's own configuration and identity, and nothing secret in the answer.
 */
import path from "node:path";
import { z } from "zod";
import { defineRoute } from "@/lib/auth/route";
import { config } from "@/lib/config";
import { runDoctor } from "@/lib/doctor/run";
import { getPool } from "@/lib/store/db";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  name: "doctor.run",
  permission: "diagnostics.run",
  input: z.object({}).strict(),
  // A bundled module's import.meta.url is not its source folder: name the committed SQL folder.
  run: () => runDoctor(config(), { pool: getPool(), migrationsDir: path.join(process.cwd(), "lib", "store", "migrations") }),
});

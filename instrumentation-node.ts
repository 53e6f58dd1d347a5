/**
 * Node start-up of the console server: validate the configuration, then bring the store's
 * schema up to date before the first request; telemetry starts first when configured.
 * Skipped during `next build` (no services then).
 */
import path from "node:path";
import { config } from "@/lib/config";
import { createPool, getPool } from "@/lib/store/db";
import { log } from "@/lib/telemetry/logger";
import { migrate } from "@/lib/store/migrate";

export async function startConsoleServer(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const cfg = config(); // a bad configuration stops start-up here with the list of bad keys
  // First, so the OpenTelemetry instrumentations see the modules loaded after it (http, pg, ioredis).
  const { startTelemetry } = await import("@/lib/telemetry/azure-monitor");
  await startTelemetry(cfg.APPLICATIONINSIGHTS_CONNECTION_STRING, log);
  // A bundled module's import.meta.url is not its source folder: name the committed SQL folder.
  const { applied } = await migrateStore(path.join(process.cwd(), "lib", "store", "migrations"));
  if (applied.length > 0) log.info("console store: applied migrations", { migrations: applied });
  // Runs persisted operation steps (setup…), resuming any left running by a previous process.
  const { startProcessWorker } = await import("@/lib/operations/process-worker");
  startProcessWorker();
}

/**
 * With DATABASE_MIGRATION_URL the schema's owner migrates (one short-lived connection) and the
 * console's own pool (DATABASE_URL) gets only console_runtime's grants; without it, the console's
 * role migrates and owns the schema (laptop, PGlite).
 */
async function migrateStore(dir: string): Promise<{ applied: string[] }> {
  const cfg = config();
  if (!cfg.DATABASE_MIGRATION_URL) return migrate(getPool(), { dir });
  const runtimeRole = decodeURIComponent(new URL(cfg.DATABASE_URL).username);
  if (!runtimeRole) throw new Error("DATABASE_URL must name its user when DATABASE_MIGRATION_URL is set (that user is granted console_runtime).");
  const owner = createPool({ connectionString: cfg.DATABASE_MIGRATION_URL, max: 1, ssl: cfg.DATABASE_SSL });
  try {
    return await migrate(owner, { dir, runtimeRole });
  } finally {
    await owner.end();
  }
}

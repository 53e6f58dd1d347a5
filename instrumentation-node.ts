/**
 * Node start-up of the console server: validate the configuration, then bring the store's
 * schema up to date before the first request; telemetry starts first when configured.
 * Skipped during `next build` (no services then).
 */
import path from "node:path";
import { config } from "@/lib/config";
import { log } from "@/lib/telemetry/logger";
import { getPool } from "@/lib/store/db";
import { migrate } from "@/lib/store/migrate";

export async function startConsoleServer(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const cfg = config(); // a bad configuration stops start-up here with the list of bad keys
  // First, so the OpenTelemetry instrumentations see the modules loaded after it (http, pg, ioredis).
  const { startTelemetry } = await import("@/lib/telemetry/azure-monitor");
  await startTelemetry(cfg.APPLICATIONINSIGHTS_CONNECTION_STRING, log);
  // A bundled module's import.meta.url is not its source folder: name the committed SQL folder.
  const { applied } = await migrate(getPool(), { dir: path.join(process.cwd(), "lib", "store", "migrations") });
  if (applied.length > 0) log.info("console store: applied migrations", { migrations: applied });
  // Runs persisted operation steps (setup…), resuming any left running by a previous process.
  const { startProcessWorker } = await import("@/lib/operations/process-worker");
  startProcessWorker();
}

/**
 * Node start-up of the console server: validate the configuration, then bring the store's
 * schema up to date before the first request. Skipped during `next build` (no services then).
 */
import path from "node:path";
import { config } from "@/lib/config";
import { getPool } from "@/lib/store/db";
import { migrate } from "@/lib/store/migrate";

export async function startConsoleServer(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  config(); // a bad configuration stops start-up here with the list of bad keys
  // A bundled module's import.meta.url is not its source folder: name the committed SQL folder.
  const { applied } = await migrate(getPool(), { dir: path.join(process.cwd(), "lib", "store", "migrations") });
  if (applied.length > 0) console.log(`console store: applied migrations ${applied.join(", ")}`);
  // Runs persisted operation steps (setup…), resuming any left running by a previous process.
  const { startProcessWorker } = await import("@/lib/operations/process-worker");
  startProcessWorker();
}

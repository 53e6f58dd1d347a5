/**
 * Server start-up (Next.js calls register() once per server process): validate the
 * configuration, then bring the console store's schema up to date before the first request.
 * Skipped during `next build` (no services exist then) and in the edge runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const path = await import("node:path");
  const { config } = await import("@/lib/config");
  const { getPool } = await import("@/lib/store/db");
  const { migrate } = await import("@/lib/store/migrate");
  config(); // a bad configuration stops start-up here with the list of bad keys
  // The bundled module's import.meta.url is not its source folder: name the committed SQL folder explicitly.
  const { applied } = await migrate(getPool(), { dir: path.join(process.cwd(), "lib", "store", "migrations") });
  if (applied.length > 0) console.log(`console store: applied migrations ${applied.join(", ")}`);
}

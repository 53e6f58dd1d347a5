/**
 * Brings the console's store up to date once per process: call `ensureStoreReady()` at server
 * start (instrumentation) or before first use. Memoized on globalThis so hot reload and
 * concurrent callers share one migration run.
 */
import { getPool } from "./db";
import { migrate } from "./migrate";

const holder = globalThis as typeof globalThis & { __openhandsConsoleStoreReady?: Promise<{ applied: string[] }> };

export function ensureStoreReady(): Promise<{ applied: string[] }> {
  holder.__openhandsConsoleStoreReady ??= migrate(getPool()).catch((err: unknown) => {
    // Let the next caller try again instead of caching the failure forever.
    holder.__openhandsConsoleStoreReady = undefined;
    throw err;
  });
  return holder.__openhandsConsoleStoreReady;
}

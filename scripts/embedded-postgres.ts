/**
 * Process entry: the console store's embedded PostgreSQL (PGlite over the wire protocol).
 *   LOCAL_STACK_DIR  data root (default .data; PGlite keeps its files in <dir>/pglite)
 *   PGLITE_PORT      TCP port (default 55432)
 *   PGLITE_HOST      bind address (default 127.0.0.1)
 * Prints "embedded PostgreSQL ready at postgres://…" once it accepts connections; SIGINT/SIGTERM
 * stop it cleanly (PGlite flushes its data on close). A busy port is a one-line error, exit 1.
 */
import path from "node:path";
import { z } from "zod";
import { PortInUseError, startEmbeddedPostgres } from "../lib/store/embedded";

const envSchema = z.object({
  LOCAL_STACK_DIR: z.string().min(1).default(".data"),
  PGLITE_PORT: z.coerce.number().int().min(1).max(65535).default(55432),
  PGLITE_HOST: z.string().min(1).default("127.0.0.1"),
});

function fail(message: string): never {
  console.error(`embedded PostgreSQL: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const env = parsed.data;
  const dataDir = path.resolve(env.LOCAL_STACK_DIR);

  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: env.PGLITE_PORT, host: env.PGLITE_HOST });
  } catch (err) {
    if (err instanceof PortInUseError) fail(err.message);
    fail(`could not start with data in ${path.join(dataDir, "pglite")}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const running = server;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`embedded PostgreSQL: ${signal}, flushing data and stopping`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => fail(`error while stopping: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log(`embedded PostgreSQL ready at ${running.url} (data in ${path.join(dataDir, "pglite")})`);
}

void main();

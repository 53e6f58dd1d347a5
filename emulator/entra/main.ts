/**
 * Process entry of the local Entra ID.
 *   LOCAL_STACK_DIR (default .data), ENTRA_PORT (default 9443), CONSOLE_URL (default http://localhost:3000),
 *   CONSOLE_EXTRA_URLS (optional, comma-separated: more addresses of the same console app registration,
 *   e.g. the replicas test's proxy; each is a SPA redirect URI as in a real registration)
 * Logs one line when ready; never logs secrets or tokens.
 */
import { z } from "zod";

const envSchema = z.object({
  LOCAL_STACK_DIR: z.string().min(1).default(".data"),
  ENTRA_PORT: z.coerce.number({ error: "must be a port number (1-65535)" }).int("must be a port number (1-65535)").min(1).max(65535).default(9443),
  CONSOLE_URL: z.string().url("must be a URL such as http://localhost:3000").default("http://localhost:3000"),
  CONSOLE_EXTRA_URLS: z
    .string()
    .transform((v) => v.split(",").map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().url("each entry must be a URL such as http://localhost:4100")))
    .default([]),
});

// oidc-provider warns about facts this stand-in accepts on purpose: Node 20, the in-memory
// adapter (sessions and refresh tokens end with the process; keys persist), and the token
// request body that the Entra adapter has read before the provider.
const EXPECTED_WARNINGS = [/Unsupported runtime/, /in-memory adapter/, /already parsed request body/];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const first = typeof args[0] === "string" ? args[0] : "";
  if (first.startsWith("oidc-provider WARNING") && EXPECTED_WARNINGS.some((w) => w.test(first))) return;
  warn(...args);
};

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    console.error(`local Entra cannot start:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
    process.exit(2);
  }
  const env = parsed.data;
  // Imported after the warning filter: oidc-provider warns about the runtime when it loads.
  const { startEntra } = await import("./server");
  const entra = await startEntra({ dataDir: env.LOCAL_STACK_DIR, port: env.ENTRA_PORT, consoleUrl: env.CONSOLE_URL, extraConsoleUrls: env.CONSOLE_EXTRA_URLS });
  console.log(`local Entra ready at ${entra.issuer}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    entra.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`local Entra: error while stopping on ${signal}: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  const message = code === "EADDRINUSE" ? "the port is already in use (set ENTRA_PORT)" : err instanceof Error ? err.message : String(err);
  console.error(`local Entra failed to start: ${message}`);
  process.exit(1);
});

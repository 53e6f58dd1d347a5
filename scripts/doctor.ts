/**
 * `npm run doctor`: checks this console's configuration against the live endpoints (Entra,
 * ARM, the store, each environment's data planes) and prints each check with ok / warn / fail,
 * the evidence and the fix. Reads the same environment variables as the console (run it where
 * the console runs, with its configuration). `npm run doctor -- --local-stack` fills what is
 * unset from a running local stack (.data/, or LOCAL_STACK_DIR), as if it were a tenant.
 * Exit code: 0 ok, 1 a check failed (warnings do not fail), 2 the configuration itself is invalid.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "../lib/config";
import type { CheckStatus } from "../lib/doctor/checks";
import { runDoctor } from "../lib/doctor/run";
import { createPool } from "../lib/store/db";
import { readLocalStackFile } from "../emulator/local-stack-file";
import { loadOrCreateStackIdentity } from "../emulator/stack-identity";

function localStackEnv(): Record<string, string> {
  const dataDir = process.env.LOCAL_STACK_DIR ?? ".data";
  const stack = readLocalStackFile(dataDir);
  const id = loadOrCreateStackIdentity(dataDir);
  const keyFile = path.join(dataDir, "secrets-key");
  return {
    CONSOLE_URL: stack.consoleUrl,
    DATABASE_URL: stack.databaseUrl,
    AUTH_TENANT_ID: id.tenantId,
    AUTH_AUTHORITY: stack.entra.authority,
    AUTH_SPA_CLIENT_ID: id.spaClientId,
    AUTH_API_AUDIENCE: id.apiAudience,
    AUTH_API_SCOPE: stack.entra.apiScope,
    AZURE_SUBSCRIPTION_ID: id.subscriptionId,
    ARM_ENDPOINT: stack.armEndpoint,
    AZURE_TENANT_ID: id.tenantId,
    AZURE_CLIENT_ID: id.consoleApp.clientId,
    AZURE_CLIENT_SECRET: id.consoleApp.clientSecret,
    AZURE_AUTHORITY_HOST: stack.entra.authorityHost,
    AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
    ...(existsSync(keyFile) ? { SECRETS_KEY: readFileSync(keyFile, "utf8").trim() } : {}),
  };
}

const MARK: Record<CheckStatus, string> = { ok: "✔ ok  ", warn: "! warn", fail: "✘ fail" };

async function main(): Promise<number> {
  const env = process.argv.includes("--local-stack") ? { ...localStackEnv(), ...process.env } : process.env;
  let cfg;
  try {
    cfg = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const pool = createPool({ connectionString: cfg.DATABASE_URL, max: 1, ssl: cfg.DATABASE_SSL });
  pool.on("error", () => undefined);
  try {
    const report = await runDoctor(cfg, { pool });
    for (const c of report.checks) {
      console.log(`${MARK[c.status]}  ${c.title}`);
      for (const line of c.evidence.split("\n")) console.log(`         ${line}`);
      if (c.fix) console.log(`         fix: ${c.fix}`);
    }
    console.log(`\ndoctor: ${report.status}`);
    return report.status === "fail" ? 1 : 0;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);

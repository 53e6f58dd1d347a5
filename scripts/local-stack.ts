/**
 * `npm start`: the whole console on one machine, no Azure account needed (DESIGN.md §6).
 *
 *   embedded PostgreSQL (PGlite)  — the console store, unless DATABASE_URL is set
 *   local Entra ID                — https://localhost:<ENTRA_PORT>/<tenant>/v2.0
 *   local Azure (ARM)             — https://127.0.0.1:<ARM_PORT>
 *   the console                   — production build (`next build` when sources changed), `next start`
 *
 * Writes <LOCAL_STACK_DIR>/local-stack.json for scripts and tests. Ctrl-C stops everything.
 */
import { existsSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import net from "node:net";
import https from "node:https";
import { ensureLocalCa } from "../emulator/tls/local-ca";
import { DEMO_USERS, loadOrCreateStackIdentity } from "../emulator/stack-identity";
import { localStackFilePath, type LocalStackFile } from "../emulator/local-stack-file";
import { assertPortsFree, readStackSettings } from "./local-stack/ports";
import { startChild, stopChild, waitFor, type StackChild } from "./local-stack/children";
import { buildIsCurrent, markBuildCurrent } from "./local-stack/build";
import { RESTART_EXIT_CODE } from "../emulator/restart-code";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

/** GET over HTTPS trusting the stack's CA (this process was not started with NODE_EXTRA_CA_CERTS). */
function httpsOk(url: string, caPem: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca: caPem, timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 300);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

async function main(): Promise<void> {
  const settings = readStackSettings(process.env);
  const dataDir = path.resolve(settings.LOCAL_STACK_DIR);
  mkdirSync(dataDir, { recursive: true });
  const logDir = path.join(dataDir, "logs");
  const useEmbeddedDb = !settings.DATABASE_URL;

  await assertPortsFree({
    CONSOLE_PORT: settings.CONSOLE_PORT,
    ENTRA_PORT: settings.ENTRA_PORT,
    ARM_PORT: settings.ARM_PORT,
    INGRESS_PORT: settings.INGRESS_PORT,
    ...(useEmbeddedDb ? { PGLITE_PORT: settings.PGLITE_PORT } : {}),
  });

  const ca = ensureLocalCa(dataDir);
  const caPem = readFileSync(ca.caFile, "utf8");
  const identity = loadOrCreateStackIdentity(dataDir);
  const consoleUrl = `http://localhost:${settings.CONSOLE_PORT}`;
  const entraOrigin = `https://localhost:${settings.ENTRA_PORT}`;
  const authority = `${entraOrigin}/${identity.tenantId}/v2.0`;
  const armEndpoint = `https://127.0.0.1:${settings.ARM_PORT}`;
  const databaseUrl = settings.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${settings.PGLITE_PORT}/postgres`;
  const apiScope = `${identity.apiAudience}/Console.Access`;

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOCAL_STACK_DIR: dataDir,
    NODE_EXTRA_CA_CERTS: ca.caFile,
    CONSOLE_URL: consoleUrl,
    ENTRA_PORT: String(settings.ENTRA_PORT),
    ARM_PORT: String(settings.ARM_PORT),
    PGLITE_PORT: String(settings.PGLITE_PORT),
    LOCAL_INGRESS_PORT: String(settings.INGRESS_PORT),
    LOCAL_AZURE_LOOPBACK_OCTET: String(settings.LOOPBACK_OCTET),
    NEXT_TELEMETRY_DISABLED: "1",
    ...(settings.LOCAL_AZURE_TIME_SCALE !== undefined ? { LOCAL_AZURE_TIME_SCALE: String(settings.LOCAL_AZURE_TIME_SCALE) } : {}),
  };

  const children: StackChild[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log("\nStopping the local stack…");
    for (const child of [...children].reverse()) await stopChild(child);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const watch = (child: StackChild, restart?: () => Promise<void>) => {
    children.push(child);
    void child.exited.then((code) => {
      if (shuttingDown || child.stopping) return;
      if (code === RESTART_EXIT_CODE && restart) {
        children.splice(children.indexOf(child), 1);
        console.log(`[${child.name}] restarting on request…`);
        restart().catch((err: unknown) => {
          console.error(`[${child.name}] could not restart: ${err instanceof Error ? err.message : String(err)}`);
          void shutdown(1);
        });
        return;
      }
      console.error(`\n[${child.name}] stopped unexpectedly (exit ${code}). Last lines:\n${child.recentLines.slice(-15).join("\n")}`);
      void shutdown(1);
    });
    return child;
  };

  try {
    const needsBuild = !["1", "true"].includes(settings.SKIP_BUILD ?? "") && !buildIsCurrent(root);
    const build = needsBuild ? startChild("build", bin("next"), ["build"], { env: baseEnv, logDir }) : undefined;
    if (build) children.push(build); // stopped with the rest on Ctrl-C; its exit code is checked below
    else console.log("Console build is up to date.");

    if (useEmbeddedDb) {
      const pg = watch(startChild("postgres", bin("tsx"), ["scripts/embedded-postgres.ts"], { env: baseEnv, logDir }));
      await waitFor("embedded PostgreSQL", () => tcpOpen(settings.PGLITE_PORT), { timeoutMs: 60_000, child: pg });
    }
    const entra = watch(startChild("entra", bin("tsx"), ["emulator/entra/main.ts"], { env: baseEnv, logDir }));
    await waitFor("local Entra", () => httpsOk(`${authority}/.well-known/openid-configuration`, caPem), { timeoutMs: 60_000, child: entra });
    // The local Azure can be restarted on request (POST /_emulator/restart), e.g. to prove that
    // serialized pollers and in-flight operations survive a restart.
    const startAzure = async (): Promise<void> => {
      const azure = watch(startChild("azure", bin("tsx"), ["emulator/server.ts"], { env: baseEnv, logDir }), startAzure);
      await waitFor("local Azure", () => httpsOk(`${armEndpoint}/_emulator/health`, caPem), { timeoutMs: 60_000, child: azure });
    };
    await startAzure();

    if (build) {
      const code = await build.exited;
      if (code !== 0) throw new Error(`next build failed (exit ${code}); see ${path.join(logDir, "build.log")}`);
      markBuildCurrent(root);
    }

    const consoleEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      // PGlite has one backend: a pool of one keeps transactions from interleaving.
      DATABASE_POOL_MAX: useEmbeddedDb ? "1" : (process.env.DATABASE_POOL_MAX ?? "10"),
      AUTH_TENANT_ID: identity.tenantId,
      AUTH_AUTHORITY: authority,
      AUTH_SPA_CLIENT_ID: identity.spaClientId,
      AUTH_API_AUDIENCE: identity.apiAudience,
      AUTH_API_SCOPE: apiScope,
      AZURE_SUBSCRIPTION_ID: identity.subscriptionId,
      ARM_ENDPOINT: armEndpoint,
      AZURE_TENANT_ID: identity.tenantId,
      AZURE_CLIENT_ID: identity.consoleApp.clientId,
      AZURE_CLIENT_SECRET: identity.consoleApp.clientSecret,
      AZURE_AUTHORITY_HOST: entraOrigin,
      AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
      SECRETS_KEY: process.env.SECRETS_KEY ?? localSecretsKey(dataDir),
      // OpenHands health checks go through the stack's ingress router (Host = the public host name).
      OPENHANDS_INGRESS_ADDRESS: `http://127.0.0.1:${settings.INGRESS_PORT}`,
    };
    const web = watch(
      startChild("console", bin("next"), ["start", "-p", String(settings.CONSOLE_PORT), "-H", "127.0.0.1"], { env: consoleEnv, logDir }),
    );
    await waitFor("console", async () => (await fetch(`${consoleUrl}/api/health`, { signal: AbortSignal.timeout(3000) })).ok, {
      timeoutMs: 90_000,
      child: web,
    });

    const stackFile: LocalStackFile = {
      consoleUrl,
      armEndpoint,
      ingressUrl: `http://localhost:${settings.INGRESS_PORT}`,
      entra: { authority, authorityHost: entraOrigin, tenantId: identity.tenantId, spaClientId: identity.spaClientId, apiScope },
      tenantId: identity.tenantId,
      subscriptionId: identity.subscriptionId,
      caFile: ca.caFile,
      databaseUrl,
      demoUsers: DEMO_USERS.map((u) => ({ username: u.username, name: u.name, roles: u.roles })),
      automation: {
        tenantId: identity.tenantId,
        clientId: identity.automationApp.clientId,
        clientSecret: identity.automationApp.clientSecret,
        authorityHost: entraOrigin,
        note: "Owner of the local subscription. Use with @azure/identity ClientSecretCredential({ authorityHost, disableInstanceDiscovery: true }) and NODE_EXTRA_CA_CERTS=caFile.",
      },
      startedAt: new Date().toISOString(),
    };
    writeFileSync(localStackFilePath(dataDir), JSON.stringify(stackFile, null, 2), { mode: 0o600 });

    console.log(`
┌──────────────────────────────────────────────────────────────────────┐
  OpenHands Azure Console is running:  ${consoleUrl}

  Sign in on the local Entra ID page as one of the demo users (no passwords):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(24)} ${u.roles[0] ?? "(no role: sees the access-denied page)"}`).join("\n")}

  Local Azure (ARM):  ${armEndpoint}
  OpenHands ingress:  http://<ingress host>.localhost:${settings.INGRESS_PORT}
  Local Entra ID:     ${authority}
  Subscription:       ${identity.subscriptionId}
  Stack details:      ${localStackFilePath(dataDir)}
  Logs:               ${logDir}
  Press Ctrl-C to stop.
└──────────────────────────────────────────────────────────────────────┘`);
  } catch (err) {
    console.error(`\nThe local stack could not start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

/** The setup wizard's sealing key for this data dir: made once, owner-only, reused on restart. */
function localSecretsKey(dataDir: string): string {
  const file = path.join(dataDir, "secrets-key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  return readFileSync(file, "utf8").trim();
}

/**
 * Shared set-up of the local-Azure benchmarks: command-line numbers, and a local Entra + local
 * Azure in a temp folder with the console's SDK client factory signed in as the automation app.
 * The SDKs verify TLS and Node reads NODE_EXTRA_CA_CERTS only at start, so the first call re-runs
 * the benchmark process with the bench's CA trusted and exits with its status.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { armClients } from "../lib/azure/clients";
import { startLocalAzure } from "../emulator/arm/local-azure";
import { startEntra } from "../emulator/entra/server";
import { ensureLocalCa } from "../emulator/tls/local-ca";
import { loadOrCreateStackIdentity } from "../emulator/stack-identity";

/** `--name N` from the command line, or the fallback. */
export function benchArg(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
}

export async function startBenchStack(name: string, ports: { arm: number; entra: number }) {
  const armPort = Number(process.env.BENCH_ARM_PORT ?? ports.arm);
  const entraPort = Number(process.env.BENCH_ENTRA_PORT ?? ports.entra);
  const dir = mkdtempSync(path.join(tmpdir(), `${name}-bench-`));
  const localCa = ensureLocalCa(dir);
  if (process.env.NODE_EXTRA_CA_CERTS !== localCa.caFile) {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: localCa.caFile, LOCAL_STACK_CA_DIR: path.dirname(localCa.caFile) };
    const r = spawnSync(process.execPath, process.execArgv.concat(process.argv.slice(1)), { stdio: "inherit", env });
    rmSync(dir, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
  const identity = loadOrCreateStackIdentity(dir);
  const entra = await startEntra({ dataDir: dir, port: entraPort, consoleUrl: "http://localhost:3000" });
  const arm = await startLocalAzure({ dataDir: dir, port: armPort, entraPort, timeScale: 0 });
  const app = identity.automationApp;
  const credential = new ClientSecretCredential(identity.tenantId, app.clientId, app.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  return {
    identity,
    arm,
    credential,
    clients: armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: arm.endpoint }),
    async close() {
      await arm.close();
      await entra.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

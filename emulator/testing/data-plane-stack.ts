/**
 * Integration-test harness of console code that talks to an environment's real engines: a temp
 * data folder, the data planes (real PostgreSQL and Redis engines on 127.<loopbackOctet>.x.y),
 * the real local Entra and the local Azure (with its OpenHands simulation) on the caller's own
 * ports, the console's client factory with the automation app's ClientSecretCredential, and
 * optionally a resource group and provider registrations. `close()` tears down in reverse and
 * removes the folder. Test-only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { armClients, type ArmClients } from "@/lib/azure/clients";
import { createDataPlanes, type DataPlanes, type DataPlanesOptions } from "../data-planes";
import { startEntra, type RunningEntra } from "../entra/server";
import { startLocalAzure } from "../server";
import type { OpenHandsSimulationOptions } from "../simulation";
import { loadOrCreateStackIdentity } from "../stack-identity";

export interface DataPlaneStackOptions {
  armPort: number;
  entraPort: number;
  /** Second octet of the engines' loopback addresses: one per suite, so suites never clash. */
  loopbackOctet: number;
  /** Default 0 (instant). */
  timeScale?: number;
  tickMs?: number;
  simulation?: OpenHandsSimulationOptions & { ingressPort?: number };
  /** More data-plane options (e.g. `redisServer: null`). */
  dataPlanes?: Omit<DataPlanesOptions, "dataDir" | "log">;
  /** Created in eastus once the stack runs. */
  resourceGroup?: string;
  /** Registered (in order) once the stack runs. */
  providers?: string[];
  /** Prefix of the temp data folder. */
  dataDirPrefix?: string;
  /** Lines of the data planes, the local Azure and the simulation (default: dropped). */
  log?: (line: string) => void;
}

export interface DataPlaneStack {
  dataDir: string;
  subscriptionId: string;
  arm: ArmClients;
  /** The automation app (Owner), for raw calls the SDKs do not make. */
  credential: ClientSecretCredential;
  entra: RunningEntra;
  planes: DataPlanes;
  endpoint: string;
  ingressUrl?: string;
  close(): Promise<void>;
}

export async function startDataPlaneStack(opts: DataPlaneStackOptions): Promise<DataPlaneStack> {
  // Read when an engine's address is allocated: set before anything starts.
  process.env.LOCAL_AZURE_LOOPBACK_OCTET = String(opts.loopbackOctet);
  const log = opts.log ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), opts.dataDirPrefix ?? "data-plane-stack-"));
  let planes: DataPlanes | undefined;
  let entra: RunningEntra | undefined;
  let azure: Awaited<ReturnType<typeof startLocalAzure>> | undefined;
  const close = async () => {
    await azure?.close();
    await planes?.close();
    await entra?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    planes = createDataPlanes({ ...opts.dataPlanes, dataDir, log });
    entra = await startEntra({ dataDir, port: opts.entraPort, consoleUrl: "http://localhost:3000" });
    azure = await startLocalAzure({
      dataDir,
      port: opts.armPort,
      entraPort: opts.entraPort,
      timeScale: opts.timeScale ?? 0,
      ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
      log,
      hooks: planes.hooks,
      ...(opts.simulation ? { simulation: opts.simulation } : {}),
    });
    const id = loadOrCreateStackIdentity(dataDir);
    const credential = new ClientSecretCredential(id.tenantId, id.automationApp.clientId, id.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
    const arm = armClients({ subscriptionId: id.subscriptionId, credential, endpoint: azure.endpoint });
    if (opts.resourceGroup) await arm.resources.resourceGroups.createOrUpdate(opts.resourceGroup, { location: "eastus" });
    for (const ns of opts.providers ?? []) await arm.resources.providers.register(ns);
    return {
      dataDir,
      subscriptionId: id.subscriptionId,
      arm,
      credential,
      entra,
      planes,
      endpoint: azure.endpoint,
      ...(azure.ingressUrl ? { ingressUrl: azure.ingressUrl } : {}),
      close,
    };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

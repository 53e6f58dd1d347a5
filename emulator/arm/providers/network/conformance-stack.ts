/**
 * Integration-test harness of the Network and Storage providers: a real local Entra and a local
 * Azure on this work's own ports (the core harness uses fixed ports other suites share), the
 * console's client factory (`lib/azure/clients.ts`) with the real ClientSecretCredential
 * (automation app = Owner), a private-DNS client built the same way (the factory has none yet),
 * a Reader credential, raw HTTPS calls, and a restart that keeps the data folder. Test-only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrivateDnsManagementClient } from "@azure/arm-privatedns";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { armClients, ARM_SCOPE, type ArmClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../../../entra/server";
import { signTestToken } from "../../../entra/test-tokens";
import { loadOrCreateStackIdentity } from "../../../stack-identity";
import { startLocalAzure, type LocalAzure, type LocalAzureOptions } from "../../local-azure";

/** shared/ lies beside the work tree (locally /work/shared, in CI beside the clone). */
export const FIXTURES = path.resolve("../shared/fixtures/azure-rest-api-specs");

export interface ConformanceStack {
  dataDir: string;
  subscriptionId: string;
  readonly arm: LocalAzure;
  entra: RunningEntra;
  clients(credential?: TokenCredential): ArmClients;
  privateDns(credential?: TokenCredential): PrivateDnsManagementClient;
  /** The demo reader (ARM role Reader). */
  reader: TokenCredential;
  call(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  /** Close and start the local Azure again on the same data folder (persisted state). */
  restartArm(): Promise<void>;
  close(): Promise<void>;
}

export async function startConformanceStack(opts: { armPort: number; entraPort: number } & Partial<LocalAzureOptions>): Promise<ConformanceStack> {
  const { armPort, entraPort, ...rest } = opts;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-net-storage-"));
  const identity = loadOrCreateStackIdentity(dataDir);
  const entra = await startEntra({ dataDir, port: entraPort, consoleUrl: "http://localhost:3000" });
  const armOptions: LocalAzureOptions = { dataDir, port: armPort, entraPort, timeScale: 0, tickMs: 20, ...rest };
  let arm = await startLocalAzure(armOptions);
  const owner = new ClientSecretCredential(identity.tenantId, identity.automationApp.clientId, identity.automationApp.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  const readerOid = identity.users.reader;
  const reader: TokenCredential = {
    getToken: async () => ({
      token: await signTestToken(dataDir, { iss: entra.issuer, aud: "https://management.azure.com", tid: identity.tenantId, oid: readerOid, sub: readerOid }, { expiresInSeconds: 3600 }),
      expiresOnTimestamp: Date.now() + 3_000_000,
    }),
  };
  return {
    dataDir,
    subscriptionId: identity.subscriptionId,
    get arm() {
      return arm;
    },
    entra,
    reader,
    clients: (credential = owner) => armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: arm.endpoint }),
    privateDns: (credential = owner) => new PrivateDnsManagementClient(credential, identity.subscriptionId, { endpoint: arm.endpoint, credentialScopes: [ARM_SCOPE] }),
    async call(method, pathAndQuery, body, headers = {}) {
      const token = (await owner.getToken(ARM_SCOPE)).token;
      const res = await fetch(`${arm.endpoint}${pathAndQuery}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined, text };
    },
    async restartArm() {
      await arm.close();
      arm = await startLocalAzure(armOptions);
    },
    async close() {
      await arm.close();
      await entra.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

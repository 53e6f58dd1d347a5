/**
 * Integration-test harness of the resource providers (and of console code that needs a whole
 * local Azure): a real local Entra and a local Azure on the caller's own ports (the core harness
 * uses fixed ports other suites share), the console's client factory (`lib/azure/clients.ts`)
 * with the real ClientSecretCredential (automation app = Owner), a Reader credential from a
 * demo-user token, raw HTTPS calls for headers the SDK hides, and a restart that keeps the data
 * folder. Test-only.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { armClients, ARM_SCOPE, type ArmClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../../entra/server";
import { signTestToken } from "../../entra/test-tokens";
import { loadOrCreateStackIdentity } from "../../stack-identity";
import { startLocalAzure, type LocalAzure, type LocalAzureOptions } from "../local-azure";
import { FIXTURES } from "./arm-test-stack";

export { FIXTURES, shapeDifferences } from "./arm-test-stack";

export interface ConformanceStack {
  dataDir: string;
  subscriptionId: string;
  arm: LocalAzure;
  entra: RunningEntra;
  clients(credential?: TokenCredential): ArmClients;
  /** The demo reader (ARM role Reader). */
  reader: TokenCredential;
  call(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  /** Close and start the local Azure again on the same data folder (persisted state). */
  restartArm(): Promise<void>;
  close(): Promise<void>;
}

export async function startConformanceStack(opts: { armPort: number; entraPort: number } & Partial<LocalAzureOptions>): Promise<ConformanceStack> {
  const { armPort, entraPort, ...rest } = opts;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-conformance-"));
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

/** Register a resource provider and wait until ARM says Registered (registration takes scaled time). */
export async function registerProvider(stack: ConformanceStack, namespace: string): Promise<void> {
  const providers = stack.clients().resources.providers;
  await providers.register(namespace);
  const until = Date.now() + 10_000;
  while ((await providers.get(namespace)).registrationState !== "Registered") {
    if (Date.now() > until) throw new Error(`${namespace} did not register in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The persisted ARM state file as text (to prove secrets never land there in plain text). */
export function persistedState(stack: ConformanceStack): string {
  stack.arm.env.store.flush();
  return readFileSync(path.join(stack.dataDir, "azure", "arm-state.json"), "utf8");
}

export interface SpecExample {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

export function fixture(relative: string): SpecExample {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), "utf8")) as SpecExample;
}

/** The RestError fields a test checks (statusCode + ARM error code). */
export async function armFailure(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; message?: string };
    return { ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}), ...(e.code !== undefined ? { code: e.code } : {}), message: e.message ?? String(err) };
  }
  throw new Error("expected the call to fail, it succeeded");
}

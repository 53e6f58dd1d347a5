/**
 * Test harness: a real local Entra and a local Azure in a temporary data folder, the console's
 * client factory authenticated with the real ClientSecretCredential, and user tokens signed with
 * the Entra's key (for the reader / no-role identities). Integration tests only.
 */
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { armClients, ARM_SCOPE, type ArmClients } from "@/lib/azure/clients";
import { startEntra, type RunningEntra } from "../../entra/server";
import { signTestToken } from "../../entra/test-tokens";
import { loadOrCreateStackIdentity, type StackIdentity } from "../../stack-identity";
import { startLocalAzure, type LocalAzure, type LocalAzureOptions } from "../local-azure";

export const ARM_TEST_PORT = 28443;
export const ENTRA_TEST_PORT = 29443;

export interface ArmTestStack {
  dataDir: string;
  identity: StackIdentity;
  entra: RunningEntra;
  arm: LocalAzure;
  /** Owner (automation app), through the real ClientSecretCredential. */
  owner: TokenCredential;
  /** Contributor (the console app). */
  contributor: TokenCredential;
  clients(credential?: TokenCredential): ArmClients;
  /** A bearer token for a demo user or any oid, signed by the local Entra. */
  userToken(oid: string, overrides?: Record<string, unknown>, expiresInSeconds?: number): Promise<string>;
  /** Raw HTTPS call to the local ARM (for headers and status codes the SDK hides). */
  call(method: string, pathAndQuery: string, opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: unknown }>;
  restartArm(overrides?: Partial<LocalAzureOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startArmTestStack(opts: Partial<LocalAzureOptions> = {}): Promise<ArmTestStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "arm-test-"));
  const identity = loadOrCreateStackIdentity(dataDir);
  const entra = await startEntra({ dataDir, port: ENTRA_TEST_PORT, consoleUrl: "http://localhost:3000" });
  const armOptions: LocalAzureOptions = { dataDir, port: ARM_TEST_PORT, entraPort: ENTRA_TEST_PORT, timeScale: 0, ...opts };
  let arm = await startLocalAzure(armOptions);
  const cred = (app: StackIdentity["consoleApp"]) =>
    new ClientSecretCredential(identity.tenantId, app.clientId, app.clientSecret, { authorityHost: entra.origin, disableInstanceDiscovery: true });
  const owner = cred(identity.automationApp);
  const contributor = cred(identity.consoleApp);

  const stack: ArmTestStack = {
    dataDir,
    identity,
    entra,
    get arm() {
      return arm;
    },
    owner,
    contributor,
    clients: (credential = owner) => armClients({ subscriptionId: identity.subscriptionId, credential, endpoint: arm.endpoint }),
    userToken: (oid, overrides = {}, expiresInSeconds = 3600) =>
      signTestToken(dataDir, { iss: entra.issuer, aud: "https://management.azure.com", tid: identity.tenantId, oid, sub: oid, ...overrides }, { expiresInSeconds }),
    async call(method, pathAndQuery, o = {}) {
      const token = o.token === undefined ? (await owner.getToken(ARM_SCOPE)).token : o.token;
      const res = await fetch(`${arm.endpoint}${pathAndQuery}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
          ...o.headers,
        },
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async restartArm(overrides = {}) {
      await arm.close();
      arm = await startLocalAzure({ ...armOptions, ...overrides });
    },
    async close() {
      await arm.close();
      await entra.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * Differences between an answer and an Azure example: every field of the example (except
 * `ignore` paths) must exist in the answer with the same JSON type. Returns readable problems.
 */
export function shapeDifferences(actual: unknown, example: unknown, ignore: string[] = [], at = ""): string[] {
  const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (ignore.includes(at)) return [];
  if (kind(actual) !== kind(example)) return [`${at || "(root)"}: expected ${kind(example)}, got ${kind(actual)}`];
  if (Array.isArray(example) && Array.isArray(actual)) {
    return example.length > 0 && actual.length > 0 ? shapeDifferences(actual[0], example[0], ignore, `${at}[]`) : [];
  }
  if (kind(example) === "object") {
    const a = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([k, v]) => {
      const p = at ? `${at}.${k}` : k;
      if (ignore.includes(p)) return [];
      return k in a ? shapeDifferences(a[k], v, ignore, p) : [`${p}: missing`];
    });
  }
  return [];
}

/** Azure's REST examples in shared/, which lies beside the repository (locally and in CI). */
export const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/azure-rest-api-specs", import.meta.url));

import { describe, expect, it } from "vitest";
import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { ClientSecretCredential, DefaultAzureCredential } from "@azure/identity";
import { loadConfig } from "@/lib/config";
import { armClients, ARM_SCOPE } from "./clients";
import { credentialFromConfig } from "./credential";

const SUB = "3f2a1b7e-1111-4a2b-9c3d-000000000001";

/** Answers every request with 404 ResourceNotFound and records what the SDK sent. */
function recordingTransport() {
  const seen: Array<{ url: string; authorization: string | undefined }> = [];
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      seen.push({ url: request.url, authorization: request.headers.get("authorization") });
      return {
        request,
        status: 404,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify({ error: { code: "ResourceNotFound", message: "not here" } }),
      };
    },
  };
  return { seen, httpClient };
}

function recordingCredential() {
  const scopes: string[] = [];
  const credential: TokenCredential = {
    getToken: async (s) => {
      scopes.push(...(Array.isArray(s) ? s : [s]));
      return { token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return { scopes, credential };
}

describe("armClients", () => {
  it("points both SDK generations at the configured endpoint and asks for ARM-scoped tokens", async () => {
    const { seen, httpClient } = recordingTransport();
    const { scopes, credential } = recordingCredential();
    const clients = armClients({ subscriptionId: SUB, credential, endpoint: "https://arm.example.test/", httpClient });
    await expect(clients.resources.resourceGroups.get("rg1")).rejects.toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
    await expect(clients.containerService.managedClusters.get("rg1", "aks1")).rejects.toMatchObject({ statusCode: 404 });
    await expect(clients.redis.redis.get("rg1", "cache1")).rejects.toMatchObject({ statusCode: 404 });
    expect(seen.map((s) => new URL(s.url).origin)).toEqual(["https://arm.example.test", "https://arm.example.test", "https://arm.example.test"]);
    expect(seen[0]?.url).toContain(`/subscriptions/${SUB}/resourcegroups/rg1?api-version=`);
    expect(seen.every((s) => s.authorization === "Bearer test-token")).toBe(true);
    expect(new Set(scopes)).toEqual(new Set([ARM_SCOPE]));
  });

  it("builds each client once, on first use", () => {
    const { credential } = recordingCredential();
    const clients = armClients({ subscriptionId: SUB, credential, endpoint: "https://arm.example.test" });
    expect(clients.network).toBe(clients.network);
    expect(clients.compute).toBe(clients.compute);
  });
});

describe("credentialFromConfig", () => {
  const base = {
    CONSOLE_URL: "http://localhost:3000",
    DATABASE_URL: "postgres://postgres@127.0.0.1:5432/console",
    AUTH_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    AUTH_AUTHORITY: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
    AUTH_SPA_CLIENT_ID: "0f6a1b7e-1111-4a2b-9c3d-000000000001",
    AUTH_API_AUDIENCE: "api://openhands-console",
    AUTH_API_SCOPE: "api://openhands-console/Console.Access",
    SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
  };

  it("uses the client secret when one is configured (local Entra or a service principal)", () => {
    const cfg = loadConfig({
      ...base,
      AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      AZURE_CLIENT_ID: "0f6a1b7e-1111-4a2b-9c3d-000000000002",
      AZURE_CLIENT_SECRET: "s3cret-value-for-test",
      AZURE_AUTHORITY_HOST: "https://localhost:9443",
      AZURE_DISABLE_INSTANCE_DISCOVERY: "true",
    });
    expect(credentialFromConfig(cfg)).toBeInstanceOf(ClientSecretCredential);
  });

  it("falls back to DefaultAzureCredential (workload identity, managed identity, az login)", () => {
    expect(credentialFromConfig(loadConfig(base))).toBeInstanceOf(DefaultAzureCredential);
  });
});

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ConfigError, configSchema, loadConfig } from "./config";

const valid = {
  CONSOLE_URL: "http://localhost:3000",
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/console",
  AUTH_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  AUTH_AUTHORITY: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
  AUTH_SPA_CLIENT_ID: "0f6a1b7e-1111-4a2b-9c3d-000000000001",
  AUTH_API_AUDIENCE: "api://openhands-console",
  AUTH_API_SCOPE: "api://openhands-console/Console.Access",
  SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("loadConfig", () => {
  it("accepts a complete configuration and applies defaults", () => {
    const cfg = loadConfig(valid);
    expect(cfg.ARM_ENDPOINT).toBe("https://management.azure.com");
    expect(cfg.DATABASE_POOL_MAX).toBe(10);
    expect(cfg.AZURE_DISABLE_INSTANCE_DISCOVERY).toBe(false);
  });

  it("lists every missing key in one error", () => {
    const problems = problemsOf({});
    for (const key of Object.keys(valid)) {
      expect(problems).toContain(`${key}: is required but not set`);
    }
  });

  it("says why a value is bad", () => {
    const problems = problemsOf({ ...valid, AUTH_TENANT_ID: "contoso", ARM_ENDPOINT: "http://127.0.0.1:8443", DATABASE_URL: "mysql://x" });
    expect(problems).toEqual(
      expect.arrayContaining([
        "AUTH_TENANT_ID: must be a GUID",
        "ARM_ENDPOINT: must be an https:// URL (Azure SDKs and MSAL refuse http)",
        "DATABASE_URL: must be a postgres:// connection URL",
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it("treats empty strings as unset", () => {
    expect(problemsOf({ ...valid, AUTH_SPA_CLIENT_ID: "" })).toEqual(["AUTH_SPA_CLIENT_ID: is required but not set"]);
  });

  it("refuses a client secret without the identity it belongs to", () => {
    expect(problemsOf({ ...valid, AZURE_CLIENT_SECRET: "s3cret-value" })).toEqual([
      "AZURE_CLIENT_SECRET: needs AZURE_CLIENT_ID and AZURE_TENANT_ID as well",
    ]);
  });

  it("takes an optional http(s) ingress address for OpenHands health checks", () => {
    expect(loadConfig(valid).OPENHANDS_INGRESS_ADDRESS).toBeUndefined();
    expect(loadConfig({ ...valid, OPENHANDS_INGRESS_ADDRESS: "http://127.0.0.1:8180" }).OPENHANDS_INGRESS_ADDRESS).toBe("http://127.0.0.1:8180");
    expect(problemsOf({ ...valid, OPENHANDS_INGRESS_ADDRESS: "ftp://router" })).toEqual(["OPENHANDS_INGRESS_ADDRESS: must be an http:// or https:// URL"]);
  });

  it("takes the worker's step lease in whole seconds, 60 by default, 5 to 3600", () => {
    expect(loadConfig(valid).WORKER_LEASE_SECONDS).toBe(60);
    expect(loadConfig({ ...valid, WORKER_LEASE_SECONDS: "10" }).WORKER_LEASE_SECONDS).toBe(10);
    expect(problemsOf({ ...valid, WORKER_LEASE_SECONDS: "2" })).toEqual(["WORKER_LEASE_SECONDS: Too small: expected number to be >=5"]);
  });

  it("never echoes a secret value in its message", () => {
    const message = (() => {
      try {
        loadConfig({ ...valid, AZURE_CLIENT_SECRET: "super-secret-value-123" });
      } catch (err) {
        return (err as Error).message;
      }
      return "";
    })();
    expect(message).not.toContain("super-secret-value-123");
  });
});

describe("README configuration table", () => {
  it("documents every variable of the schema", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const missing = Object.keys(configSchema.shape).filter((key) => !readme.includes(`| \`${key}\``));
    expect(missing).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { setupInputSchema, setupSecretsSchema } from "./setup-input";
import { rawSetupInput } from "./testing/setup-fixtures";

function issues(raw: unknown): [string, string][] {
  const r = setupInputSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("setupInputSchema", () => {
  it("accepts the fixture and fills defaults (realm, registry, address space)", () => {
    const p = setupInputSchema.parse(rawSetupInput());
    expect(p.identity.realm).toBe("allhands");
    expect(p.openhands.imageRegistry).toBe("ghcr.io/openhands");
    expect(p.environment.addressSpace).toEqual({ vnet: "10.40.0.0/16", appSubnet: "10.40.0.0/20", dbSubnet: "10.40.16.0/24", redisSubnet: "10.40.17.0/24" });
    expect(p.environment.names).toEqual({});
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ["env name with hyphen", { environment: { name: "prod-eu" } }, "environment.name", "2–8 lowercase letters or digits"],
    ["env name too long", { environment: { name: "production1" } }, "environment.name", "2–8 lowercase letters or digits"],
    ["subscription not a GUID", { environment: { subscriptionId: "my-sub" } }, "environment.subscriptionId", "must be a GUID"],
    ["region with spaces", { environment: { region: "West Europe" } }, "environment.region", "Azure location name"],
    ["illegal storage name override", { environment: { names: { storageAccount: "stg-openhands-blob" } } }, "environment.names.storageAccount", "3–24 characters: lowercase letters and digits only"],
    ["bad CIDR", { environment: { addressSpace: { vnet: "10.40.0.0" } } }, "environment.addressSpace.vnet", "IPv4 CIDR"],
    ["http Keycloak", { identity: { keycloakUrl: "http://auth.example.com" } }, "identity.keycloakUrl", "https://"],
    ["tenant not a GUID", { identity: { entraTenantId: "contoso.onmicrosoft.com" } }, "identity.entraTenantId", "GUID"],
    ["version not semver", { openhands: { version: "latest" } }, "openhands.version", "semver"],
    ["host with scheme", { openhands: { host: "https://openhands.example.com" } }, "openhands.host", "public host name"],
    ["empty model", { openhands: { llm: { model: "" } } }, "openhands.llm.model", "LLM model is required"],
  ];
  it.each(bad)("%s → a specific error on the field", (_n, o, path, text) => {
    const raw = rawSetupInput();
    for (const [section, v] of Object.entries(o)) Object.assign(raw[section] as object, v);
    const found = issues(raw);
    expect(found.map(([p]) => p)).toContain(path);
    expect(found.find(([p]) => p === path)?.[1]).toContain(text);
  });

  it("carries no secret fields: unknown keys such as a password are stripped", () => {
    const raw = rawSetupInput({ identity: { keycloakClientSecret: "s3cret" } });
    const p = setupInputSchema.parse(raw);
    expect(JSON.stringify(p)).not.toContain("s3cret");
  });
});

describe("setupSecretsSchema", () => {
  it("requires every secret and names the missing one", () => {
    const r = setupSecretsSchema.safeParse({ keycloakClientSecret: "a", keycloakAdminPassword: "b", entraClientSecret: "" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["entraClientSecret", "llmApiKey"]);
    expect(r.error?.issues[0]?.message).toBe("Entra client secret is required");
  });
});

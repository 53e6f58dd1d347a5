import { describe, expect, it } from "vitest";
import { REDACTED, findSecrets, isSecretKey, keyWords, redactSecrets, redactString } from "./redact";

describe("isSecretKey", () => {
  it.each([
    "password", "adminPassword", "administratorLoginPassword", "DB_PASSWORD", "pwd",
    "secret", "clientSecret", "client_secret", "AZURE_CLIENT_SECRET",
    "token", "accessToken", "refresh_token", "SASToken", "sasUrl",
    "apikey", "apiKey", "api_key", "API-KEY", "LLM_API_KEY",
    "key", "key1", "key2", "primaryKey", "accountKey", "storage_key", "privateKey", "keys",
    "connectionString", "connection_string", "ConnectionStrings", "redisConnectionString",
    "credential", "credentials", "authorization", "Authorization", "cookie",
  ])("%s is secret", (key) => expect(isSecretKey(key)).toBe(true));

  it.each([
    "name", "region", "subscriptionId", "nodeCount", "keyVaultName", "keyId", "keyName", "keyType",
    "monkey", "keyboard", "turkey", "tokenizerModel", "author", "secretary",
    "passport", "resourceGroup", "version",
  ])("%s is not secret", (key) => expect(isSecretKey(key)).toBe(false));

  it("splits keys into words the way people write them", () => {
    expect(keyWords("SASToken")).toEqual(["sas", "token"]);
    expect(keyWords("key1")).toEqual(["key", "1"]);
    expect(keyWords("db.adminPassword")).toEqual(["db", "admin", "password"]);
  });
});

describe("redactString", () => {
  const jwt =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJvaWQiOiIxMjM0NTY3OCIsInRpZCI6ImFiYyJ9.c2lnbmF0dXJlLXBhcnQtaGVyZQ";

  it("redacts a bare JWT and a JWT inside text", () => {
    expect(redactString(jwt)).toBe(REDACTED);
    expect(redactString(`token ${jwt} was refused`)).toBe(`token ${REDACTED} was refused`);
  });

  it("redacts Bearer and Basic credentials but keeps the scheme", () => {
    expect(redactString("Authorization: Bearer abc.def-ghi_jkl")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactString("basic dXNlcjpwYXNzd29yZA==")).toBe(`basic ${REDACTED}`);
  });

  it("redacts passwords in URL-style connection strings, keeping user and host", () => {
    expect(redactString("postgres://ohadmin:S3cr3t!x@db-openhands-prod.postgres.database.azure.com:5432/openhands")).toBe(
      `postgres://ohadmin:${REDACTED}@db-openhands-prod.postgres.database.azure.com:5432/openhands`,
    );
    expect(redactString("redis://:p4ss@cache:6379/0")).toBe(`redis://:${REDACTED}@cache:6379/0`);
  });

  it("redacts key=value secrets in ADO/Azure connection strings and SAS URLs", () => {
    expect(redactString("Server=db;User Id=admin;Password=hunter2;Database=x")).toBe(`Server=db;User Id=admin;Password=${REDACTED};Database=x`);
    expect(redactString("DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=abc+/==;EndpointSuffix=core.windows.net")).toBe(
      `DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=${REDACTED};EndpointSuffix=core.windows.net`,
    );
    expect(redactString("https://st1.blob.core.windows.net/backups/x.sql?sv=2024-01-01&sp=r&sig=AbC%2Bdef")).toBe(
      `https://st1.blob.core.windows.net/backups/x.sql?sv=2024-01-01&sp=r&sig=${REDACTED}`,
    );
  });

  it("leaves ordinary text alone", () => {
    for (const s of ["environment/prod", "https://contoso.com/path", "aks-openhands-prod", "Bearer", "eyJ", "user@example.com"]) {
      expect(redactString(s)).toBe(s);
    }
  });
});

describe("redactSecrets", () => {
  it("redacts deep values under secret keys, keeping change-set structure", () => {
    const input = {
      settings: { nodeCount: { old: 3, new: 5 }, adminPassword: { old: "a", new: "b" } },
      list: [{ name: "x", clientSecret: "s" }],
      redis: { key1: "k", hostName: "cache" },
    };
    expect(redactSecrets(input)).toEqual({
      settings: { nodeCount: { old: 3, new: 5 }, adminPassword: { old: REDACTED, new: REDACTED } },
      list: [{ name: "x", clientSecret: REDACTED }],
      redis: { key1: REDACTED, hostName: "cache" },
    });
  });

  it("keeps null/undefined under secret keys (shows 'was unset') and redacts numbers", () => {
    expect(redactSecrets({ password: { old: null, new: 1234 } })).toEqual({ password: { old: null, new: REDACTED } });
  });

  it("redacts secret-looking strings under harmless keys", () => {
    expect(redactSecrets({ detail: "DB_URL=postgres://u:pw@h/db" })).toEqual({ detail: `DB_URL=postgres://u:${REDACTED}@h/db` });
  });

  it("does not modify its input", () => {
    const input = { token: "t", nested: { password: "p" } };
    redactSecrets(input);
    expect(input).toEqual({ token: "t", nested: { password: "p" } });
  });

  it("survives cycles and keeps shared references", () => {
    const shared = { region: "westeurope" };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ a: shared, b: shared, self: "[circular]" });
  });

  it("passes primitives and Dates through", () => {
    const d = new Date(0);
    expect(redactSecrets(42)).toBe(42);
    expect(redactSecrets(d)).toBe(d);
    expect(redactSecrets(null)).toBeNull();
  });
});

describe("findSecrets", () => {
  it("names the path of every secret", () => {
    expect(findSecrets({ sku: "B1", db: { adminPassword: "x" }, hosts: ["ok", "postgres://a:b@h/d"] })).toEqual([
      "db.adminPassword",
      "hosts[1]",
    ]);
    expect(findSecrets({ sku: "B1", keyVaultName: "kv" })).toEqual([]);
  });
});

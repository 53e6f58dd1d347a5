import { describe, expect, it } from "vitest";
import { REDACTED, isSecretKey, redactSecrets, redactText } from "./redact";

describe("redactSecrets", () => {
  it("replaces values under secret-looking keys, at any depth", () => {
    const out = redactSecrets({
      name: "prod",
      adminPassword: "hunter2",
      db: { client_secret: "s3cr3t", host: "db.example", storageAccountKey: "abc==" },
      list: [{ apiKey: "k" }],
    });
    expect(out).toEqual({
      name: "prod",
      adminPassword: REDACTED,
      db: { client_secret: REDACTED, host: "db.example", storageAccountKey: REDACTED },
      list: [{ apiKey: REDACTED }],
    });
  });

  it("keeps the shape of a change-set entry so the UI can still say a secret changed", () => {
    expect(redactSecrets({ password: { old: "a", new: "b" } })).toEqual({ password: { old: REDACTED, new: REDACTED } });
  });

  it("redacts tokens and connection-string passwords inside free text", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxMjMifQ.c2lnbmF0dXJlc2lnbmF0dXJl";
    expect(redactText(`failed with ${jwt}`)).toBe(`failed with ${REDACTED}`);
    expect(redactText("Authorization: Bearer abc.def-ghi")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactText("postgres://admin:pa55@db:5432/x")).toBe(`postgres://admin:${REDACTED}@db:5432/x`);
    expect(redactText("Server=x;Password=pa55;User=y")).toBe(`Server=x;Password=${REDACTED};User=y`);
  });

  it("leaves ordinary keys alone (no false positives on look-alike names)", () => {
    expect(isSecretKey("keyVaultName")).toBe(false);
    expect(isSecretKey("tokenExpiry")).toBe(false);
    expect(isSecretKey("nodeCount")).toBe(false);
    expect(isSecretKey("accessToken")).toBe(true);
    expect(isSecretKey("DB_PASSWORD")).toBe(true);
  });

  it("survives cycles without looping", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redactSecrets(a)).toEqual({ name: "a", self: "[circular]" });
  });
});

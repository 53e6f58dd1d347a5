import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBoxError, openSecret, sealSecret, secretsKeyFrom } from "./secret-box";

const key = randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips a secret and never stores its plaintext", () => {
    const sealed = sealSecret(key, "sk-live-very-secret", "setup-draft/d1/llmApiKey");
    expect(sealed).not.toContain("sk-live");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(openSecret(key, sealed, "setup-draft/d1/llmApiKey")).toBe("sk-live-very-secret");
  });

  it("uses a fresh IV each time, so equal secrets do not look equal", () => {
    expect(sealSecret(key, "same", "a")).not.toBe(sealSecret(key, "same", "a"));
  });

  it("refuses a value moved to another draft or field (AAD), a wrong key, or tampering", () => {
    const sealed = sealSecret(key, "hunter2", "setup-draft/d1/keycloakClientSecret");
    expect(() => openSecret(key, sealed, "setup-draft/d2/keycloakClientSecret")).toThrow(SecretBoxError);
    expect(() => openSecret(randomBytes(32), sealed, "setup-draft/d1/keycloakClientSecret")).toThrow(/re-enter/);
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3] ?? "", "base64url");
    ct[0] = (ct[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], ct.toString("base64url")].join(".");
    expect(() => openSecret(key, tampered, "setup-draft/d1/keycloakClientSecret")).toThrow(SecretBoxError);
    expect(() => openSecret(key, "v2.x.y.z", "a")).toThrow(/unknown format/);
  });

  it("refuses a truncated authentication tag (the true tag's first bytes would otherwise verify)", () => {
    const sealed = sealSecret(key, "hunter2", "setup-draft/d1/llmApiKey");
    const [prefix, iv, tag, ct] = sealed.split(".");
    for (const bytes of [4, 8, 12, 15]) {
      const short = Buffer.from(tag ?? "", "base64url").subarray(0, bytes).toString("base64url");
      expect(() => openSecret(key, [prefix, iv, short, ct].join("."), "setup-draft/d1/llmApiKey"), `${bytes}-byte tag`).toThrow(SecretBoxError);
    }
  });

  it("accepts only a 32-byte base64 key", () => {
    expect(secretsKeyFrom(Buffer.alloc(32, 1).toString("base64")).length).toBe(32);
    expect(() => secretsKeyFrom(Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
  });
});

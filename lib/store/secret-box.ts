/**
 * Sealing of the wizard's write-only secrets (client secrets, the LLM API key) under the
 * console's SECRETS_KEY: AES-256-GCM with a random 96-bit IV per value, and additional
 * authenticated data naming the draft and field, so a sealed value copied to another draft or
 * field fails to open instead of leaking into the wrong place. The key never leaves the server.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const PREFIX = "v1";

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

/** Parses SECRETS_KEY (base64 of exactly 32 bytes). */
export function secretsKeyFrom(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new SecretBoxError(`SECRETS_KEY must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

export function sealSecret(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [PREFIX, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function openSecret(key: Buffer, sealed: string, aad: string): string {
  const [prefix, iv, tag, ct, ...rest] = sealed.split(".");
  if (prefix !== PREFIX || !iv || !tag || ct === undefined || rest.length > 0) throw new SecretBoxError("sealed secret has an unknown format");
  try {
    // authTagLength: without it Node accepts a tag cut to 4 bytes, a 2^32 forgery instead of 2^128.
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Wrong key (SECRETS_KEY rotated), tampering, or a value moved between drafts/fields.
    throw new SecretBoxError("a stored secret cannot be opened with the current SECRETS_KEY; re-enter it in the wizard");
  }
}

/**
 * The local Entra's persistent key material: one RS256 signing key and the cookie keys, created
 * on first start under <dataDir>/entra/. Keeping them fixed means issued tokens, the console's
 * JWKS cache and browser sessions survive a restart of the stack.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { z } from "zod";

const privateJwkSchema = z
  .object({ kty: z.literal("RSA"), kid: z.string().min(1), alg: z.literal("RS256"), use: z.literal("sig"), n: z.string(), e: z.string(), d: z.string() })
  .passthrough();
export type SigningJwk = z.infer<typeof privateJwkSchema>;

const cookieKeysSchema = z.array(z.string().min(32)).min(1);

export interface EntraKeys {
  /** Private RSA JWK (with kid, alg RS256, use sig), for oidc-provider's `jwks`. */
  signingJwk: SigningJwk;
  cookieKeys: string[];
}

export function entraDir(dataDir: string): string {
  return path.resolve(dataDir, "entra");
}

function writeSecretFile(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
}

function newSigningJwk(): SigningJwk {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  // Entra's kids are opaque strings; a hash of the modulus keeps ours stable and unique per key.
  const kid = createHash("sha256").update(String(jwk.n)).digest("base64url").slice(0, 27);
  return privateJwkSchema.parse({ ...jwk, kid, alg: "RS256", use: "sig" });
}

export function loadOrCreateEntraKeys(dataDir: string): EntraKeys {
  const dir = entraDir(dataDir);
  const keyFile = path.join(dir, "signing-key.json");
  const cookieFile = path.join(dir, "cookie-keys.json");
  let signingJwk: SigningJwk;
  if (existsSync(keyFile)) {
    signingJwk = privateJwkSchema.parse(JSON.parse(readFileSync(keyFile, "utf8")));
  } else {
    signingJwk = newSigningJwk();
    writeSecretFile(keyFile, signingJwk);
  }
  let cookieKeys: string[];
  if (existsSync(cookieFile)) {
    cookieKeys = cookieKeysSchema.parse(JSON.parse(readFileSync(cookieFile, "utf8")));
  } else {
    cookieKeys = [randomBytes(32).toString("base64url")];
    writeSecretFile(cookieFile, cookieKeys);
  }
  return { signingJwk, cookieKeys };
}

/** The signing key as KeyObjects, for signing test tokens outside oidc-provider. */
export function signingKeyObjects(jwk: SigningJwk): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

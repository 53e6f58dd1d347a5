import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { entraDir, loadOrCreateEntraKeys, signingKeyObjects } from "./keys";

const dirs: string[] = [];
const tempDataDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "entra-keys-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("local Entra keys", () => {
  it("creates an RS256 signing key and cookie keys once, owner-readable only, and reloads them", () => {
    const dataDir = tempDataDir();
    const first = loadOrCreateEntraKeys(dataDir);
    expect(first.signingJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(first.cookieKeys[0]!.length).toBeGreaterThanOrEqual(32);
    for (const f of ["signing-key.json", "cookie-keys.json"]) expect(statSync(path.join(entraDir(dataDir), f)).mode & 0o077).toBe(0);
    expect(loadOrCreateEntraKeys(dataDir)).toEqual(first);
    expect(loadOrCreateEntraKeys(tempDataDir()).signingJwk.kid).not.toBe(first.signingJwk.kid);
  });

  it("exposes the key pair for signing outside oidc-provider", () => {
    const { privateKey, publicKey } = signingKeyObjects(loadOrCreateEntraKeys(tempDataDir()).signingJwk);
    expect(privateKey.type).toBe("private");
    expect(publicKey.asymmetricKeyType).toBe("rsa");
  });
});

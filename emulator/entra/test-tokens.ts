/**
 * Tokens for tests of token verification: signed with the local Entra's persisted key (so they
 * verify against its JWKS) or with a foreign key that claims the same kid (a forgery), with any
 * claims and expiry. Never used by the running stack.
 *
 *   const token = await signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, issuer, "admin"), aud: "api://other" });
 *   const expired = await signTestToken(dataDir, claims, { expiresInSeconds: -60 });
 *   const forged = await signTestToken(dataDir, claims, { foreignKey: true });
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, type JWTPayload } from "jose";
import { loadOrCreateStackIdentity } from "../stack-identity";
import { buildDirectory, userClaims, type DirectoryUser } from "./directory";
import { loadOrCreateEntraKeys, signingKeyObjects } from "./keys";

export interface TestTokenOptions {
  /** Lifetime from now; negative for an already expired token. Default 3600. */
  expiresInSeconds?: number;
  /** Sign with a freshly generated RSA key instead of the local Entra's (signature check must fail). */
  foreignKey?: boolean;
  /** Header kid; default the persisted key's kid (also for foreign keys, as a forger would). */
  kid?: string;
  /** Header typ; default "JWT" as Entra sends. */
  typ?: string;
}

export async function signTestToken(dataDir: string, claims: JWTPayload, opts: TestTokenOptions = {}): Promise<string> {
  const { signingJwk } = loadOrCreateEntraKeys(dataDir);
  const key = opts.foreignKey ? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey : signingKeyObjects(signingJwk).privateKey;
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (opts.expiresInSeconds ?? 3600);
  // Keep iat/nbf before exp so an "expired" token is only expired, not also not-yet-valid.
  const iat = Math.min(now, exp - 60);
  return new SignJWT({ iat, nbf: iat, exp, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: "RS256", typ: opts.typ ?? "JWT", kid: opts.kid ?? signingJwk.kid })
    .sign(key);
}

/** The claims of an access token the local Entra issues to the console SPA for a demo user. */
export function userAccessTokenClaims(dataDir: string, issuer: string, userKey: DirectoryUser["key"]): JWTPayload {
  const identity = loadOrCreateStackIdentity(dataDir);
  const user = buildDirectory(identity).userByKey(userKey);
  if (!user) throw new Error(`no demo user "${userKey}" in ${dataDir}`);
  return {
    iss: issuer,
    aud: identity.apiAudience,
    sub: user.oid,
    scp: "Console.Access",
    azp: identity.spaClientId,
    client_id: identity.spaClientId,
    azpacr: "0",
    ...userClaims(identity.tenantId, user),
  };
}

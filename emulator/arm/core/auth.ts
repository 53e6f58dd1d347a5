/**
 * Bearer-token checks as ARM does them: signature (JWKS of the local Entra, found through its
 * OpenID discovery document, fetched lazily and retried because the Entra may start later),
 * issuer, audience https://management.azure.com, expiry, tenant. Failures carry ARM's 401
 * error codes and a WWW-Authenticate challenge.
 */
import https from "node:https";
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { ArmError } from "./errors";

/** Audiences ARM accepts for management-plane tokens. */
export const ARM_AUDIENCES = [
  "https://management.azure.com",
  "https://management.azure.com/",
  "https://management.core.windows.net",
  "https://management.core.windows.net/",
];

export interface TokenTrust {
  /** Expected `iss`, e.g. https://localhost:9443/<tenant>/v2.0 */
  issuer: string;
  tenantId: string;
  /** PEM of the CA that signed the Entra's certificate (the local CA). */
  caPem?: string;
}

export interface VerifiedToken {
  oid: string;
  tid: string;
  appid?: string;
}

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.string().url() });
const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

function getJson(url: string, caPem: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...(caPem ? { ca: caPem } : {}), timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        if ((res.statusCode ?? 500) >= 300) return reject(new Error(`${url} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`${url} timed out`)));
    req.on("error", reject);
  });
}

function challenge(trust: TokenTrust, error?: string): Record<string, string> {
  const authority = trust.issuer.replace(/\/v2\.0\/?$/, "");
  const base = `Bearer authorization_uri="${authority}", error="invalid_token"`;
  return { "WWW-Authenticate": error ? `${base}, error_description="${error}"` : base };
}

export class TokenVerifier {
  private keys: JWTVerifyGetKey | undefined;
  private lastFetch = 0;
  /** Verified tokens until they expire: SDK clients reuse one token for an hour. Bounded. */
  private readonly verified = new Map<string, { token: VerifiedToken; expMs: number }>();

  constructor(private readonly trust: TokenTrust) {}

  private async loadKeys(force: boolean): Promise<JWTVerifyGetKey> {
    // Refetch at most every 5 s: covers key rotation and an Entra that started after us.
    if (this.keys && (!force || Date.now() - this.lastFetch < 5000)) return this.keys;
    const discoveryUrl = `${this.trust.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const discovery = discoverySchema.parse(await getJson(discoveryUrl, this.trust.caPem));
        const jwks = jwksSchema.parse(await getJson(discovery.jwks_uri, this.trust.caPem));
        this.keys = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
        this.lastFetch = Date.now();
        return this.keys;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
    if (this.keys) return this.keys;
    const why = lastError instanceof Error ? lastError.message : String(lastError);
    throw new ArmError(401, "InvalidAuthenticationToken", `The access token could not be validated: the token issuer is not reachable (${why}).`, {
      headers: challenge(this.trust),
    });
  }

  async verify(authorization: string | undefined): Promise<VerifiedToken> {
    if (!authorization) {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {
        headers: challenge(this.trust),
      });
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m?.[1]) {
      throw new ArmError(401, "AuthenticationFailedInvalidHeader", "Authentication failed. The 'Authorization' header is provided in an invalid format.", {
        headers: challenge(this.trust),
      });
    }
    const token = m[1];
    const cached = this.verified.get(token);
    if (cached && cached.expMs > Date.now()) return cached.token;
    if (cached) this.verified.delete(token);
    const result = await this.verifyClaims(token);
    if (this.verified.size >= 1000) this.verified.clear();
    this.verified.set(token, result);
    return result.token;
  }

  private async verifyClaims(token: string): Promise<{ token: VerifiedToken; expMs: number }> {
    const payload = await this.verifySignature(token);
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""];
    if (!aud.some((a) => ARM_AUDIENCES.includes(a))) {
      throw new ArmError(
        401,
        "InvalidAuthenticationTokenAudience",
        `The access token has been obtained for wrong audience or resource '${aud.join(",")}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
        { headers: challenge(this.trust, "The access token has been obtained for wrong audience") },
      );
    }
    if (payload.iss !== this.trust.issuer || payload.tid !== this.trust.tenantId) {
      throw new ArmError(401, "InvalidAuthenticationTokenTenant", `The access token is from the wrong issuer '${String(payload.iss)}'. It must match the tenant '${this.trust.issuer}' associated with this subscription.`, {
        headers: challenge(this.trust, "The access token is from the wrong issuer"),
      });
    }
    const oid = typeof payload.oid === "string" ? payload.oid : undefined;
    if (!oid) throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid: it has no 'oid' claim.", { headers: challenge(this.trust) });
    const appid = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : undefined;
    const expMs = typeof payload.exp === "number" ? payload.exp * 1000 : Date.now();
    return { token: { oid, tid: String(payload.tid), ...(appid ? { appid } : {}) }, expMs };
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    const attempt = async (force: boolean) => (await jwtVerify(token, await this.loadKeys(force), { clockTolerance: 5 })).payload;
    try {
      return await attempt(false);
    } catch (err) {
      if (err instanceof joseErrors.JWKSNoMatchingKey) {
        try {
          return await attempt(true);
        } catch (retryErr) {
          throw this.toArmError(retryErr);
        }
      }
      throw this.toArmError(err);
    }
  }

  private toArmError(err: unknown): ArmError {
    if (err instanceof ArmError) return err;
    if (err instanceof joseErrors.JWTExpired) {
      const exp = typeof err.payload.exp === "number" ? new Date(err.payload.exp * 1000).toISOString() : "unknown";
      return new ArmError(401, "ExpiredAuthenticationToken", `The access token expiry UTC time '${exp}' is earlier than current UTC time '${new Date().toISOString()}'.`, {
        headers: challenge(this.trust, "The access token has expired"),
      });
    }
    return new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", { headers: challenge(this.trust, "The access token is invalid") });
  }
}

/**
 * Test-only token issuer: serves an OpenID discovery document and JWKS over HTTPS at the same
 * paths as the local Entra (/<tenant>/v2.0/...) and signs ARM access tokens with its own key.
 * Lets ARM tests run without the Entra process; the verification path in the ARM is the same.
 */
import https from "node:https";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { ensureLocalCa, localhostCert } from "../../tls/local-ca";
import type { TokenCredential } from "@azure/core-auth";

export interface TestIssuer {
  issuer: string;
  sign(claims: { oid: string; aud?: string; tid?: string; expiresInSeconds?: number; iss?: string }): Promise<string>;
  credential(oid: string): TokenCredential;
  close(): Promise<void>;
}

export async function startTestIssuer(opts: { port: number; tenantId: string; dataDir: string }): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const issuer = `https://localhost:${opts.port}/${opts.tenantId}/v2.0`;
  const cert = localhostCert(ensureLocalCa(opts.dataDir));
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    const url = req.url ?? "";
    res.setHeader("Content-Type", "application/json");
    if (url.endsWith("/.well-known/openid-configuration")) {
      res.end(JSON.stringify({ issuer, jwks_uri: `https://localhost:${opts.port}/${opts.tenantId}/discovery/v2.0/keys` }));
    } else if (url.endsWith("/discovery/v2.0/keys")) {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((r) => server.listen(opts.port, "127.0.0.1", r));

  const sign: TestIssuer["sign"] = async (claims) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ oid: claims.oid, tid: claims.tid ?? opts.tenantId, appid: claims.oid })
      .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? "https://management.azure.com")
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresInSeconds ?? 3600))
      .sign(privateKey);
  };
  return {
    issuer,
    sign,
    credential: (oid) => ({
      getToken: async () => ({ token: await sign({ oid }), expiresOnTimestamp: Date.now() + 3_000_000 }),
    }),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

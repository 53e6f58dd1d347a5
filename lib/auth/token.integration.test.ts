/**
 * Token verification against the real local Entra (HTTPS, its discovery and JWKS) with tokens
 * signed by its key, by a foreign key, expired, for another audience and for another tenant.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEntra, type RunningEntra } from "@/emulator/entra/server";
import { signTestToken, userAccessTokenClaims } from "@/emulator/entra/test-tokens";
import { loadOrCreateStackIdentity } from "@/emulator/stack-identity";
import { AuthError } from "./errors";
import { createTokenVerifier, type TokenVerifier } from "./token";

const PORT = 39443;
let dataDir: string;
let entra: RunningEntra;
let verify: TokenVerifier;
let tenantId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "auth-token-"));
  entra = await startEntra({ dataDir, port: PORT, consoleUrl: "http://localhost:3000" });
  const identity = loadOrCreateStackIdentity(dataDir);
  tenantId = identity.tenantId;
  verify = createTokenVerifier({ authority: entra.authority, audience: identity.apiAudience, tenantId, scope: `${identity.apiAudience}/Console.Access` });
});

afterAll(async () => {
  await entra?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function refusal(token: string): Promise<AuthError> {
  const err = await verify(token).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

describe("verifyAccessToken against the local Entra", () => {
  it("accepts a valid admin token and maps it to a principal", async () => {
    const principal = await verify(await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, "admin")));
    expect(principal).toMatchObject({ name: "Ada Admin", username: "admin@contoso.test", roles: ["Console.Admin"], tid: tenantId });
    expect(principal.oid).toBe(loadOrCreateStackIdentity(dataDir).users.admin);
    expect(principal.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });

  it("gives a user without app roles an empty role list (the page then says access denied)", async () => {
    const principal = await verify(await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, "norole")));
    expect(principal.roles).toEqual([]);
  });

  it("refuses a forged token (foreign key, same kid)", async () => {
    const err = await refusal(await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, "admin"), { foreignKey: true }));
    expect(err.code).toBe("invalid_token");
    expect(err.message).toMatch(/signature could not be verified/);
    expect(err.actor).toBeUndefined(); // nothing in a forged token is trusted
  });

  it("refuses an expired token as session_expired", async () => {
    const err = await refusal(await signTestToken(dataDir, userAccessTokenClaims(dataDir, entra.issuer, "admin"), { expiresInSeconds: -300 }));
    expect(err.code).toBe("session_expired");
    expect(err.message).toMatch(/session has expired/);
  });

  it("refuses a token for another audience", async () => {
    const err = await refusal(await signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, "admin"), aud: "https://management.azure.com" }));
    expect(err.code).toBe("invalid_token");
    expect(err.message).toMatch(/different application \(audience\)/);
  });

  it("refuses a token of another tenant", async () => {
    const err = await refusal(await signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, "admin"), tid: "11111111-2222-3333-4444-555555555555" }));
    expect(err.code).toBe("wrong_tenant");
    expect(err.message).toMatch(/different Entra ID tenant/);
  });

  it("refuses a token from another issuer and an app-only token without the delegated scope", async () => {
    expect((await refusal(await signTestToken(dataDir, { ...userAccessTokenClaims(dataDir, entra.issuer, "admin"), iss: "https://evil.example/v2.0" }))).message).toMatch(/different authority/);
    const { scp: _scp, ...appOnly } = userAccessTokenClaims(dataDir, entra.issuer, "admin");
    expect((await refusal(await signTestToken(dataDir, appOnly))).message).toMatch(/scope Console.Access missing/);
  });

  it("refuses garbage without calling it a signature problem of a real token", async () => {
    expect((await refusal("not-a-jwt")).code).toBe("invalid_token");
    expect((await refusal("a.b.c")).code).toBe("invalid_token");
  });
});

/**
 * Server-side verification of the console API access token the browser got from Entra ID (or
 * the local Entra): signature by the authority's JWKS, issuer, audience, expiry, tenant and the
 * delegated scope. Server-only: never import from a client component.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { z } from "zod";
import { config } from "@/lib/config";
import { AuthError } from "./errors";
import { consoleRoles, type ConsoleRole } from "./permissions";

export interface Principal {
  /** Entra object id of the user: the actor id in the audit log. */
  oid: string;
  tid: string;
  name: string;
  username: string;
  roles: ConsoleRole[];
  expiresAt: Date;
}

export interface TokenVerifierSettings {
  /** e.g. https://login.microsoftonline.com/<tid>/v2.0; its OpenID configuration gives issuer and JWKS. */
  authority: string;
  /** Overrides the discovered issuer (Entra v1 tokens: https://sts.windows.net/<tid>/). */
  issuer?: string;
  audience: string;
  tenantId: string;
  /** Full scope the SPA asks for; its last segment must be in `scp` (refuses app-only tokens). */
  scope: string;
}

const discoverySchema = z.object({ issuer: z.string().min(1), jwks_uri: z.string().url() });
type Discovery = z.infer<typeof discoverySchema>;

/** Tokens larger than this are not Entra access tokens; refuse before parsing. */
const MAX_TOKEN_LENGTH = 16_384;
/** Seconds of clock skew accepted between the authority and this server. */
const CLOCK_TOLERANCE_S = 30;

const claimsSchema = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  upn: z.string().optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
  exp: z.number(),
});

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier(settings: TokenVerifierSettings): TokenVerifier {
  let discovery: Promise<{ meta: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const requiredScope = settings.scope.split("/").pop() ?? settings.scope;

  function discover() {
    discovery ??= fetchDiscovery(settings.authority).then(
      (meta) => ({ meta, jwks: createRemoteJWKSet(new URL(meta.jwks_uri), { cacheMaxAge: 10 * 60_000 }) }),
      (err: unknown) => {
        discovery = undefined; // retry on the next request rather than caching an outage
        throw err;
      },
    );
    return discovery;
  }

  return async function verify(token: string): Promise<Principal> {
    if (!token || token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) {
      throw new AuthError("invalid_token", "The sign-in token is malformed. Sign in again to continue.");
    }
    const { meta, jwks } = await discover();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer ?? meta.issuer,
        audience: settings.audience,
        algorithms: ["RS256"],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ["exp", "iat"],
      }));
    } catch (err) {
      throw toAuthError(err, settings.tenantId);
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) {
      throw new AuthError("invalid_token", "The sign-in token lacks the user claims the console needs (oid, tid). Sign in again.");
    }
    const claims = parsed.data;
    const actor = actorOf(claims);
    if (claims.tid !== settings.tenantId) throw new AuthError("wrong_tenant", undefined, actor);
    if (!claims.scp?.split(" ").includes(requiredScope)) {
      throw new AuthError("invalid_token", `The token was not issued to the console for a signed-in user (scope ${requiredScope} missing).`, actor);
    }
    return {
      oid: claims.oid,
      tid: claims.tid,
      name: claims.name ?? claims.preferred_username ?? claims.oid,
      username: claims.preferred_username ?? claims.upn ?? "",
      roles: consoleRoles(claims.roles ?? []),
      expiresAt: new Date(claims.exp * 1000),
    };
  };
}

async function fetchDiscovery(authority: string): Promise<Discovery> {
  const url = `${authority.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`OpenID configuration ${url} answered HTTP ${res.status}`);
  const parsed = discoverySchema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`OpenID configuration ${url} lacks issuer or jwks_uri`);
  return parsed.data;
}

/** The token's claims, read only after jose verified the signature (claim errors carry them). */
function actorOf(claims: Record<string, unknown>) {
  if (typeof claims.oid !== "string") return undefined;
  const name = typeof claims.name === "string" ? claims.name : typeof claims.preferred_username === "string" ? claims.preferred_username : claims.oid;
  return { id: claims.oid, name };
}

function toAuthError(err: unknown, tenantId: string): AuthError {
  if (err instanceof joseErrors.JWTExpired) {
    const actor = actorOf(err.payload);
    if (err.payload.tid !== tenantId) return new AuthError("wrong_tenant", undefined, actor);
    return new AuthError("session_expired", undefined, actor);
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    // The signature was valid, so the claims are the authority's word: name the real problem.
    const actor = actorOf(err.payload);
    if (err.payload.tid !== undefined && err.payload.tid !== tenantId) return new AuthError("wrong_tenant", undefined, actor);
    const why: Record<string, string> = {
      aud: "The token was issued for a different application (audience), not this console.",
      iss: "The token was issued by a different authority than this console trusts.",
      nbf: "The token is not valid yet (check the server clock).",
      iat: "The token has no issue time.",
      exp: "The token has no expiry.",
    };
    return new AuthError("invalid_token", `${why[err.claim] ?? `The token's "${err.claim}" claim is not acceptable.`} Sign in again.`, actor);
  }
  if (err instanceof joseErrors.JOSEError) {
    // Bad signature, unknown key, wrong algorithm, not a JWT: nothing in it can be trusted.
    return new AuthError("invalid_token", "The sign-in token's signature could not be verified. Sign in again.");
  }
  throw err;
}

let defaultVerifier: TokenVerifier | undefined;

/** Verifies with the console's configuration (AUTH_*). */
export function verifyAccessToken(token: string): Promise<Principal> {
  if (!defaultVerifier) {
    const cfg = config();
    defaultVerifier = createTokenVerifier({
      authority: cfg.AUTH_AUTHORITY,
      issuer: cfg.AUTH_ISSUER,
      audience: cfg.AUTH_API_AUDIENCE,
      tenantId: cfg.AUTH_TENANT_ID,
      scope: cfg.AUTH_API_SCOPE,
    });
  }
  return defaultVerifier(token);
}

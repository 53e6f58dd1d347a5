/**
 * oidc-provider configured to behave like one Entra ID tenant (v2 endpoints): the console's SPA
 * (public, PKCE), two confidential apps (client credentials), demo users, auto-consent, and
 * access tokens shaped like Entra's (JWT, `scp`/`roles`/`tid`/`oid`, `idtyp: "app"`).
 */
import Provider, { errors, type Claims, type Configuration, type Grant, type KoaContext } from "oidc-provider";
import type { Directory } from "./directory";
import { userClaims } from "./directory";
import type { SigningJwk } from "./keys";
import { errorPage, pageCsp, scriptHash, signedOutPage, signingOutPage, AUTO_SUBMIT_SCRIPT } from "./pages";
import { canonicalResource, OIDC_SCOPES, resourceApis, resourcesOfScopeString, shortScopeName } from "./resources";

/** Paths under /<tenant>, as on login.microsoftonline.com. */
export const ENTRA_ROUTES = {
  authorization: "/oauth2/v2.0/authorize",
  token: "/oauth2/v2.0/token",
  jwks: "/discovery/v2.0/keys",
  end_session: "/oauth2/v2.0/logout",
  userinfo: "/openid/userinfo",
} as const;

const HOUR = 3600;

export interface EntraProviderOptions {
  issuer: string;
  directory: Directory;
  consoleUrl: string;
  /**
   * More URLs of the same console registration (an app registration lists one SPA redirect URI per
   * console address, e.g. a second ingress host). Each gets the redirect, sign-out and CORS entries.
   */
  extraConsoleUrls?: readonly string[];
  signingJwk: SigningJwk;
  cookieKeys: string[];
  /** Path of the sign-in page for one interaction. */
  interactionPath(uid: string): string;
}

/** Redirect URIs MSAL may send for the console, with and without a trailing slash. */
export function spaRedirectUris(consoleUrl: string): string[] {
  const base = consoleUrl.replace(/\/+$/, "");
  return [`${base}/`, base, `${base}/auth/redirect`, `${base}/auth/redirect/`];
}

/** Where the console may ask to land after sign-out. */
export function spaPostLogoutRedirectUris(consoleUrl: string): string[] {
  const base = consoleUrl.replace(/\/+$/, "");
  return [`${base}/`, base, `${base}/signed-out`];
}

export function createEntraProvider(opts: EntraProviderOptions): Provider {
  const { directory } = opts;
  const apis = resourceApis(directory.apiAudience);
  const consoleUrls = [opts.consoleUrl, ...(opts.extraConsoleUrls ?? [])];
  const consoleOrigins = new Set(consoleUrls.map((u) => new URL(u).origin));

  const apiFor = (indicator: string) => apis.find((a) => a.audience === canonicalResource(indicator));

  const configuration: Configuration = {
    clients: [
      {
        client_id: directory.spaClientId,
        client_name: "OpenHands Azure Console",
        token_endpoint_auth_method: "none",
        application_type: "web",
        redirect_uris: consoleUrls.flatMap(spaRedirectUris),
        post_logout_redirect_uris: consoleUrls.flatMap(spaPostLogoutRedirectUris),
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
      ...directory.apps.map((app) => ({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        client_name: app.name,
        // client_secret_basic requests are rewritten to this form in front of the provider.
        token_endpoint_auth_method: "client_secret_post" as const,
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: { keys: [opts.signingJwk] },
    cookies: { keys: opts.cookieKeys },
    scopes: [...OIDC_SCOPES],
    claims: { openid: ["sub", "oid", "tid", "ver"], profile: ["name", "preferred_username", "roles"], email: ["email"] },
    conformIdTokenClaims: false,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === "none" },
    routes: { ...ENTRA_ROUTES },
    ttl: { AccessToken: HOUR, ClientCredentials: HOUR, IdToken: HOUR, AuthorizationCode: 600, RefreshToken: 24 * HOUR, Interaction: 3600, Session: 14 * 24 * HOUR, Grant: 14 * 24 * HOUR },
    clientBasedCORS: (_ctx, origin) => consoleOrigins.has(origin),
    // Entra issues refresh tokens whenever the client may use them; oidc-provider would only with prompt=consent.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,

    async findAccount(_ctx, sub) {
      const user = directory.userByOid(sub);
      if (!user) return undefined;
      return { accountId: user.oid, claims: () => ({ sub: user.oid, email: user.username, ...userClaims(directory.tenantId, user) }) };
    },

    // Consent is implied for every app of the local tenant (an admin consented for all users).
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      if (!client || !session.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant: Grant =
        (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined) ??
        new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope([...OIDC_SCOPES].join(" "));
      for (const api of apis) grant.addResourceScope(api.audience, api.delegatedScopes.map((s) => `${api.audience}/${s}`).join(" "));
      await grant.save();
      return grant;
    },

    async extraTokenClaims(_ctx, token) {
      if (token.kind === "ClientCredentials" && token.clientId) {
        const app = directory.appByClientId(token.clientId);
        if (!app) return undefined;
        return { tid: directory.tenantId, oid: app.objectId, appid: app.clientId, azp: app.clientId, azpacr: "1", idtyp: "app", ver: "2.0" };
      }
      if (token.kind === "AccessToken" && token.accountId) {
        const user = directory.userByOid(token.accountId);
        if (!user) return undefined;
        return { ...userClaims(directory.tenantId, user), azp: token.clientId ?? null, azpacr: "0" };
      }
      return undefined;
    },

    formats: {
      customizers: {
        jwt(_ctx, token, jwt) {
          jwt.header = { typ: "JWT" };
          const p = jwt.payload;
          p.nbf = p.iat;
          const scope = typeof p.scope === "string" ? p.scope : "";
          delete p.scope;
          if (token.kind === "ClientCredentials") {
            // App tokens: `sub` is the service principal's object id, and there is no `scp`.
            if (typeof p.oid === "string") p.sub = p.oid;
          } else {
            const scp = scope.split(" ").filter((s) => s && !OIDC_SCOPES.has(s)).map(shortScopeName);
            if (scp.length > 0) p.scp = scp.join(" ");
          }
        },
      },
    },

    interactions: { url: (_ctx, interaction) => opts.interactionPath(interaction.uid) },

    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.set("content-security-policy", pageCsp());
      ctx.body = errorPage(out);
    },

    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.set("content-security-policy", pageCsp([scriptHash(AUTO_SUBMIT_SCRIPT)]));
          ctx.body = signingOutPage(form);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.set("content-security-policy", pageCsp());
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        // Entra derives the resource from the scopes ("<resource>/<permission>", "<resource>/.default").
        async defaultResource(ctx, _client, oneOf) {
          const requested = resourcesOfScopeString(typeof ctx.oidc.params.scope === "string" ? ctx.oidc.params.scope : undefined);
          if (oneOf) {
            const match = oneOf.find((r) => requested.includes(canonicalResource(r)));
            return match ?? oneOf[0];
          }
          if (requested.length === 0) return undefined;
          return requested.length === 1 ? requested[0] : requested;
        },
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx, indicator) {
          const api = apiFor(indicator);
          if (!api) throw new errors.InvalidTarget(`AADSTS500011: The resource principal named ${indicator} was not found in the tenant.`);
          return {
            scope: api.delegatedScopes.map((s) => `${api.audience}/${s}`).join(" "),
            audience: api.audience,
            accessTokenTTL: HOUR,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
  };

  const provider = new Provider(opts.issuer, configuration);
  provider.use(entraErrorCodes(directory));
  provider.use(clientInfo(directory.tenantId));
  return provider;
}

/** Set by the server on token requests that carried client_info=1 (oidc-provider drops the parameter). */
export const CLIENT_INFO_REQUESTED = Symbol("clientInfoRequested");

/**
 * Entra answers `client_info=1` with base64url({uid: oid, utid: tid}); MSAL builds the account's
 * homeAccountId ("<oid>.<tid>") from it, as with real Entra.
 */
function clientInfo(tenantId: string) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as Claims | undefined;
    if (ctx.oidc?.route !== "token" || !body || typeof body !== "object" || typeof body.access_token !== "string") return;
    if (!(ctx.req as { [CLIENT_INFO_REQUESTED]?: boolean })[CLIENT_INFO_REQUESTED]) return;
    const account = ctx.oidc.entities.Account as { accountId?: string } | undefined;
    if (account?.accountId) body.client_info = Buffer.from(JSON.stringify({ uid: account.accountId, utid: tenantId })).toString("base64url");
  };
}

/** Adds Entra's AADSTS codes to client-authentication errors, so SDK messages read like Entra's. */
function entraErrorCodes(directory: Directory) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as Claims | undefined;
    if (!body || typeof body !== "object" || body.error !== "invalid_client") return;
    const clientId = typeof ctx.oidc?.params?.client_id === "string" ? ctx.oidc.params.client_id : undefined;
    if (clientId && (directory.appByClientId(clientId) || clientId === directory.spaClientId)) {
      body.error_description = `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`;
      body.error_codes = [7000215];
    } else {
      body.error_description = `AADSTS700016: Application with identifier '${clientId ?? ""}' was not found in the directory '${directory.tenantId}'.`;
      body.error_codes = [700016];
    }
  };
}

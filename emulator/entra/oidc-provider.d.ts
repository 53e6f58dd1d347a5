/**
 * The part of oidc-provider 9.13.3's API the local Entra uses. The package ships no types;
 * these mirror its documented configuration (docs/README.md of panva/node-oidc-provider).
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
  export type Claims = Record<string, JsonValue | undefined>;

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    token_endpoint_auth_method?: "none" | "client_secret_post" | "client_secret_basic";
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    application_type?: "web" | "native";
    client_name?: string;
    scope?: string;
  }

  export interface Client {
    clientId: string;
    clientAuthMethod: string;
    redirectUris: string[];
    clientName?: string;
    grantTypeAllowed(type: string): boolean;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<Claims> | Claims;
  }

  export interface Grant {
    jti: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface Session {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface Interaction {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }

  /** Issued tokens as oidc-provider passes them to extraTokenClaims and format customizers. */
  export interface IssuedToken {
    kind: string;
    accountId?: string;
    clientId?: string;
    scope?: string;
    resourceServer?: { identifier(): string; audience?: string };
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: "jwt" | "opaque";
    jwt?: { sign?: { alg?: string } };
  }

  export interface KoaContext {
    method: string;
    path: string;
    status: number;
    body: unknown;
    type: string;
    host: string;
    req: IncomingMessage;
    res: ServerResponse;
    set(field: string, value: string): void;
    get(field: string): string;
    oidc: {
      route?: string;
      client?: Client;
      session: Session;
      params: Record<string, unknown>;
      result?: { consent?: { grantId?: string } };
      issuer: string;
      requestParamScopes: Set<string>;
      requestParamOIDCScopes: Set<string>;
      entities: Record<string, unknown>;
      urlFor(name: string, opts?: Record<string, string>): string;
      provider: Provider;
    };
  }

  export type Next = () => Promise<void>;

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: Record<string, unknown>[] };
    cookies?: { keys?: string[]; long?: Record<string, unknown>; short?: Record<string, unknown> };
    claims?: Record<string, string[]>;
    scopes?: string[];
    conformIdTokenClaims?: boolean;
    pkce?: { required?: (ctx: KoaContext, client: Client) => boolean };
    routes?: Record<string, string>;
    ttl?: Record<string, number | ((ctx: KoaContext, token: IssuedToken, client: Client) => number)>;
    findAccount?: (ctx: KoaContext, sub: string, token?: IssuedToken) => Promise<Account | undefined>;
    loadExistingGrant?: (ctx: KoaContext) => Promise<Grant | undefined>;
    extraTokenClaims?: (ctx: KoaContext, token: IssuedToken) => Promise<Claims | undefined>;
    issueRefreshToken?: (ctx: KoaContext, client: Client, code: IssuedToken) => Promise<boolean>;
    expiresWithSession?: (ctx: KoaContext, code: IssuedToken) => Promise<boolean>;
    rotateRefreshToken?: boolean | ((ctx: KoaContext) => boolean);
    clientBasedCORS?: (ctx: KoaContext, origin: string, client: Client) => boolean;
    renderError?: (ctx: KoaContext, out: Record<string, string>, error: Error) => Promise<void>;
    interactions?: { url?: (ctx: KoaContext, interaction: Interaction) => Promise<string> | string };
    formats?: {
      customizers?: {
        jwt?: (
          ctx: KoaContext,
          token: IssuedToken,
          jwt: { header?: Record<string, string>; payload: Claims },
        ) => Promise<void> | void;
      };
    };
    features?: {
      devInteractions?: { enabled: boolean };
      clientCredentials?: { enabled: boolean };
      introspection?: { enabled: boolean };
      revocation?: { enabled: boolean };
      userinfo?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled?: boolean;
        logoutSource?: (ctx: KoaContext, form: string) => Promise<void>;
        postLogoutSuccessSource?: (ctx: KoaContext) => Promise<void>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContext, client: Client, oneOf?: string[]) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContext, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (ctx: KoaContext, resourceIndicator: string, client: Client) => Promise<ResourceServerInfo>;
      };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    Grant: {
      new (init: { clientId: string; accountId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContext, next: Next) => Promise<void>): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<string>;
  }

  export default Provider;
  export const errors: {
    InvalidTarget: new (description?: string) => Error;
    InvalidRequest: new (description?: string) => Error;
  };
}

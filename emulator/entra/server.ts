/**
 * The local Entra ID over HTTPS. Paths mirror login.microsoftonline.com for one tenant:
 *   /<tenant>/v2.0/.well-known/openid-configuration   discovery (issuer https://<host>/<tenant>/v2.0)
 *   /<tenant>/oauth2/v2.0/{authorize,token,logout}   /<tenant>/discovery/v2.0/keys
 * oidc-provider is mounted at /<tenant>; this wrapper maps Entra's request shapes onto it.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ensureLocalCa, localhostCert } from "../tls/local-ca";
import { loadOrCreateStackIdentity } from "../stack-identity";
import { buildDirectory } from "./directory";
import { loadOrCreateEntraKeys } from "./keys";
import { CLIENT_INFO_REQUESTED, createEntraProvider, ENTRA_ROUTES, spaPostLogoutRedirectUris } from "./provider";
import { interactionRoutes, signInPath } from "./interactions";
import { readFormBody } from "./http-body";
import { resourceApis } from "./resources";
import { rewriteAuthorizeQuery } from "./authorize-request";
import { MalformedClientAuthError, rewriteTokenRequest } from "./token-request";

export interface StartEntraOptions {
  dataDir: string;
  port: number;
  consoleUrl: string;
  /** More addresses of the same console (see EntraProviderOptions.extraConsoleUrls). */
  extraConsoleUrls?: readonly string[];
  /** Bind address; by default both loopback addresses (127.0.0.1 and ::1), so "localhost" works either way. */
  host?: string;
}

export interface RunningEntra {
  /** https://localhost:<port> — use as @azure/identity's authorityHost. */
  origin: string;
  /** https://localhost:<port>/<tenant>/v2.0 — the `iss` of every token. */
  issuer: string;
  /** Authority for MSAL (same as the issuer; discovery is <authority>/.well-known/openid-configuration). */
  authority: string;
  close(): Promise<void>;
}

type IncomingWithMount = IncomingMessage & { originalUrl?: string; body?: string; [CLIENT_INFO_REQUESTED]?: boolean };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(JSON.stringify(body));
}

export async function startEntra(opts: StartEntraOptions): Promise<RunningEntra> {
  const identity = loadOrCreateStackIdentity(opts.dataDir);
  const directory = buildDirectory(identity);
  const keys = loadOrCreateEntraKeys(opts.dataDir);
  const cert = localhostCert(ensureLocalCa(opts.dataDir));

  const origin = `https://localhost:${opts.port}`;
  const tenantPath = `/${identity.tenantId}`;
  const issuer = `${origin}${tenantPath}/v2.0`;
  const canonicalHost = new URL(origin).host;

  const provider = createEntraProvider({
    issuer,
    directory,
    consoleUrl: opts.consoleUrl,
    ...(opts.extraConsoleUrls ? { extraConsoleUrls: opts.extraConsoleUrls } : {}),
    signingJwk: keys.signingJwk,
    cookieKeys: keys.cookieKeys,
    interactionPath: (uid) => signInPath(identity.tenantId, uid),
  });
  // Internal faults only (never request bodies or tokens); client errors are the client's answer.
  provider.on("server_error", (_ctx, err) => console.error(`local Entra: internal error: ${err instanceof Error ? err.message : String(err)}`));
  const interactions = interactionRoutes(provider, directory);
  const apis = resourceApis(identity.apiAudience);
  const spaLogoutTargets = new Set([opts.consoleUrl, ...(opts.extraConsoleUrls ?? [])].flatMap(spaPostLogoutRedirectUris));
  const providerCallback = provider.callback();

  /** Hands a request to oidc-provider as if it were mounted at /<tenant> (like express' app.use). */
  function toProvider(req: IncomingWithMount, res: ServerResponse, mountedUrl: string, originalUrl: string): void {
    req.originalUrl = originalUrl;
    req.url = mountedUrl;
    providerCallback(req, res);
  }

  async function handle(req: IncomingWithMount, res: ServerResponse): Promise<void> {
    // Entra answers with one host name whatever address was dialled; endpoints in discovery and
    // cookies then stay on https://localhost:<port>.
    req.headers.host = canonicalHost;
    const url = new URL(req.url ?? "/", origin);
    const { pathname, search } = url;

    if (await interactions.handle(req, res, pathname)) return;

    // Discovery lives at <issuer>/.well-known/... (v2.0) and, as in Entra, also at /<tenant>/.well-known/...
    if (pathname === `${tenantPath}/v2.0/.well-known/openid-configuration` || pathname === `${tenantPath}/.well-known/openid-configuration`) {
      toProvider(req, res, `/.well-known/openid-configuration${search}`, `${tenantPath}/.well-known/openid-configuration${search}`);
      return;
    }

    if (pathname.startsWith(`${tenantPath}/`)) {
      const mounted = pathname.slice(tenantPath.length);
      if (req.method === "POST" && mounted === ENTRA_ROUTES.token) {
        try {
          const { body, dropAuthorization } = rewriteTokenRequest(await readFormBody(req), req.headers.authorization);
          if (dropAuthorization) delete req.headers.authorization;
          req[CLIENT_INFO_REQUESTED] = body.get("client_info") === "1";
          req.body = body.toString();
        } catch (err) {
          if (err instanceof MalformedClientAuthError) {
            sendJson(res, 401, { error: "invalid_client", error_description: err.message });
          } else {
            sendJson(res, 400, { error: "invalid_request", error_description: "the request body could not be read" });
          }
          return;
        }
      }
      if (req.method === "GET" && mounted === ENTRA_ROUTES.authorization) {
        const query = rewriteAuthorizeQuery(url.searchParams, identity.spaClientId, apis).toString();
        const search = query ? `?${query}` : "";
        toProvider(req, res, `${mounted}${search}`, `${pathname}${search}`);
        return;
      }
      if (req.method === "GET" && mounted === ENTRA_ROUTES.end_session) {
        // msal-browser (OIDC mode) sends post_logout_redirect_uri without client_id or id_token_hint;
        // Entra still honours it when it is registered for the app, so name the app it belongs to.
        const target = url.searchParams.get("post_logout_redirect_uri");
        if (target && spaLogoutTargets.has(target) && !url.searchParams.has("client_id") && !url.searchParams.has("id_token_hint")) {
          url.searchParams.set("client_id", identity.spaClientId);
        }
        toProvider(req, res, `${mounted}${url.search}`, `${pathname}${url.search}`);
        return;
      }
      toProvider(req, res, `${mounted}${search}`, req.url ?? "/");
      return;
    }

    if (pathname === "/" || pathname === "/health") {
      sendJson(res, 200, { status: "ok", issuer });
      return;
    }
    sendJson(res, 404, {
      error: "invalid_tenant",
      error_description: `AADSTS90002: Tenant not found. This local Entra serves tenant '${identity.tenantId}' only; use ${issuer}.`,
    });
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      console.error(`local Entra: failed to handle ${req.method ?? "?"} ${new URL(req.url ?? "/", origin).pathname}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "server_error", error_description: "the local Entra failed to handle this request" });
      else res.destroy();
    });
  };

  const hosts = opts.host ? [opts.host] : ["127.0.0.1", "::1"];
  const servers: https.Server[] = [];
  for (const host of hosts) {
    const server = https.createServer({ cert: cert.cert, key: cert.key }, listener);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      servers.push(server);
    } catch (err) {
      // A machine without IPv6 has no ::1; IPv4 loopback alone is enough for "localhost" then.
      const code = (err as NodeJS.ErrnoException).code;
      if (host === "::1" && !opts.host && (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT")) continue;
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      throw err;
    }
  }

  return {
    origin,
    issuer,
    authority: issuer,
    async close() {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/**
 * The ARM front door: one HTTP handler that normalises the request, stamps request ids, checks
 * the bearer token and RBAC, validates api-version and provider registration, applies injected
 * faults, settles due operations, then hands over to the matching provider route. Every error
 * leaves as ARM's `{error:{code,message}}` body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ArmError, armErrors } from "./errors";
import { compileTemplate, matchTemplate, normalizePath, resourceGroupId, splitSegments, type CompiledTemplate } from "./paths";
import { roleAllows, type RoleAssignments } from "./rbac";
import { registrationState } from "./registrations";
import { faultError, type FaultInjector } from "./faults";
import type { ArmEnvironment, ArmRequest, ArmResponse, ArmRoute, Caller, HttpMethod, ResourceProvider } from "./types";
import type { VerifiedToken } from "./auth";
import type { WriteRequest } from "./activity-log";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const METHODS = new Set<HttpMethod>(["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD"]);

interface CompiledRoute {
  route: ArmRoute;
  provider: ResourceProvider;
  compiled: CompiledTemplate;
}

export interface FrontDoorDeps {
  env: ArmEnvironment;
  verifier: { verify(authorization: string | undefined): Promise<VerifiedToken> };
  assignments: RoleAssignments;
  faults: FaultInjector;
  /** Handles `/_emulator/...` (loopback only); returns false when it does not own the path. */
  control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  log?: (line: string) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ArmError(413, "RequestEntityTooLarge", `The request content exceeds ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    // V8's message quotes a fragment of the body, which may hold a password: keep only the position.
    const position = err instanceof Error ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    const why = position ? `invalid JSON at position ${position}` : "invalid JSON";
    throw armErrors.invalidRequestContent(`The request content was invalid and could not be deserialized: '${why}'.`);
  }
}

export function createFrontDoor(deps: FrontDoorDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { env } = deps;
  const routes: CompiledRoute[] = env.providers.flatMap((provider) =>
    provider.routes.map((route) => ({ route, provider, compiled: compileTemplate(route.path) })),
  );

  function send(res: ServerResponse, response: ArmResponse, ids: Record<string, string>, head: boolean): void {
    const headers: Record<string, string> = {
      "Cache-Control": "no-cache",
      Pragma: "no-cache",
      Expires: "-1",
      ...ids,
      ...response.headers,
    };
    if (response.body === undefined || head) {
      res.writeHead(response.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(response.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
  }

  /** A write that passed authorization goes to the Activity Log (BeginRequest now, EndRequest with the answer). */
  function beginWrite(req: IncomingMessage, method: HttpMethod, path: string, action: string | null, params: Record<string, string>, caller: Caller, correlationId: string): WriteRequest | undefined {
    if (method === "GET" || method === "HEAD" || action === null || /\/read$/i.test(action)) return undefined;
    const clientRequestId = req.headers["x-ms-client-request-id"];
    const write: WriteRequest = {
      operationName: action,
      method,
      // A POST names an action on a resource: the event is about the resource.
      resourceId: method === "POST" ? path.slice(0, path.lastIndexOf("/")) : path,
      subscriptionId: params.subscriptionId ?? env.settings.subscriptionId,
      ...(params.resourceGroupName ? { resourceGroupName: params.resourceGroupName } : {}),
      caller: caller.appid ?? caller.oid,
      tenantId: caller.tid,
      correlationId,
      ...(typeof clientRequestId === "string" ? { clientRequestId } : {}),
      ...(req.socket.remoteAddress ? { clientIpAddress: req.socket.remoteAddress } : {}),
    };
    return env.activityLog.begin(write, env.now());
  }

  async function handleArm(req: IncomingMessage, url: URL, path: string, requestId: string, trail: { write?: WriteRequest; correlationId: string }): Promise<ArmResponse> {
    const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
    if (!METHODS.has(method)) throw armErrors.methodNotAllowed(method, path);
    const token = await deps.verifier.verify(req.headers.authorization);
    const caller: Caller = { ...token, role: deps.assignments.get(token.oid) ?? null };

    const segments = splitSegments(path);
    let pathMatched = false;
    let found: { entry: CompiledRoute; params: Record<string, string> } | undefined;
    for (const entry of routes) {
      const params = matchTemplate(entry.compiled, segments);
      if (!params) continue;
      pathMatched = true;
      if (entry.route.method === method) {
        found = { entry, params };
        break;
      }
    }
    if (!found) throw pathMatched ? armErrors.methodNotAllowed(method, path) : armErrors.noRoute(method, path);
    const { entry, params } = found;

    const apiVersion = url.searchParams.get("api-version");
    if (!apiVersion) throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    if (!entry.route.apiVersions.includes("*") && !entry.route.apiVersions.includes(apiVersion)) {
      throw new ArmError(
        400,
        "InvalidApiVersionParameter",
        `The api-version '${apiVersion}' is invalid. The supported versions are '${entry.route.apiVersions.join(",")}'.`,
      );
    }

    const sub = params.subscriptionId;
    if (sub !== undefined && sub.toLowerCase() !== env.settings.subscriptionId.toLowerCase()) throw armErrors.subscriptionNotFound(sub);

    const action = typeof entry.route.action === "function" ? entry.route.action(params) : entry.route.action;
    if (action !== null && !roleAllows(caller.role, action)) {
      const scope = params.resourceGroupName ? `/subscriptions/${sub}/resourcegroups/${params.resourceGroupName}` : path;
      throw new ArmError(
        403,
        "AuthorizationFailed",
        `The client '${caller.oid}' with object id '${caller.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }

    // ARM answers for the group before any provider sees a request inside it: reading, writing
    // or deleting a resource in a group that does not exist is 404 ResourceGroupNotFound (what a
    // console meets after the group was deleted behind its back), not the provider's ResourceNotFound.
    if (params.resourceGroupName !== undefined && sub !== undefined && /\/resourcegroups\/[^/]+\/providers\//i.test(path) && !env.store.get(resourceGroupId(sub, params.resourceGroupName))) {
      throw armErrors.resourceGroupNotFound(params.resourceGroupName);
    }

    trail.write = beginWrite(req, method, path, action, params, caller, trail.correlationId);

    const needsRegistration = entry.route.requiresRegistration ?? method === "PUT";
    if (needsRegistration && sub !== undefined && registrationState(env, sub, entry.provider) !== "Registered") {
      const ns = entry.provider.namespace;
      const message = `The subscription is not registered to use namespace '${ns}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
      throw new ArmError(409, "MissingSubscriptionRegistration", message, {
        details: [{ code: "MissingSubscriptionRegistration", target: ns, message }],
      });
    }

    const armRequest: ArmRequest = {
      method,
      path,
      params,
      query: url.searchParams,
      apiVersion,
      body: undefined,
      headers: req.headers,
      caller,
      requestId,
    };
    const fault = deps.faults.take(method, path);
    if (fault) {
      const error = faultError(fault);
      if (error) throw error;
      if (fault.type === "stall") await new Promise((r) => setTimeout(r, fault.ms));
      if (fault.type === "failLro") armRequest.lroFault = { code: fault.code, message: fault.message ?? `Injected failure: ${fault.code}.` };
    }
    armRequest.body = parseJsonBody(await readBody(req));
    env.operations.settle();
    return entry.route.handle(armRequest, env);
  }

  return (req, res) => {
    const started = Date.now();
    const requestId = randomUUID();
    const clientCorrelation = req.headers["x-ms-correlation-request-id"];
    const ids = {
      "x-ms-request-id": requestId,
      "x-ms-correlation-request-id": typeof clientCorrelation === "string" ? clientCorrelation : randomUUID(),
      "x-ms-routing-request-id": `LOCAL:${new Date().toISOString().replace(/[-:.]/g, "")}:${requestId}`,
    };
    // Concatenate rather than resolve: a request path starting with "//" is not a host.
    const url = new URL(env.settings.origin + (req.url ?? "/"));
    const path = normalizePath(url.pathname);
    const head = req.method === "HEAD";

    void (async () => {
      if (path.toLowerCase().startsWith("/_emulator")) {
        if (await deps.control(req, res, path)) return;
      }
      let response: ArmResponse;
      const trail: { write?: WriteRequest; correlationId: string } = { correlationId: ids["x-ms-correlation-request-id"] };
      try {
        response = await handleArm(req, url, path, requestId, trail);
      } catch (err) {
        if (!(err instanceof ArmError)) deps.log?.(`internal error on ${req.method} ${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        const armError = err instanceof ArmError ? err : armErrors.internal();
        response = { status: armError.status, body: armError.body(), ...(armError.extra.headers ? { headers: armError.extra.headers } : {}) };
      }
      if (trail.write) {
        const headerNames = Object.keys(response.headers ?? {}).map((h) => h.toLowerCase());
        const asynchronous = response.status === 202 || headerNames.includes("azure-asyncoperation");
        const error = response.status >= 400 ? (response.body as { error?: { code?: string; message?: string } } | undefined)?.error : undefined;
        env.activityLog.end(trail.write, env.now(), response.status, asynchronous, error);
      }
      if (!res.headersSent) send(res, response, ids, head);
      deps.log?.(`${req.method} ${path} ${response.status} ${Date.now() - started}ms`);
    })();
  };
}

/**
 * The Kubernetes API server of one simulated cluster: HTTPS with the local CA, bearer-token
 * authentication (401 Status otherwise), discovery, OpenAPI, resources, watches, logs and
 * metrics. Real kubectl and @kubernetes/client-node talk to it through the kubeconfig that
 * kubeconfigFor() writes.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import yaml from "js-yaml";
import type { SimulatedCluster } from "../cluster";
import { apiVersionOf, findResourceType } from "../resources";
import { badRequest, KubeApiError, type KubeObject } from "../types";
import { coreVersions, group, groupList, OPENAPI_V2_PROTOBUF, openApiV2Json, openApiV2Protobuf, openApiV3Doc, openApiV3Root, resourceList, versionInfo } from "./discovery";
import { createObject, deleteCollection, deleteObject, evictPod, getObject, listObjects, patchObject, patchTypeOf, updateObject, type DeleteOptions, type Target } from "./handlers";
import { servePodLog } from "./logs";
import { decodeKubeProtobuf } from "./protobuf";
import { toTable, type IncludeObject } from "./table";
import { serveWatch } from "./watch";

export interface KubeApiServerOptions {
  port: number;
  host?: string;
  tls: { cert: string; key: string };
  /** Bearer token(s) accepted (the kubeconfig's user token). */
  token: string | string[];
}

export interface RunningKubeApiServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = e instanceof KubeApiError ? e : new KubeApiError(500, "InternalError", `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
  if (!(e instanceof KubeApiError)) console.error("[kube-api] internal error", e);
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, err.code, err.toStatus());
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new KubeApiError(413, "BadRequest", "the request body is too large");
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const ct = req.headers["content-type"] ?? "";
  // kubectl's typed generators send protobuf; the kinds they create are decoded, others get 415.
  if (/protobuf/.test(ct)) return decodeKubeProtobuf(raw);
  if (/cbor/.test(ct)) throw new KubeApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return ct.includes("yaml") ? yaml.load(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`the request body could not be decoded: ${e instanceof Error ? e.message.split("\n")[0] : "invalid"}`);
  }
}

function tokenMatches(header: string | undefined, tokens: string[]): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  return tokens.some((t) => {
    const want = Buffer.from(t);
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

/** Parses /api/v1/... and /apis/g/v/... into a resource target; undefined when the path is not a resource path. */
export function parseResourcePath(pathname: string): { target: Target; watchPrefix: boolean } | undefined {
  const segs = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let groupName: string;
  let version: string;
  let rest: string[];
  if (segs[0] === "api" && segs.length >= 2) [groupName, version, rest] = ["", segs[1]!, segs.slice(2)];
  else if (segs[0] === "apis" && segs.length >= 3) [groupName, version, rest] = [segs[1]!, segs[2]!, segs.slice(3)];
  else return undefined;
  if (rest.length === 0) return undefined;
  let watchPrefix = false;
  if (rest[0] === "watch") {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    const t = findResourceType(groupName, version, rest[2]!);
    if (t?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const type = findResourceType(groupName, version, rest[0]!);
  if (!type || rest.length > 3) throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
  if (type.namespaced === false && namespace) throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
  const [, name, sub] = rest;
  if (sub && !type.subresources?.some((s) => s.name === sub)) throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
  return { target: { type, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(sub ? { sub } : {}) }, watchPrefix };
}

function tableRequest(req: IncomingMessage, q: URLSearchParams): IncludeObject | undefined {
  const accept = req.headers.accept ?? "";
  if (!/as=Table/.test(accept)) return undefined;
  const inc = q.get("includeObject");
  return inc === "None" || inc === "Object" ? inc : "Metadata";
}

function managerOf(req: IncomingMessage, q: URLSearchParams): { manager: string; given: boolean } {
  const given = q.get("fieldManager");
  if (given) return { manager: given, given: true };
  const ua = req.headers["user-agent"] ?? "unknown";
  return { manager: ua.split("/")[0]!.slice(0, 128) || "unknown", given: false };
}

function deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const grace = b.gracePeriodSeconds ?? (q.get("gracePeriodSeconds") !== null ? Number(q.get("gracePeriodSeconds")) : undefined);
  const policy = (b.propagationPolicy ?? q.get("propagationPolicy") ?? undefined) as DeleteOptions["propagationPolicy"];
  const dryRun = (Array.isArray(b.dryRun) && b.dryRun.includes("All")) || q.getAll("dryRun").includes("All");
  return { ...(typeof grace === "number" ? { gracePeriodSeconds: grace } : {}), ...(policy ? { propagationPolicy: policy } : {}), dryRun, ...(typeof b.preconditions === "object" && b.preconditions ? { preconditions: b.preconditions as DeleteOptions["preconditions"] } : {}) };
}

async function handle(cluster: SimulatedCluster, req: IncomingMessage, res: ServerResponse, serverAddress: string): Promise<void> {
  const url = new URL(req.url ?? "/", "https://kube.local");
  const p = url.pathname.replace(/\/+$/, "") || "/";
  const q = url.searchParams;
  const method = req.method ?? "GET";
  if (method === "GET") {
    if (p === "/version") return send(res, 200, versionInfo(cluster.kubernetesVersion));
    if (p === "/healthz" || p === "/livez" || p === "/readyz") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      return void res.end("ok");
    }
    if (p === "/api") return send(res, 200, coreVersions(serverAddress));
    if (p === "/apis") return send(res, 200, groupList());
    if (p === "/openapi/v3") return send(res, 200, openApiV3Root());
    if (p === "/openapi/v2") {
      if (!(req.headers.accept ?? "").includes("protobuf")) return send(res, 200, openApiV2Json(cluster.kubernetesVersion));
      const body = openApiV2Protobuf(cluster.kubernetesVersion);
      res.writeHead(200, { "Content-Type": OPENAPI_V2_PROTOBUF, "Content-Length": body.length });
      return void res.end(body);
    }
    if (p.startsWith("/openapi/v3/")) {
      const doc = openApiV3Doc(p.slice("/openapi/v3/".length));
      if (doc) return send(res, 200, doc);
      throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
    }
    const gv = /^\/(?:api\/(v1)|apis\/([^/]+)(?:\/([^/]+))?)$/.exec(p);
    if (gv) {
      const body = gv[1] ? resourceList("", gv[1]) : gv[3] ? resourceList(gv[2]!, gv[3]) : group(gv[2]!);
      if (body) return send(res, 200, body);
      throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
    }
  }
  const parsed = parseResourcePath(p);
  if (!parsed) throw new KubeApiError(404, "NotFound", "the server could not find the requested resource");
  const { target } = parsed;
  const table = tableRequest(req, q);
  const dryRun = q.getAll("dryRun").includes("All");
  const { manager, given } = managerOf(req, q);
  const force = q.get("force") === "true";
  if (method === "GET") {
    if (parsed.watchPrefix || q.get("watch") === "true" || q.get("watch") === "1") return serveWatch(cluster, target, q, req, res, table);
    if (target.sub === "log") return servePodLog(cluster, target.namespace!, target.name!, q, res, (fn) => req.on("close", fn));
    if (target.name) {
      const obj = getObject(cluster, target);
      return send(res, 200, table && !target.sub ? toTable(target.type.kind, [obj], { now: cluster.clock.now(), resourceVersion: obj.metadata.resourceVersion, include: table }) : obj);
    }
    const { items, continueToken, remaining } = listObjects(cluster, target, q);
    const rv = cluster.store.resourceVersion;
    if (table) return send(res, 200, toTable(target.type.kind, items, { now: cluster.clock.now(), resourceVersion: rv, include: table, ...(continueToken ? { continueToken } : {}) }));
    return sendList(res, target.type.kind, apiVersionOf(target.type), { resourceVersion: rv, ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}) }, items);
  }
  const body = await readBody(req);
  const opts = { manager, dryRun, force };
  if (method === "POST") {
    if (target.sub === "eviction") return send(res, 201, evictPod(cluster, target, body, dryRun));
    if (target.name) throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    return send(res, 201, createObject(cluster, target, body, opts));
  }
  if (method === "PUT" && target.name) return send(res, 200, updateObject(cluster, target, body, opts));
  if (method === "PATCH" && target.name) {
    const { object, created } = patchObject(cluster, target, patchTypeOf(req.headers["content-type"]), body, { ...opts, fieldManagerGiven: given });
    return send(res, created ? 201 : 200, object);
  }
  if (method === "DELETE") {
    const dopts = deleteOptions(body, q);
    if (target.name) return send(res, 200, deleteObject(cluster, target, dopts));
    const items = deleteCollection(cluster, target, q, dopts);
    return send(res, 200, { kind: `${target.type.kind}List`, apiVersion: apiVersionOf(target.type), metadata: { resourceVersion: cluster.store.resourceVersion }, items });
  }
  throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

/**
 * Serialized list items, cached per stored object: stored objects are immutable, so a 5,000-pod
 * list re-serializes only what changed since the last list. Items omit apiVersion/kind as the
 * real server's list items do.
 */
const itemJson = new WeakMap<KubeObject, string>();

function sendList(res: ServerResponse, kind: string, apiVersion: string, metadata: Record<string, unknown>, items: KubeObject[]): void {
  const parts = items.map((o) => {
    let json = itemJson.get(o);
    if (json === undefined) {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      json = JSON.stringify(rest);
      itemJson.set(o, json);
    }
    return json;
  });
  const text = `{"kind":${JSON.stringify(`${kind}List`)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metadata)},"items":[${parts.join(",")}]}`;
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startKubeApiServer(cluster: SimulatedCluster, opts: KubeApiServerOptions): Promise<RunningKubeApiServer> {
  const host = opts.host ?? "127.0.0.1";
  const tokens = (Array.isArray(opts.token) ? opts.token : [opts.token]).filter((t) => t.length > 0);
  if (tokens.length === 0) throw new Error("startKubeApiServer needs a non-empty bearer token");
  const serverAddress = `${host}:${opts.port}`;
  const server = https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
    if (!tokenMatches(req.headers.authorization, tokens)) {
      return sendError(res, new KubeApiError(401, "Unauthorized", "Unauthorized"));
    }
    handle(cluster, req, res, serverAddress).catch((e: unknown) => sendError(res, e));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  cluster.setApiServerAddress(/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : "127.0.0.1", port);
  return {
    url: `https://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

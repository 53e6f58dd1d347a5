/**
 * A list read of the Kubernetes API as plain JSON, page by page. client-node's generated clients
 * run every object of a response through their ObjectSerializer (a walk over the OpenAPI type
 * map per field, Date objects for every timestamp): for 5,000 pods that took longer than the
 * request itself (bench/sandboxes-scale.ts). The inventory only reads a few fields, so it
 * parses the body with JSON.parse and keeps what it needs. Credentials, CA and TLS options
 * still come from the KubeConfig (client-node's applyToHTTPSOptions), so every auth method the
 * kubeconfig supports works the same way.
 */
import http from "node:http";
import https from "node:https";
import type * as k8s from "@kubernetes/client-node";

/** Per request: a page of 500 pods is ~1.5 MB; a cluster that cannot answer in 30 s is reported. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The API server refused or failed a list; `status` and the Status message, never a body dump. */
export class KubeListError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "KubeListError";
  }
}

interface ListPage<T> {
  items?: T[];
  metadata?: { continue?: string; resourceVersion?: string };
}

/** GET options with the kubeconfig's credentials, CA and TLS settings. */
export async function requestOptions(kc: k8s.KubeConfig, timeoutMs = REQUEST_TIMEOUT_MS): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = { timeout: timeoutMs, headers: { Accept: "application/json" } };
  await kc.applyToHTTPSOptions(opts);
  return opts;
}

export const clientFor = (url: URL) => (url.protocol === "http:" ? http : https);

/** The API server's base URL from the kubeconfig (no trailing slash). */
export function serverOf(kc: k8s.KubeConfig): string {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new KubeListError(0, "the kubeconfig has no current cluster");
  return server.replace(/\/+$/, "");
}

async function getJson<T>(kc: k8s.KubeConfig, url: URL): Promise<ListPage<T>> {
  const opts = await requestOptions(kc);
  return new Promise((resolve, reject) => {
    const req = clientFor(url).get(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          let message = `HTTP ${status}`;
          try {
            const s = JSON.parse(text) as { message?: unknown };
            if (typeof s.message === "string") message = `HTTP ${status}: ${s.message.slice(0, 300)}`;
          } catch {
            // not a Status object: the status code says enough
          }
          reject(new KubeListError(status, `Kubernetes API ${url.pathname}: ${message}`));
          return;
        }
        try {
          resolve(JSON.parse(text) as ListPage<T>);
        } catch {
          reject(new KubeListError(status, `Kubernetes API ${url.pathname}: the answer is not JSON`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new KubeListError(0, `Kubernetes API ${url.pathname}: no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
  });
}

/**
 * Every object of a list path (e.g. `/api/v1/namespaces/x/pods`) in pages of `limit`, handed to
 * `each` as it arrives so a page's raw objects can be dropped before the next one is read.
 * Returns the first page's resourceVersion (a watch started there misses nothing).
 */
export async function listEach<T>(kc: k8s.KubeConfig, path: string, query: Record<string, string>, limit: number, each: (item: T) => void): Promise<string | undefined> {
  const server = serverOf(kc);
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.searchParams.set("limit", String(limit));
    if (token) url.searchParams.set("continue", token);
    const page = await getJson<T>(kc, url);
    resourceVersion ??= page.metadata?.resourceVersion;
    for (const item of page.items ?? []) each(item);
    token = page.metadata?.continue || undefined;
  } while (token);
  return resourceVersion;
}

/**
 * The sandbox pods of a cluster kept in memory by a watch, as Kubernetes' own controllers and
 * kubectl's informers do: one list, then a watch from the list's resourceVersion applies every
 * ADDED / MODIFIED / DELETED. At 5,000 pods a list is ~15 MB of JSON that the API server must
 * encode and we must parse (most of the inventory section's time, bench/sandboxes-scale.ts); with
 * the cache a page load reads memory, and the watch keeps it as current as the API server's own
 * watch cache (milliseconds behind).
 *
 * - One cache per API server, credentials and namespace (a different kubeconfig user gets its
 *   own: what one identity may list is not shared with another).
 * - The first read (or the first after a failure) lists and waits for it, as without a cache.
 * - A watch that ends (the server's timeout) resumes from the last resourceVersion; one that
 *   fails, or answers 410 Gone (the version was compacted), drops the cache: the next read lists
 *   again. Nothing is served from a cache whose watch is not running.
 * - A cache nobody read for 5 minutes stops its watch and is forgotten.
 * - Our own changes (Stop) call `forgetSandboxPods`, so the page after an action reads the cluster.
 */
import { createHash } from "node:crypto";
import type { ClientRequest } from "node:http";
import type * as k8s from "@kubernetes/client-node";
import { clientFor, listEach, requestOptions, serverOf } from "./kube-list";
import { listSandboxPods, podView } from "./kube";
import { RUNTIME_LABEL } from "./rules";
import type { PodView } from "./types";

const PAGE = 500;
/** Forget a cache after this long without a read. */
export const IDLE_MS = 5 * 60_000;
/** The server ends a watch after this; we resume from the last resourceVersion. */
const WATCH_SECONDS = 290;

interface Entry {
  pods: Map<string, PodView>;
  /** Resolves once the first list is in; rejects if it failed. */
  ready: Promise<void>;
  live: boolean;
  lastRead: number;
  request?: ClientRequest;
  idleTimer?: NodeJS.Timeout;
}

// Survives Next.js dev reloads of this module (one set of watches per process).
const caches: Map<string, Entry> = ((globalThis as { __sandboxPodCaches?: Map<string, Entry> }).__sandboxPodCaches ??= new Map());

function keyOf(kc: k8s.KubeConfig, namespace: string): string {
  const identity = createHash("sha256").update(JSON.stringify(kc.getCurrentUser() ?? {})).digest("hex");
  return `${serverOf(kc)}|${identity}|${namespace}`;
}

function stop(key: string, entry: Entry): void {
  entry.live = false;
  entry.request?.destroy();
  if (entry.idleTimer) clearInterval(entry.idleTimer);
  if (caches.get(key) === entry) caches.delete(key);
}

interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: k8s.V1Pod & { code?: number };
}

async function watch(kc: k8s.KubeConfig, key: string, entry: Entry, path: string, resourceVersion: string): Promise<void> {
  const url = new URL(serverOf(kc) + path);
  url.searchParams.set("watch", "true");
  url.searchParams.set("labelSelector", `${RUNTIME_LABEL.key}=${RUNTIME_LABEL.value}`);
  url.searchParams.set("resourceVersion", resourceVersion);
  url.searchParams.set("allowWatchBookmarks", "true");
  url.searchParams.set("timeoutSeconds", String(WATCH_SECONDS));
  // No socket timeout: a quiet watch is normal (bookmarks arrive now and then).
  const opts = await requestOptions(kc, 0);
  let rv = resourceVersion;
  let buffered = "";
  const apply = (line: string) => {
    if (!line.trim()) return;
    const ev = JSON.parse(line) as WatchEvent;
    if (ev.type === "ERROR") throw new Error(`watch error ${ev.object.code ?? ""}`);
    rv = ev.object.metadata?.resourceVersion ?? rv;
    if (ev.type === "BOOKMARK") return;
    const name = ev.object.metadata?.name ?? "";
    if (ev.type === "DELETED") entry.pods.delete(name);
    else entry.pods.set(name, podView(ev.object));
  };
  if (!entry.live) return;
  const req = clientFor(url).get(url, opts, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      stop(key, entry);
      return;
    }
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffered += chunk;
      let nl: number;
      try {
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          apply(line);
        }
      } catch {
        // 410 Gone or a line we cannot read: the cache may have missed something.
        stop(key, entry);
      }
    });
    res.on("end", () => {
      if (entry.live) void watch(kc, key, entry, path, rv).catch(() => stop(key, entry));
    });
    res.on("error", () => stop(key, entry));
  });
  req.on("error", () => stop(key, entry));
  entry.request = req;
}

function start(kc: k8s.KubeConfig, key: string, namespace: string): Entry {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const entry: Entry = { pods: new Map(), ready: Promise.resolve(), live: true, lastRead: Date.now() };
  entry.ready = (async () => {
    const rv = await listEach<k8s.V1Pod>(kc, path, { labelSelector: `${RUNTIME_LABEL.key}=${RUNTIME_LABEL.value}` }, PAGE, (p) => entry.pods.set(p.metadata?.name ?? "", podView(p)));
    // A server that gives no resourceVersion cannot be watched from a point: no cache then.
    if (!rv) throw new Error("the pod list has no resourceVersion");
    await watch(kc, key, entry, path, rv);
  })();
  entry.ready.catch(() => stop(key, entry));
  entry.idleTimer = setInterval(() => {
    if (Date.now() - entry.lastRead > IDLE_MS) stop(key, entry);
  }, 60_000);
  entry.idleTimer.unref();
  caches.set(key, entry);
  return entry;
}

/** The namespace's runtime pods from the watch cache (listing first when there is none). */
export async function cachedSandboxPods(kc: k8s.KubeConfig, namespace: string): Promise<PodView[]> {
  const key = keyOf(kc, namespace);
  const found = caches.get(key);
  const entry = found?.live ? found : start(kc, key, namespace);
  entry.lastRead = Date.now();
  await entry.ready;
  // The watch failed right after the list: read the cluster itself this time.
  if (!entry.live) return listSandboxPods(kc, namespace);
  return [...entry.pods.values()];
}

/** Drop the cache of this namespace (after our own change, so the next read lists afresh). */
export function forgetSandboxPods(kc: k8s.KubeConfig, namespace: string): void {
  const key = keyOf(kc, namespace);
  const entry = caches.get(key);
  if (entry) stop(key, entry);
}

/** Stops every watch (tests and the bench end their process cleanly). */
export function stopAllSandboxPodCaches(): void {
  for (const [key, entry] of [...caches]) stop(key, entry);
}

/**
 * Watches: newline-delimited JSON events over a chunked response. Resumes from a
 * resourceVersion (replaying the store's event log), answers an ERROR event with a 410 Expired
 * Status when that version is compacted, supports sendInitialEvents (watch-list) and bookmarks.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatedCluster } from "../cluster";
import { apiVersionOf } from "../resources";
import { KubeApiError, type KubeObject } from "../types";
import type { Target } from "./handlers";
import { selectorFilter } from "./handlers";
import { toTable, type IncludeObject } from "./table";

export function serveWatch(cluster: SimulatedCluster, target: Target, q: URLSearchParams, req: IncomingMessage, res: ServerResponse, table: IncludeObject | undefined): void {
  const type = target.type;
  if (type.virtual) throw new KubeApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  const baseFilter = selectorFilter(q, type.kind);
  // GET …/pods/{name}?watch=true is a watch with a metadata.name field selector.
  const filter = target.name ? (o: KubeObject) => o.metadata.name === target.name && baseFilter(o) : baseFilter;
  const rv = q.get("resourceVersion") ?? "";
  const sendInitial = q.get("sendInitialEvents") === "true";
  const bookmarks = q.get("allowWatchBookmarks") === "true";
  if (rv !== "" && rv !== "0" && !/^\d+$/.test(rv)) throw new KubeApiError(400, "BadRequest", `resourceVersion: Invalid value: "${rv}": must be a non-negative integer`);

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  const write = (evType: string, obj: KubeObject | Record<string, unknown>) => {
    const object = table && evType !== "BOOKMARK" && evType !== "ERROR" ? toTable(type.kind, [obj as KubeObject], { now: cluster.clock.now(), resourceVersion: (obj as KubeObject).metadata.resourceVersion, include: table }) : obj;
    res.write(`${JSON.stringify({ type: evType, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write("BOOKMARK", { kind: type.kind, apiVersion: apiVersionOf(type), metadata: { resourceVersion: cluster.store.resourceVersion, ...(annotations ? { annotations } : {}) } });

  let stop: () => void = () => undefined;
  try {
    if (rv === "" || rv === "0" || sendInitial) {
      const current = cluster.store.list(type, target.namespace).filter(filter);
      for (const o of current) write("ADDED", o);
      if (sendInitial) bookmark({ "k8s.io/initial-events-end": "true" });
      stop = cluster.store.watch(type, { namespace: target.namespace, filter }, (t, o) => write(t, o));
    } else {
      stop = cluster.store.watch(type, { namespace: target.namespace, filter, sinceRv: Number(rv) }, (t, o) => write(t, o));
    }
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 410) {
      write("ERROR", e.toStatus() as unknown as Record<string, unknown>);
      res.end();
      return;
    }
    throw e;
  }
  const timeoutSeconds = Number(q.get("timeoutSeconds") ?? 1800);
  const timers: NodeJS.Timeout[] = [setTimeout(() => finish(), Math.max(1, timeoutSeconds) * 1000)];
  if (bookmarks) timers.push(setInterval(() => bookmark(), 10_000));
  let done = false;
  function finish() {
    if (done) return;
    done = true;
    stop();
    for (const t of timers) clearTimeout(t);
    res.end();
  }
  req.on("close", finish);
  res.on("close", finish);
}

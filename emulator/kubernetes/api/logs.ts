/** GET pods/{name}/log: plain text, with container, tailLines, sinceSeconds, timestamps, limitBytes and follow. */
import type { ServerResponse } from "node:http";
import type { SimulatedCluster } from "../cluster";
import type { Pod } from "../model";
import { typeOf } from "../resources";
import { badRequest } from "../types";
import { containerLog, type LogLine } from "../workload-signals";

const POD = typeOf("Pod");

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name}: Invalid value: "${v}": must be a non-negative integer`);
  return n;
}

export function servePodLog(cluster: SimulatedCluster, ns: string, name: string, q: URLSearchParams, res: ServerResponse, onClose: (fn: () => void) => void): void {
  const pod = cluster.store.mustGet(POD, ns, name) as Pod;
  const containers = pod.spec.containers;
  const containerName = q.get("container") ?? (containers.length === 1 ? containers[0]!.name : undefined);
  if (!containerName) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(" ")}]`);
  const container = containers.find((c) => c.name === containerName);
  if (!container) throw badRequest(`container ${containerName} is not valid for pod ${name}`);
  if (q.get("previous") === "true") throw badRequest(`previous terminated container "${containerName}" in pod "${name}" not found`);
  const status = pod.status?.containerStatuses?.find((s) => s.name === containerName);
  if (!status?.state.running && !status?.state.terminated) {
    const waiting = status?.state.waiting?.reason ?? "ContainerCreating";
    const why = waiting === "ImagePullBackOff" || waiting === "ErrImagePull" ? "trying and failing to pull image" : waiting;
    throw badRequest(`container "${containerName}" in pod "${name}" is waiting to start: ${why}`);
  }
  const tail = intParam(q, "tailLines");
  const since = intParam(q, "sinceSeconds");
  const limitBytes = intParam(q, "limitBytes");
  const withTimestamps = q.get("timestamps") === "true";
  const format = (l: LogLine) => `${withTimestamps ? `${new Date(l.time).toISOString().replace("Z", "000000Z")} ` : ""}${l.text}\n`;
  const now = cluster.clock.now();
  let lines = containerLog(pod, container, now, cluster.timeScale);
  const extra = cluster.extraLog?.(pod, container);
  if (extra?.length) lines = [...lines, ...extra.filter((l) => l.time <= now)].sort((a, b) => a.time - b.time);
  if (since !== undefined) lines = lines.filter((l) => l.time >= now - since * 1000);
  if (tail !== undefined) lines = tail === 0 ? [] : lines.slice(-tail);
  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  let sent = 0;
  const write = (text: string): boolean => {
    if (limitBytes !== undefined && sent + Buffer.byteLength(text) > limitBytes) {
      res.end(text.slice(0, Math.max(0, limitBytes - sent)));
      return false;
    }
    sent += Buffer.byteLength(text);
    res.write(text);
    return true;
  };
  for (const l of lines) if (!write(format(l))) return;
  if (q.get("follow") !== "true") {
    res.end();
    return;
  }
  let last = lines.length ? lines[lines.length - 1]!.time : now;
  const timer = setInterval(() => {
    const current = cluster.store.get(POD, ns, name) as Pod | undefined;
    if (!current || current.metadata.uid !== pod.metadata.uid) {
      clearInterval(timer);
      res.end();
      return;
    }
    for (const l of containerLog(current, container, cluster.clock.now(), cluster.timeScale, 200)) {
      if (l.time <= last) continue;
      last = l.time;
      if (!write(format(l))) {
        clearInterval(timer);
        return;
      }
    }
  }, 250);
  onClose(() => clearInterval(timer));
}

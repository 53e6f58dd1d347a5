/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`): the columns
 * `kubectl get` shows, computed the way the real API server's printers compute them.
 */
import type { Deployment, NodeObject, Pod, PodDisruptionBudget, ReplicaSet } from "../model";
import { isNodeReady } from "../controllers/scheduler";
import { formatLabelSelector } from "../selectors";
import { isRecord, type KubeObject } from "../types";

interface Column {
  name: string;
  type: "string" | "integer" | "date";
  format?: string;
  description: string;
  priority: number;
}

type Cell = string | number;

/** kubectl's HumanDuration ("45s", "3m12s", "5h", "2d3h"). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

const col = (name: string, description: string, priority = 0, type: Column["type"] = "string", format?: string): Column => ({ name, type, description, priority, ...(format ? { format } : {}) });
const NAME = col("Name", "Name must be unique within a namespace.", 0, "string", "name");
const AGE = col("Age", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, "string");

function age(o: KubeObject, now: number): string {
  return humanDuration(now - Date.parse(o.metadata.creationTimestamp));
}

/** Pod STATUS as kubectl prints it: the waiting reason of a container, Terminating, or the phase. */
export function podStatusText(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? "Pending";
  for (const c of pod.status?.containerStatuses ?? []) {
    const w = c.state.waiting?.reason;
    const t = c.state.terminated?.reason;
    if (w && w !== "") reason = w;
    else if (t) reason = t;
  }
  return reason;
}

function containerNames(tpl: { spec: { containers: { name: string; image?: string }[] } }): [string, string] {
  return [tpl.spec.containers.map((c) => c.name).join(","), tpl.spec.containers.map((c) => c.image ?? "").join(",")];
}

/** kubectl's endpoint lists: the first three, then "+ N more...". */
function listWithMore(items: string[], none: string): string {
  if (items.length === 0) return none;
  return items.length > 3 ? `${items.slice(0, 3).join(",")} + ${items.length - 3} more...` : items.join(",");
}

interface Printer {
  columns: Column[];
  cells(o: KubeObject, now: number): Cell[];
}

const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [NAME, col("Ready", "The aggregate readiness state of this pod for accepting traffic."), col("Status", "The aggregate status of the containers in this pod."), col("Restarts", "The number of times the containers in this pod have been restarted.", 0, "string"), AGE, col("IP", "The IP address assigned to this pod", 1), col("Node", "The node this pod is assigned to", 1), col("Nominated Node", "Nominated node", 1), col("Readiness Gates", "Pod readiness gates", 1)],
    cells: (o, now) => {
      const p = o as Pod;
      const cs = p.status?.containerStatuses ?? [];
      return [p.metadata.name, `${cs.filter((c) => c.ready).length}/${p.spec.containers.length}`, podStatusText(p), String(cs.reduce((s, c) => s + c.restartCount, 0)), age(p, now), p.status?.podIP ?? "<none>", p.spec.nodeName ?? "<none>", "<none>", "<none>"];
    },
  },
  Node: {
    columns: [NAME, col("Status", "The status of the node"), col("Roles", "The roles of the node"), AGE, col("Version", "Kubelet Version reported by the node."), col("Internal-IP", "", 1), col("External-IP", "", 1), col("OS-Image", "", 1), col("Kernel-Version", "", 1), col("Container-Runtime", "", 1)],
    cells: (o, now) => {
      const n = o as NodeObject;
      const status = [isNodeReady(n) ? "Ready" : "NotReady", ...(n.spec.unschedulable ? ["SchedulingDisabled"] : [])].join(",");
      const info = n.status?.nodeInfo ?? {};
      return [n.metadata.name, status, "<none>", age(n, now), info.kubeletVersion ?? "", n.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "<none>", "<none>", info.osImage ?? "", info.kernelVersion ?? "", info.containerRuntimeVersion ?? ""];
    },
  },
  Deployment: {
    columns: [NAME, col("Ready", "Number of the pod with ready state"), col("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", 0, "integer"), col("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", 0, "integer"), AGE, col("Containers", "", 1), col("Images", "", 1), col("Selector", "", 1)],
    cells: (o, now) => {
      const d = o as Deployment;
      const [names, images] = containerNames(d.spec.template);
      return [d.metadata.name, `${d.status?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0, age(d, now), names, images, formatLabelSelector(d.spec.selector)];
    },
  },
  ReplicaSet: {
    columns: [NAME, col("Desired", "", 0, "integer"), col("Current", "", 0, "integer"), col("Ready", "", 0, "integer"), AGE, col("Containers", "", 1), col("Images", "", 1), col("Selector", "", 1)],
    cells: (o, now) => {
      const r = o as ReplicaSet;
      const [names, images] = containerNames(r.spec.template);
      return [r.metadata.name, r.spec.replicas ?? 1, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(r, now), names, images, formatLabelSelector(r.spec.selector)];
    },
  },
  Service: {
    columns: [NAME, col("Type", ""), col("Cluster-IP", ""), col("External-IP", ""), col("Port(s)", ""), AGE, col("Selector", "", 1)],
    cells: (o, now) => {
      const spec = (o.spec ?? {}) as { type?: string; clusterIP?: string; ports?: { port: number; protocol?: string; nodePort?: number }[]; selector?: Record<string, string> };
      const status = o.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
      const ext = status?.loadBalancer?.ingress?.map((i) => i.ip).join(",") || (spec.type === "LoadBalancer" ? "<pending>" : "<none>");
      const ports = (spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",") || "<none>";
      const sel = Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>";
      return [o.metadata.name, spec.type ?? "ClusterIP", spec.clusterIP ?? "<none>", ext, ports, age(o, now), sel];
    },
  },
  Endpoints: {
    columns: [NAME, col("Endpoints", "Endpoints is the list of domain names or IP addresses."), AGE],
    cells: (o, now) => {
      const subsets = (Array.isArray(o.subsets) ? o.subsets : []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
      const all = subsets.flatMap((s) => (s.ports?.length ? s.ports : [undefined]).flatMap((p) => (s.addresses ?? []).map((a) => (p ? `${a.ip}:${p.port}` : a.ip))));
      return [o.metadata.name, listWithMore(all, "<none>"), age(o, now)];
    },
  },
  EndpointSlice: {
    columns: [NAME, col("AddressType", ""), col("Ports", ""), col("Endpoints", ""), AGE],
    cells: (o, now) => {
      const ports = Array.isArray(o.ports) ? (o.ports as { port?: number }[]).map((p) => String(p.port ?? "")) : [];
      const addrs = (Array.isArray(o.endpoints) ? (o.endpoints as { addresses?: string[] }[]) : []).flatMap((e) => e.addresses ?? []);
      return [o.metadata.name, String(o.addressType ?? ""), ports.join(",") || "<unset>", listWithMore(addrs, "<unset>"), age(o, now)];
    },
  },
  Namespace: {
    columns: [NAME, col("Status", "The status of the namespace"), AGE],
    cells: (o, now) => [o.metadata.name, o.metadata.deletionTimestamp ? "Terminating" : String((o.status as { phase?: string } | undefined)?.phase ?? "Active"), age(o, now)],
  },
  Event: {
    columns: [col("Last Seen", ""), col("Type", ""), col("Reason", ""), col("Object", ""), col("Message", "")],
    cells: (o, now) => {
      const io = (o.involvedObject ?? {}) as { kind?: string; name?: string };
      return [humanDuration(now - Date.parse(String(o.lastTimestamp ?? o.metadata.creationTimestamp))), String(o.type ?? ""), String(o.reason ?? ""), `${(io.kind ?? "").toLowerCase()}/${io.name ?? ""}`, String(o.message ?? "")];
    },
  },
  PodDisruptionBudget: {
    columns: [NAME, col("Min Available", ""), col("Max Unavailable", ""), col("Allowed Disruptions", "", 0, "integer"), AGE],
    cells: (o, now) => {
      const p = o as PodDisruptionBudget;
      return [p.metadata.name, String(p.spec.minAvailable ?? "N/A"), String(p.spec.maxUnavailable ?? "N/A"), p.status?.disruptionsAllowed ?? 0, age(p, now)];
    },
  },
  PersistentVolumeClaim: {
    columns: [NAME, col("Status", ""), col("Volume", ""), col("Capacity", ""), col("Access Modes", ""), col("StorageClass", ""), col("VolumeAttributesClass", ""), AGE, col("VolumeMode", "", 1)],
    cells: (o, now) => {
      const spec = (o.spec ?? {}) as { volumeName?: string; storageClassName?: string; volumeMode?: string };
      const st = (o.status ?? {}) as { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
      const modes = (st.accessModes ?? []).map((m) => ({ ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" })[m] ?? m).join(",");
      return [o.metadata.name, st.phase ?? "Pending", spec.volumeName ?? "", st.capacity?.storage ?? "", modes, spec.storageClassName ?? "<unset>", "<unset>", age(o, now), spec.volumeMode ?? "Filesystem"];
    },
  },
  ConfigMap: { columns: [NAME, col("Data", "", 0, "integer"), AGE], cells: (o, now) => [o.metadata.name, Object.keys(isRecord(o.data) ? o.data : {}).length + Object.keys(isRecord(o.binaryData) ? o.binaryData : {}).length, age(o, now)] },
  Secret: { columns: [NAME, col("Type", ""), col("Data", "", 0, "integer"), AGE], cells: (o, now) => [o.metadata.name, String(o.type ?? "Opaque"), Object.keys(isRecord(o.data) ? o.data : {}).length, age(o, now)] },
  ServiceAccount: { columns: [NAME, col("Secrets", "", 0, "integer"), AGE], cells: (o, now) => [o.metadata.name, Array.isArray(o.secrets) ? o.secrets.length : 0, age(o, now)] },
  Ingress: {
    columns: [NAME, col("Class", ""), col("Hosts", ""), col("Address", ""), col("Ports", ""), AGE],
    cells: (o, now) => {
      const spec = (o.spec ?? {}) as { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
      const st = o.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
      return [o.metadata.name, spec.ingressClassName ?? "<none>", (spec.rules ?? []).map((r) => r.host ?? "*").join(",") || "*", st?.loadBalancer?.ingress?.map((i) => i.ip).join(",") ?? "", spec.tls?.length ? "80, 443" : "80", age(o, now)];
    },
  },
};

const DEFAULT_PRINTER: Printer = { columns: [NAME, AGE], cells: (o, now) => [o.metadata.name, age(o, now)] };

export type IncludeObject = "None" | "Metadata" | "Object";

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return o;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

export function toTable(kind: string, objects: KubeObject[], opts: { now: number; resourceVersion: string; include: IncludeObject; continueToken?: string; columns?: boolean }): Record<string, unknown> {
  const printer = PRINTERS[kind] ?? DEFAULT_PRINTER;
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    ...(opts.columns === false ? {} : { columnDefinitions: printer.columns }),
    rows: objects.map((o) => {
      const object = rowObject(o, opts.include);
      return { cells: printer.cells(o, opts.now), ...(object ? { object } : {}) };
    }),
  };
}

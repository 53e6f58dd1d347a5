/**
 * The endpoints and EndpointSlice controllers, and the `default/kubernetes` Service the API server
 * keeps. For every Service with a selector, the pods it selects (same namespace, with an IP, not
 * finished) become addresses: Ready pods in `subsets[].addresses` / `conditions.ready=true`, others
 * in `notReadyAddresses` / `ready=false`; terminating pods leave the Endpoints and stay in the
 * slice as `terminating` (as kube-controller-manager does). Named targetPorts are resolved per pod
 * from its containers' ports, so pods that name a port differently land in different subsets/slices.
 * Objects are only rewritten when their content changes, so a quiet cluster writes nothing.
 */
import type { Pod } from "../model";
import { typeOf } from "../resources";
import { isRecord, type KubeObject } from "../types";
import { randomSuffix, type SimContext } from "./context";
import { isPodReady } from "./workloads";

const SVC = typeOf("Service");
const EP = typeOf("Endpoints");
const SLICE = typeOf("EndpointSlice");
const POD = typeOf("Pod");

/** Label Kubernetes ≥1.33 puts on controller-managed Endpoints; we use it to know which ones are ours to delete. */
export const ENDPOINTS_MANAGED_BY = "endpoints.kubernetes.io/managed-by";
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
const SLICE_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
const SLICE_CONTROLLER = "endpointslice-controller.k8s.io";

/** AKS's default service CIDR is 10.0.0.0/16; the API server's Service takes its first address. */
export const KUBERNETES_SERVICE_IP = "10.0.0.1";

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

interface Address {
  ip: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}

interface Backend {
  address: Address;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

function serviceSpec(svc: KubeObject): { selector?: Record<string, string>; ports: ServicePort[]; type?: string; publishNotReadyAddresses?: boolean } {
  const spec = isRecord(svc.spec) ? svc.spec : {};
  const selector = isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
  return {
    ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
    ports: Array.isArray(spec.ports) ? (spec.ports.filter(isRecord) as unknown as ServicePort[]) : [],
    ...(typeof spec.type === "string" ? { type: spec.type } : {}),
    ...(spec.publishNotReadyAddresses === true ? { publishNotReadyAddresses: true } : {}),
  };
}

function selects(selector: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The pod's port for a Service port; a named targetPort is looked up in the pod's containers (undefined: pod lacks it). */
function resolvePort(sp: ServicePort, pod: Pod): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  return undefined;
}

function endpointPorts(ports: ServicePort[], pod: Pod): EndpointPort[] | undefined {
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = resolvePort(sp, pod);
    // Like the endpoints controller: a pod that lacks a named port is left out for that port only.
    if (port === undefined) continue;
    out.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? "TCP", ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return ports.length > 0 && out.length === 0 ? undefined : out;
}

/** Backends of one Service grouped by their resolved port list (key = JSON of the ports). */
function backendsByPorts(svc: KubeObject, pods: Pod[]): Map<string, { ports: EndpointPort[]; backends: Backend[] }> {
  const { selector, ports, publishNotReadyAddresses } = serviceSpec(svc);
  const groups = new Map<string, { ports: EndpointPort[]; backends: Backend[] }>();
  if (!selector) return groups;
  for (const pod of pods) {
    const ip = pod.status?.podIP;
    const phase = pod.status?.phase;
    if (!ip || phase === "Succeeded" || phase === "Failed" || !selects(selector, pod)) continue;
    const epPorts = endpointPorts(ports, pod);
    if (!epPorts) continue;
    const key = JSON.stringify(epPorts);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: epPorts, backends: [] }));
    const ready = publishNotReadyAddresses === true || isPodReady(pod);
    const terminating = Boolean(pod.metadata.deletionTimestamp);
    g.backends.push({
      address: { ip, ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}), targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name, uid: pod.metadata.uid } },
      ready: ready && !terminating,
      serving: ready,
      terminating,
    });
  }
  for (const g of groups.values()) g.backends.sort((a, b) => a.address.ip.localeCompare(b.address.ip, "en", { numeric: true }));
  return groups;
}

function endpointsSubsets(groups: ReturnType<typeof backendsByPorts>): Record<string, unknown>[] {
  const subsets: Record<string, unknown>[] = [];
  for (const { ports, backends } of groups.values()) {
    const live = backends.filter((b) => !b.terminating);
    const addresses = live.filter((b) => b.ready).map((b) => b.address);
    const notReady = live.filter((b) => !b.ready).map((b) => b.address);
    if (addresses.length === 0 && notReady.length === 0) continue;
    subsets.push({ ...(addresses.length ? { addresses } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ...(ports.length ? { ports } : {}) });
  }
  return subsets;
}

function syncEndpoints(ctx: SimContext, svc: KubeObject, subsets: Record<string, unknown>[], extraLabels: Record<string, string> = { [ENDPOINTS_MANAGED_BY]: "endpoint-controller" }): void {
  const ns = svc.metadata.namespace;
  const name = svc.metadata.name;
  const labels = { ...(svc.metadata.labels ?? {}), ...extraLabels };
  const existing = ctx.store.get(EP, ns, name);
  if (!existing) {
    ctx.store.create(EP, { apiVersion: "v1", kind: "Endpoints", metadata: { name, ...(ns ? { namespace: ns } : {}), uid: "", resourceVersion: "", creationTimestamp: "", labels }, ...(subsets.length ? { subsets } : {}) });
    return;
  }
  // Compare before mutate(): cloning a Service's thousands of addresses on every pass is the cost.
  if (JSON.stringify(existing.metadata.labels ?? {}) === JSON.stringify(labels) && JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets)) return;
  ctx.store.mutate(EP, ns, name, (draft) => {
    draft.metadata.labels = labels;
    if (subsets.length) draft.subsets = subsets;
    else delete draft.subsets;
  });
}

function sliceBody(svc: KubeObject, ports: EndpointPort[] | undefined, backends: Backend[]): Record<string, unknown> {
  return {
    addressType: "IPv4",
    endpoints: backends.map((b) => ({
      addresses: [b.address.ip],
      conditions: { ready: b.ready, serving: b.serving, terminating: b.terminating },
      ...(b.address.nodeName ? { nodeName: b.address.nodeName } : {}),
      targetRef: b.address.targetRef,
    })),
    // A Service with a selector but no pods keeps one slice without ports (kubectl shows <unset>).
    ports: ports && ports.length ? ports : null,
    labels: { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: svc.metadata.name, [SLICE_MANAGED_BY]: SLICE_CONTROLLER },
  };
}

function syncSlices(ctx: SimContext, svc: KubeObject, groups: ReturnType<typeof backendsByPorts>, slicesOfService: KubeObject[]): void {
  const ns = svc.metadata.namespace;
  const wanted = groups.size ? [...groups.values()].map((g) => sliceBody(svc, g.ports, g.backends)) : [sliceBody(svc, undefined, [])];
  // Each port set keeps its slice (matched by ports), else reuses a spare one: a change rewrites
  // slices instead of replacing them, and a quiet pass writes nothing.
  const spare = [...slicesOfService].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const take = (ports: unknown): KubeObject | undefined => {
    const i = spare.findIndex((x) => JSON.stringify(x.ports ?? null) === JSON.stringify(ports));
    return i >= 0 ? spare.splice(i, 1)[0] : undefined;
  };
  const matched = wanted.map((body) => take(body.ports));
  wanted.forEach((body, i) => {
    const { labels, ...content } = body as { labels: Record<string, string> } & Record<string, unknown>;
    const cur = matched[i] ?? spare.shift();
    if (cur) {
      const same = JSON.stringify(cur.metadata.labels ?? {}) === JSON.stringify(labels) && Object.entries(content).every(([k, v]) => JSON.stringify(cur[k] ?? null) === JSON.stringify(v));
      if (same) return;
      ctx.store.mutate(SLICE, ns, cur.metadata.name, (draft) => {
        draft.metadata.labels = labels;
        Object.assign(draft, content);
      });
      return;
    }
    const prefix = `${svc.metadata.name.slice(0, 57)}-`;
    ctx.store.create(SLICE, {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: `${prefix}${randomSuffix()}`,
        generateName: prefix,
        ...(ns ? { namespace: ns } : {}),
        uid: "",
        resourceVersion: "",
        creationTimestamp: "",
        labels,
        ownerReferences: [{ apiVersion: "v1", kind: "Service", name: svc.metadata.name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      ...content,
    });
  });
  for (const extra of spare) ctx.store.delete(SLICE, ns, extra.metadata.name);
}

/**
 * The Service `default/kubernetes` (ClusterIP 10.0.0.1, https 443) and its endpoints pointing at the
 * API server, as every cluster has; recreated if deleted, like the API server's own reconciler does.
 */
export function ensureKubernetesService(ctx: SimContext, apiServer: { ip: string; port: number } | undefined): void {
  let svc = ctx.store.get(SVC, "default", "kubernetes");
  if (!svc) {
    svc = ctx.store.create(SVC, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "", labels: { component: "apiserver", provider: "kubernetes" } },
      spec: {
        type: "ClusterIP",
        clusterIP: KUBERNETES_SERVICE_IP,
        clusterIPs: [KUBERNETES_SERVICE_IP],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        internalTrafficPolicy: "Cluster",
        sessionAffinity: "None",
        ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 443 }],
      },
      status: { loadBalancer: {} },
    });
  }
  if (!apiServer) return;
  const ports: EndpointPort[] = [{ name: "https", port: apiServer.port, protocol: "TCP" }];
  syncEndpoints(ctx, svc, [{ addresses: [{ ip: apiServer.ip }], ports }], {});
  // The API server writes this slice itself: fixed name, no owner, no managed-by label.
  const content = { addressType: "IPv4", endpoints: [{ addresses: [apiServer.ip], conditions: { ready: true, serving: true, terminating: false } }], ports };
  const labels = { [SERVICE_NAME_LABEL]: "kubernetes" };
  if (!ctx.store.get(SLICE, "default", "kubernetes")) {
    ctx.store.create(SLICE, { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: { name: "kubernetes", namespace: "default", uid: "", resourceVersion: "", creationTimestamp: "", labels }, ...content });
  } else {
    ctx.store.mutate(SLICE, "default", "kubernetes", (draft) => {
      draft.metadata.labels = labels;
      Object.assign(draft, content);
    });
  }
}

/** One pass of the endpoints + EndpointSlice controllers over every Service. */
export function reconcileEndpoints(ctx: SimContext, apiServer?: { ip: string; port: number }): void {
  ensureKubernetesService(ctx, apiServer);
  const podsByNs = new Map<string, Pod[]>();
  for (const p of ctx.store.list(POD) as Pod[]) {
    const ns = p.metadata.namespace ?? "";
    const list = podsByNs.get(ns);
    if (list) list.push(p);
    else podsByNs.set(ns, [p]);
  }
  const slicesBySvc = new Map<string, KubeObject[]>();
  for (const s of ctx.store.list(SLICE)) {
    if (s.metadata.labels?.[SLICE_MANAGED_BY] !== SLICE_CONTROLLER) continue;
    const k = `${s.metadata.namespace}/${s.metadata.labels[SERVICE_NAME_LABEL] ?? ""}`;
    const list = slicesBySvc.get(k);
    if (list) list.push(s);
    else slicesBySvc.set(k, [s]);
  }
  const managed = new Set<string>();
  for (const svc of ctx.store.list(SVC)) {
    const { selector, type } = serviceSpec(svc);
    if (!selector || type === "ExternalName" || svc.metadata.deletionTimestamp) continue;
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    managed.add(key);
    const groups = backendsByPorts(svc, podsByNs.get(svc.metadata.namespace ?? "") ?? []);
    syncEndpoints(ctx, svc, endpointsSubsets(groups));
    // Slices of an earlier Service with the same name (other uid) are replaced.
    const own = (slicesBySvc.get(key) ?? []).filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
    for (const stale of (slicesBySvc.get(key) ?? []).filter((s) => !own.includes(s))) ctx.store.delete(SLICE, stale.metadata.namespace, stale.metadata.name);
    syncSlices(ctx, svc, groups, own);
  }
  // Our Endpoints and slices of Services that are gone or lost their selector.
  for (const ep of ctx.store.list(EP)) {
    if (ep.metadata.labels?.[ENDPOINTS_MANAGED_BY] !== "endpoint-controller") continue;
    if (!managed.has(`${ep.metadata.namespace}/${ep.metadata.name}`)) ctx.store.delete(EP, ep.metadata.namespace, ep.metadata.name);
  }
  for (const [key, slices] of slicesBySvc) {
    if (managed.has(key)) continue;
    for (const s of slices) ctx.store.delete(SLICE, s.metadata.namespace, s.metadata.name);
  }
}

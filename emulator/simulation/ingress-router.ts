/**
 * Local routing of Ingress hosts, standing in for the ingress controller and DNS of an AKS
 * cluster: an HTTP server that picks the Ingress rule by `Host` header across all simulated
 * clusters, then the Service it names, then a Ready endpoint pod, and lets the simulated app in
 * that pod answer. Answers like ingress-nginx otherwise: 404 when no rule matches, 503 when the
 * Service has no ready endpoints. Browsers reach `http://<host>.localhost:<port>/` (Chromium
 * resolves *.localhost to loopback and sends that name as Host), so a Host `<host>.localhost` that
 * no rule names is routed as `<host>` (routeForHost); Node clients may also send `Host: <host>`.
 */
import http from "node:http";
import { z } from "zod";
import type { SimulatedCluster } from "../kubernetes";
import type { Pod } from "../kubernetes/model";
import { typeOf } from "../kubernetes/resources";
import { selectorMatches } from "../kubernetes/selectors";
import { isPodReady } from "../kubernetes/controllers/workloads";
import type { AppResponse } from "./openhands-app";

const INGRESS = typeOf("Ingress");
const SERVICE = typeOf("Service");
const POD = typeOf("Pod");

const backendSchema = z.object({ service: z.object({ name: z.string(), port: z.object({ number: z.number().optional(), name: z.string().optional() }).optional() }).optional() });
const ingressSpec = z.object({
  defaultBackend: backendSchema.optional(),
  rules: z
    .array(
      z.object({
        host: z.string().optional(),
        http: z.object({ paths: z.array(z.object({ path: z.string().optional(), pathType: z.string().optional(), backend: backendSchema })) }).optional(),
      }),
    )
    .optional(),
});
const serviceSpec = z.object({ selector: z.record(z.string(), z.string()).optional() });

export interface Route {
  cluster: SimulatedCluster;
  namespace: string;
  ingress: string;
  service: string;
}

function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  const rule = ruleHost.toLowerCase();
  if (rule.startsWith("*.")) {
    const rest = host.slice(host.indexOf(".") + 1);
    return host.includes(".") && rest === rule.slice(2);
  }
  return rule === host;
}

function pathMatches(path: string | undefined, type: string | undefined, requested: string): number {
  const p = path || "/";
  if (type === "Exact") return requested === p ? p.length + 1 : -1;
  const prefix = p.endsWith("/") ? p : `${p}/`;
  return requested === p || requested.startsWith(prefix) || p === "/" ? p.length : -1;
}

/** The Ingress backend for a host and path across clusters: specific hosts before wildcards, longest path wins. */
export function findRoute(clusters: Iterable<SimulatedCluster>, host: string, path: string): Route | undefined {
  let best: { route: Route; score: number } | undefined;
  for (const cluster of clusters) {
    for (const ing of cluster.store.list(INGRESS)) {
      const spec = ingressSpec.safeParse(ing.spec);
      if (!spec.success) continue;
      for (const rule of spec.data.rules ?? []) {
        if (!hostMatches(rule.host, host)) continue;
        const hostScore = rule.host ? (rule.host.startsWith("*.") ? 1 : 2) : 0;
        for (const p of rule.http?.paths ?? []) {
          const len = pathMatches(p.path, p.pathType, path);
          const svc = p.backend.service?.name;
          if (len < 0 || !svc) continue;
          const score = hostScore * 100_000 + len;
          if (!best || score > best.score) best = { route: { cluster, namespace: ing.metadata.namespace ?? "default", ingress: ing.metadata.name, service: svc }, score };
        }
      }
    }
  }
  return best?.route;
}

/**
 * The route for a request's Host (port already removed): the Ingress host as written, else — for the
 * browser address `http://<ingress host>.localhost:<port>` — the host without its `.localhost`.
 */
export function routeForHost(clusters: () => Iterable<SimulatedCluster>, host: string, path: string): Route | undefined {
  const exact = findRoute(clusters(), host, path);
  if (exact || !host.endsWith(".localhost")) return exact;
  return findRoute(clusters(), host.slice(0, -".localhost".length), path);
}

/** Ready, not terminating pods selected by the Service. */
export function readyEndpoints(route: Route): Pod[] {
  const svc = route.cluster.store.get(SERVICE, route.namespace, route.service);
  const spec = serviceSpec.safeParse(svc?.spec);
  if (!svc || !spec.success || !spec.data.selector) return [];
  return (route.cluster.store.list(POD, route.namespace) as Pod[]).filter(
    (p) => !p.metadata.deletionTimestamp && isPodReady(p) && selectorMatches({ matchLabels: spec.data.selector }, p.metadata.labels),
  );
}

export interface IngressRouterOptions {
  host?: string;
  port: number;
  clusters: () => Iterable<SimulatedCluster>;
  /** Lets the app in the pod answer; undefined when the pod runs nothing the simulation knows. */
  serve: (cluster: SimulatedCluster, pod: Pod, method: string, path: string) => Promise<AppResponse | undefined>;
}

export interface RunningIngressRouter {
  url: string;
  close(): Promise<void>;
}

const page = (status: number, title: string): AppResponse => ({
  status,
  contentType: "text/html",
  body: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

export async function startIngressRouter(opts: IngressRouterOptions): Promise<RunningIngressRouter> {
  let turn = 0;
  const answer = async (req: http.IncomingMessage): Promise<AppResponse> => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const path = req.url ?? "/";
    const route = routeForHost(opts.clusters, host, path.split("?")[0] ?? "/");
    if (!route) return page(404, "Not Found");
    const pods = readyEndpoints(route);
    if (pods.length === 0) return page(503, "Service Temporarily Unavailable");
    const pod = pods[turn++ % pods.length]!;
    return (await opts.serve(route.cluster, pod, req.method ?? "GET", path)) ?? page(502, "Bad Gateway");
  };
  const server = http.createServer((req, res) => {
    req.resume();
    answer(req).then(
      (r) => {
        res.writeHead(r.status, { "content-type": r.contentType, "content-length": Buffer.byteLength(r.body) });
        res.end(req.method === "HEAD" ? undefined : r.body);
      },
      () => {
        const r = page(500, "Internal Server Error");
        res.writeHead(r.status, { "content-type": r.contentType });
        res.end(r.body);
      },
    );
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => resolve());
  });
  return {
    url: `http://${host}:${opts.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The console's own image on a local AKS cluster (deploy/kubernetes). No container runs here, so
 * a console pod's readiness is decided by what its `/api/health` depends on: the configuration the
 * pod would see (envFrom ConfigMap + Secret, then env) must pass lib/config's checks — the real
 * server stops at start-up otherwise — and the store named by DATABASE_URL must answer `SELECT 1`.
 * A rollout of the console therefore completes only with a working configuration and store.
 */
import pg from "pg";
import type { LogLine, SimulatedCluster } from "../kubernetes";
import type { Container, Pod } from "../kubernetes/model";
import { ConfigError, loadConfig } from "@/lib/config";
import { resolveContainerEnv } from "./app-env";
import type { AppResponse } from "./openhands-app";

/** The console image as the Kustomize base names it (any registry, any tag or digest). */
const CONSOLE_IMAGE = /(^|\/)openhands-console(:|@|$)/;
const TIMEOUT_MS = 2000;
const MAX_LOG_LINES = 200;

export function consoleContainer(pod: Pod): Container | undefined {
  return pod.spec.containers.find((c) => CONSOLE_IMAGE.test(c.image ?? ""));
}

export interface ConsoleReadiness {
  ok: boolean;
  /** Why not, as the console would log it. */
  lines: string[];
}

export class ConsoleApp {
  private readonly logs = new Map<string, LogLine[]>();
  private readonly lastVerdict = new Map<string, string>();
  /** The environment each pod's container started with: Kubernetes resolves envFrom/env once, at container start. */
  private readonly envAtStart = new Map<string, ReturnType<typeof resolveContainerEnv>>();

  /** Readiness of a console pod; undefined for any other pod (another prober or the default decides). */
  probe(cluster: SimulatedCluster): (pod: Pod) => Promise<boolean> | undefined {
    return (pod) => {
      const container = consoleContainer(pod);
      if (!container) return undefined;
      return this.ready(cluster, pod, container).then((r) => {
        this.note(pod, r);
        return r.ok;
      });
    };
  }

  async ready(cluster: SimulatedCluster, pod: Pod, container: Container): Promise<ConsoleReadiness> {
    const resolved = this.envAtStart.get(pod.metadata.uid) ?? resolveContainerEnv(cluster.store, pod.metadata.namespace ?? "default", container);
    // A missing ConfigMap or Secret keeps the container from starting (retried); once started, its
    // environment no longer follows later changes to them (a changed Secret needs a rollout restart).
    if (resolved.problems.length > 0) return { ok: false, lines: resolved.problems.map((p) => `Error: ${p}`) };
    this.envAtStart.set(pod.metadata.uid, resolved);
    let cfg;
    try {
      cfg = loadConfig(resolved.env);
    } catch (err) {
      if (err instanceof ConfigError) return { ok: false, lines: err.message.split("\n") };
      throw err;
    }
    const client = new pg.Client({ connectionString: cfg.DATABASE_URL, ssl: cfg.DATABASE_SSL ? {} : false, connectionTimeoutMillis: TIMEOUT_MS });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return { ok: true, lines: [] };
    } catch (err) {
      return { ok: false, lines: [`health: store unreachable: ${err instanceof Error ? err.message : String(err)}`] };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * What the console answers through the ingress router: `/api/health` with the readiness checks
   * (200 `{"status":"ok","store":"ok"}`, else 503 `degraded`, as app/api/health/route.ts); any
   * other path 404 (no console UI runs here). Undefined for a pod that is not the console's.
   */
  async handle(cluster: SimulatedCluster, pod: Pod, method: string, path: string): Promise<AppResponse | undefined> {
    const container = consoleContainer(pod);
    if (!container) return undefined;
    const json = (status: number, body: unknown): AppResponse => ({ status, contentType: "application/json", body: JSON.stringify(body) });
    if ((method !== "GET" && method !== "HEAD") || path.split("?")[0] !== "/api/health") return json(404, { error: "not_found", message: "Only /api/health is simulated for the console's image" });
    const r = await this.ready(cluster, pod, container);
    return r.ok ? json(200, { status: "ok", store: "ok" }) : json(503, { status: "degraded", store: "unreachable" });
  }

  /** Log lines of the console container (merged into `kubectl logs`). */
  log(pod: Pod, container: Container): LogLine[] | undefined {
    return consoleContainer(pod)?.name === container.name ? this.logs.get(pod.metadata.uid) : undefined;
  }

  /** Logs what the real server would: the failure on each failed check, one line when it recovers. */
  private note(pod: Pod, r: ConsoleReadiness): void {
    const uid = pod.metadata.uid;
    const verdict = r.ok ? "ok" : r.lines.join("\n");
    const time = Date.now();
    const lines = this.logs.get(uid) ?? [];
    if (!r.ok) lines.push(...r.lines.map((text) => ({ time, text })));
    else if (this.lastVerdict.get(uid) !== "ok") lines.push({ time, text: "✓ Ready: GET /api/health 200" });
    this.lastVerdict.set(uid, verdict);
    this.logs.set(uid, lines.slice(-MAX_LOG_LINES));
  }

  forget(uid: string): void {
    this.logs.delete(uid);
    this.lastVerdict.delete(uid);
    this.envAtStart.delete(uid);
  }
}

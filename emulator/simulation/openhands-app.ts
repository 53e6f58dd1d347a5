/**
 * The simulated OpenHands app server inside the pods of an OpenHands Deployment: answers
 * `/alive`, `/health` and `/ready` like `openhands/server/routes/health.py` and the enterprise
 * readiness route, with the pod's own environment (resolved from the cluster's Secrets and
 * ConfigMaps at each request, as a restarted container would see them). It also serves as the
 * kubelet's readiness probe for those pods and keeps honest log lines for `kubectl logs`.
 * Before its first readiness verdict on a database the app runs OpenHands' migrations there (the
 * chart's migrate-db init container), so the tables exist once a pod is Ready.
 */
import type { SimulatedCluster, LogLine } from "../kubernetes";
import type { Container, Pod } from "../kubernetes/model";
import { openHandsAppContainer, resolveContainerEnv } from "./app-env";
import { dependencySettings, message, ReadinessCache, type ReadinessResult } from "./app-readiness";
import { OpenHandsMigrations } from "./openhands-migrations";

export interface AppResponse {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, value: unknown): AppResponse => ({ status, contentType: "application/json", body: JSON.stringify(value) });

const MAX_LOG_LINES = 200;

export class OpenHandsApp {
  private readonly logs = new Map<string, LogLine[]>();
  private readonly lastVerdict = new Map<string, string>();
  private readonly started = new Map<string, { env: Record<string, string>; problems: string[] }>();

  constructor(
    private readonly readiness = new ReadinessCache(),
    private readonly migrations = new OpenHandsMigrations(),
  ) {}

  /**
   * The pod's environment, or undefined when the pod does not run the OpenHands app. Fixed once the
   * container runs, as in Kubernetes: editing a Secret changes nothing until pods are replaced.
   */
  environment(cluster: SimulatedCluster, pod: Pod): { container: Container; env: Record<string, string>; problems: string[] } | undefined {
    const container = openHandsAppContainer(pod);
    if (!container) return undefined;
    const started = this.started.get(pod.metadata.uid);
    if (started) return { container, ...started };
    const resolved = resolveContainerEnv(cluster.store, pod.metadata.namespace ?? "default", container);
    if (pod.status?.phase === "Running") this.started.set(pod.metadata.uid, resolved);
    return { container, ...resolved };
  }

  async ready(cluster: SimulatedCluster, pod: Pod): Promise<ReadinessResult | undefined> {
    const found = this.environment(cluster, pod);
    if (!found) return undefined;
    const result = found.problems.length > 0 ? { ok: false, detail: `Database is not accessible: ${found.problems.join("; ")}` } : await this.migratedAndReady(dependencySettings(found.env));
    this.note(pod, result);
    return result;
  }

  /** Migrations first (an init container would block the app until they succeed), then /ready. */
  private async migratedAndReady(settings: ReturnType<typeof dependencySettings>): Promise<ReadinessResult> {
    try {
      await this.migrations.ensure(settings.db);
    } catch (err) {
      return { ok: false, detail: `Database is not accessible: ${message(err)}` };
    }
    return this.readiness.ready(settings);
  }

  /** Answers one HTTP request to the app in `pod`. */
  async handle(cluster: SimulatedCluster, pod: Pod, method: string, path: string): Promise<AppResponse> {
    const route = path.split("?")[0] ?? "/";
    if (method !== "GET" && method !== "HEAD") return json(405, { detail: "Method Not Allowed" });
    if (route === "/alive") return json(200, { status: "ok" });
    if (route === "/health") return json(200, "OK");
    if (route === "/ready") {
      const r = await this.ready(cluster, pod);
      if (!r) return json(404, { detail: "Not Found" });
      return r.ok ? json(200, "OK") : json(503, { detail: r.detail });
    }
    return json(404, { detail: "Not Found" });
  }

  /** The kubelet's readiness probe: only app pods that declare a readinessProbe are decided here. */
  probe(cluster: SimulatedCluster): (pod: Pod) => Promise<boolean> | undefined {
    return (pod) => (openHandsAppContainer(pod) ? this.ready(cluster, pod).then((r) => r?.ok ?? true) : undefined);
  }

  /** Log lines of the app container (merged into `kubectl logs`). */
  log(pod: Pod, container: Container): LogLine[] | undefined {
    return openHandsAppContainer(pod)?.name === container.name ? this.logs.get(pod.metadata.uid) : undefined;
  }

  /** Logs what the real server would: an error line per failed check, one line when it recovers. */
  private note(pod: Pod, r: ReadinessResult): void {
    const uid = pod.metadata.uid;
    const verdict = r.ok ? "ok" : (r.detail ?? "");
    const lines = this.logs.get(uid) ?? [];
    const time = Date.now();
    if (!r.ok) {
      const kind = r.detail?.startsWith("Redis") ? "Redis" : "Database";
      lines.push({ time, text: `ERROR:saas_server:${kind} check failed: ${r.detail?.replace(/^[^:]+: /, "") ?? ""}` });
      lines.push({ time, text: `INFO:     10.244.0.1:0 - "GET /ready HTTP/1.1" 503 Service Unavailable` });
    } else if (this.lastVerdict.get(uid) !== "ok") {
      lines.push({ time, text: `INFO:     Application startup complete.` });
      lines.push({ time, text: `INFO:     10.244.0.1:0 - "GET /ready HTTP/1.1" 200 OK` });
    }
    this.lastVerdict.set(uid, verdict);
    this.logs.set(uid, lines.slice(-MAX_LOG_LINES));
  }

  forget(uid: string): void {
    this.logs.delete(uid);
    this.lastVerdict.delete(uid);
    this.started.delete(uid);
  }
}

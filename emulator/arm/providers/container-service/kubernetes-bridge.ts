/**
 * The KubernetesApiHook backed by the Kubernetes emulator (emulator/kubernetes): each AKS cluster
 * gets a simulated cluster and its own HTTPS API server on 127.0.0.1:<port>, created when the
 * cluster finishes provisioning (or when the local Azure restarts), kept in step with pools and
 * versions, and removed with the cluster. Work per cluster is serialised.
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createCluster, startKubeApiServer, upgradePool, type AgentPoolSpec, type RunningKubeApiServer, type SimulatedCluster } from "../../../kubernetes";
import type { ServerCert } from "../../../tls/local-ca";
import type { ClusterInfo } from "./cluster-state";
import type { ArmClusterFeedback, KubernetesApiHook } from "./kubeconfig";

export interface SimulatedKubernetesOptions {
  dataDir: string;
  /** Certificate of 127.0.0.1 from the local CA. */
  cert: ServerCert;
  /** The ARM time scale (0.1 = ten times faster than Azure); the simulation runs 1/scale faster. */
  timeScale: () => number;
  /** Ports for API servers: basePort … basePort+portRange-1, a stable one per cluster id (default 31000, 1000). */
  basePort?: number;
  portRange?: number;
  log?: (line: string) => void;
  /** Called once per running simulated cluster (e.g. the OpenHands workload simulation); the returned function runs when it stops. */
  attach?: (sim: SimulatedCluster, info: ClusterInfo) => (() => void) | void;
}

interface Running {
  sim: SimulatedCluster;
  api: RunningKubeApiServer;
  persistFile: string;
  detach?: () => void;
}

function specs(info: ClusterInfo): AgentPoolSpec[] {
  return info.agentPools.map((p) => ({
    name: p.name,
    count: p.count,
    vmSize: p.vmSize,
    mode: p.mode === "System" ? "System" : "User",
    orchestratorVersion: p.orchestratorVersion,
    nodeLabels: p.nodeLabels,
    nodeTaints: p.nodeTaints,
    enableAutoScaling: p.enableAutoScaling,
    ...(p.minCount !== undefined ? { minCount: p.minCount } : {}),
    ...(p.maxCount !== undefined ? { maxCount: p.maxCount } : {}),
    ...(p.maxPods !== undefined ? { maxPods: p.maxPods } : {}),
  }));
}

export function simulatedKubernetesApi(opts: SimulatedKubernetesOptions): KubernetesApiHook & { closeAll(): Promise<void> } {
  const running = new Map<string, Promise<Running>>();
  let feedback: ArmClusterFeedback | undefined;
  const queue = new Map<string, Promise<unknown>>();
  const basePort = opts.basePort ?? 31000;
  const portRange = opts.portRange ?? 1000;

  /** Run `work` after any earlier work on the same cluster. */
  function serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const next = (queue.get(id) ?? Promise.resolve()).then(work, work);
    queue.set(id, next.catch(() => undefined));
    return next;
  }

  async function listen(sim: SimulatedCluster, info: ClusterInfo): Promise<RunningKubeApiServer> {
    const hash = Number.parseInt(createHash("sha256").update(info.id.toLowerCase()).digest("hex").slice(0, 6), 16);
    let lastError: unknown;
    for (let attempt = 0; attempt < Math.min(20, portRange); attempt++) {
      const port = basePort + ((hash + attempt) % portRange);
      try {
        return await startKubeApiServer(sim, { host: "127.0.0.1", port, tls: { cert: opts.cert.cert, key: opts.cert.key }, token: [info.tokens.user, info.tokens.admin] });
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError instanceof Error ? lastError : new Error("no free port for the Kubernetes API");
  }

  function ensure(info: ClusterInfo): Promise<Running> {
    const key = info.id.toLowerCase();
    const existing = running.get(key);
    if (existing) return existing;
    const started = (async () => {
      const dir = path.join(opts.dataDir, "aks");
      mkdirSync(dir, { recursive: true });
      const persistFile = path.join(dir, `${createHash("sha256").update(key).digest("hex").slice(0, 16)}.json`);
      const scale = opts.timeScale();
      const sim = createCluster({
        name: info.name,
        location: info.location,
        kubernetesVersion: info.kubernetesVersion,
        pools: specs(info),
        timeScale: scale > 0 ? 1 / scale : 1000,
        persistFile,
        onPoolCountChange: (pool, count) => feedback?.poolCountChanged(info.id, pool, count),
      });
      const api = await listen(sim, info);
      const detach = opts.attach?.(sim, info);
      return { sim, api, persistFile, ...(detach ? { detach } : {}) };
    })();
    running.set(key, started);
    started.catch(() => running.delete(key));
    return started;
  }

  /** One pass bringing the simulated cluster to `info`; upgrades drain nodes and may fail on a PDB. */
  async function converge(info: ClusterInfo): Promise<{ code: string; message: string } | undefined> {
    const { sim } = await ensure(info);
    if (sim.kubernetesVersion !== info.kubernetesVersion) sim.upgradeControlPlane(info.kubernetesVersion);
    for (const pool of info.agentPools) {
      const nodes = sim.nodes(pool.name);
      const behind = nodes.some((n) => n.status?.nodeInfo?.kubeletVersion !== `v${pool.orchestratorVersion}`);
      if (nodes.length === 0 || !behind) continue;
      const result = await upgradePool(sim, pool.name, pool.orchestratorVersion);
      if (!result.ok) return { code: result.error.code, message: result.error.message };
    }
    sim.setPools(specs(info));
    return undefined;
  }

  /** Per cluster: the target being converged to and how far it got. */
  const changes = new Map<string, { signature: string; state: "running" | "done" | { code: string; message: string } }>();

  function reconcile(info: ClusterInfo): "running" | "done" | { code: string; message: string } {
    const key = info.id.toLowerCase();
    const signature = JSON.stringify([info.kubernetesVersion, info.agentPools]);
    const current = changes.get(key);
    if (current && current.signature === signature) {
      // Report a failure once; the next call (a retried operation) starts over and resumes the upgrade.
      if (typeof current.state === "object") changes.delete(key);
      return current.state;
    }
    const change: { signature: string; state: "running" | "done" | { code: string; message: string } } = { signature, state: "running" };
    changes.set(key, change);
    serial(key, () => converge(info)).then(
      (error) => {
        change.state = error ?? "done";
        if (error) opts.log?.(`Kubernetes side of ${info.name} failed: ${error.code}`);
      },
      (err: unknown) => {
        change.state = { code: "InternalServerError", message: `The cluster's Kubernetes API could not be brought up: ${err instanceof Error ? err.message : String(err)}` };
      },
    );
    return "running";
  }

  return {
    connect(arm) {
      feedback = arm;
    },
    async access(cluster, role) {
      const r = await serial(cluster.id.toLowerCase(), () => ensure(cluster));
      return { server: r.api.url, certificateAuthorityPem: opts.cert.ca, token: cluster.tokens[role] };
    },
    onProvisioned(cluster) {
      // Also after a restart: converge quietly; an error here is logged, not fatal.
      reconcile(cluster);
    },
    reconcile,
    onDeleted(cluster) {
      const key = cluster.id.toLowerCase();
      changes.delete(key);
      return serial(key, async () => {
        const r = await running.get(key)?.catch(() => undefined);
        running.delete(key);
        if (!r) return;
        r.detach?.();
        await r.api.close();
        r.sim.close();
        rmSync(r.persistFile, { force: true });
      });
    },
    async closeAll() {
      const all = [...running.values()];
      running.clear();
      for (const p of all) {
        const r = await p.catch(() => undefined);
        if (!r) continue;
        r.detach?.();
        await r.api.close();
        r.sim.close();
      }
    },
  };
}

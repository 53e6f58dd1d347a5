/**
 * Process entry of the local Azure (the Azure Resource Manager the launcher spawns).
 *   LOCAL_STACK_DIR (default .data), ARM_PORT (default 8443), ENTRA_PORT (default 9443),
 *   LOCAL_AZURE_TIME_SCALE (default 0.1: a full setup in ~1.5 min; 0 = instant),
 *   LOCAL_INGRESS_PORT (default 8080) and LOCAL_OPENHANDS_* (emulator/simulation/README.md)
 * Prints `local Azure ready at https://127.0.0.1:<port>`; persists state and exits cleanly on
 * SIGINT/SIGTERM. Never logs tokens or secrets (request lines carry method, path, status only).
 */
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { startLocalAzure as startArm, type LocalAzureOptions } from "./arm/local-azure";
import { DEFAULT_TIME_SCALE } from "./arm/core/durations";
import { simulatedKubernetesApi } from "./arm/providers/container-service";
import { ensureLocalCa, localhostCert } from "./tls/local-ca";
import { RESTART_EXIT_CODE } from "./restart-code";
import { openHandsSimulation, simulationEnvSchema, type OpenHandsSimulationOptions } from "./simulation";
import { createDataPlanes } from "./data-planes";

export type { LocalAzureOptions } from "./arm/local-azure";

/**
 * Start the local Azure in-process: the ARM plus, unless `hooks.kubernetesApi` is given, a
 * simulated Kubernetes API per AKS cluster. `close()` persists state and stops everything.
 */
export async function startLocalAzure(
  opts: LocalAzureOptions & { simulation?: OpenHandsSimulationOptions & { ingressPort?: number } },
): Promise<{ endpoint: string; ingressUrl?: string; close(): Promise<void> }> {
  let scale = opts.timeScale ?? DEFAULT_TIME_SCALE;
  // The OpenHands simulation (emulator/simulation): app pods, ingress routing, users, AKS metrics.
  const simulation = opts.hooks?.kubernetesApi ? undefined : openHandsSimulation({ ...(opts.log ? { log: opts.log } : {}), ...opts.simulation });
  const kube = opts.hooks?.kubernetesApi
    ? undefined
    : simulatedKubernetesApi({
        dataDir: opts.dataDir,
        cert: localhostCert(ensureLocalCa(opts.dataDir)),
        timeScale: () => scale,
        ...(opts.log ? { log: opts.log } : {}),
        ...(simulation ? { attach: (sim, info) => simulation.attach(sim, info) } : {}),
      });
  const metricSources = [...(simulation ? [simulation.metrics] : []), ...(opts.hooks?.metricSources ?? [])];
  const arm = await startArm({ ...opts, hooks: { ...opts.hooks, ...(kube ? { kubernetesApi: kube } : {}), metricSources } });
  scale = arm.env.settings.timeScale;
  const ingress = simulation && opts.simulation?.ingressPort ? await simulation.startIngress(opts.simulation.ingressPort) : undefined;
  return {
    endpoint: arm.endpoint,
    ...(ingress ? { ingressUrl: ingress.url } : {}),
    async close() {
      await ingress?.close();
      await arm.close();
      await kube?.closeAll();
      await simulation?.close();
    },
  };
}

const port = z.coerce.number({ error: "must be a port number (1-65535)" }).int("must be a port number (1-65535)").min(1).max(65535);
const envSchema = z.object({
  LOCAL_STACK_DIR: z.string().min(1).default(".data"),
  ARM_PORT: port.default(8443),
  ENTRA_PORT: port.default(9443),
  LOCAL_AZURE_TIME_SCALE: z.coerce.number({ error: "must be a number ≥ 0" }).min(0, "must be ≥ 0").max(100, "must be ≤ 100").default(DEFAULT_TIME_SCALE),
  LOCAL_AZURE_LOG_REQUESTS: z.enum(["true", "false", "1", "0"]).default("false"),
  LOCAL_INGRESS_PORT: port.default(8080),
  /** Real engines behind PostgreSQL servers and Redis caches (emulator/data-planes); off: ARM only. */
  LOCAL_AZURE_DATA_PLANES: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
}).extend(simulationEnvSchema.shape);

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    console.error(`local Azure cannot start:\n${parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`).join("\n")}`);
    process.exit(2);
  }
  const env = parsed.data;
  const logRequests = env.LOCAL_AZURE_LOG_REQUESTS === "true" || env.LOCAL_AZURE_LOG_REQUESTS === "1";
  let restartRequested = () => {};
  const log = (line: string) => {
    if (logRequests || !/^[A-Z]+ \//.test(line)) console.log(line);
  };
  const dataPlanes = env.LOCAL_AZURE_DATA_PLANES === "on" ? createDataPlanes({ dataDir: env.LOCAL_STACK_DIR, log }) : undefined;
  const arm = await startLocalAzure({
    ...(dataPlanes ? { hooks: dataPlanes.hooks } : {}),
    onRestartRequested: () => restartRequested(),
    dataDir: env.LOCAL_STACK_DIR,
    port: env.ARM_PORT,
    entraPort: env.ENTRA_PORT,
    timeScale: env.LOCAL_AZURE_TIME_SCALE,
    simulation: {
      ingressPort: env.LOCAL_INGRESS_PORT,
      workload: { usersPerHour: env.LOCAL_OPENHANDS_USERS_PER_HOUR, seed: env.LOCAL_OPENHANDS_SEED, stuckRate: env.LOCAL_OPENHANDS_STUCK_RATE, orphanRate: env.LOCAL_OPENHANDS_ORPHAN_RATE },
    },
    log,
  });
  console.log(`local Azure ready at ${arm.endpoint}`);
  if (arm.ingressUrl) console.log(`OpenHands ingress routing at ${arm.ingressUrl} (Host header = the Ingress host, e.g. http://<host>.localhost:${env.LOCAL_INGRESS_PORT}/health)`);

  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`local Azure stopping (${signal})`);
    arm.close().then(() => dataPlanes?.close()).then(
      () => process.exit(exitCode),
      (err: unknown) => {
        console.error(`local Azure stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  restartRequested = () => stop("restart requested", RESTART_EXIT_CODE);
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(`local Azure failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

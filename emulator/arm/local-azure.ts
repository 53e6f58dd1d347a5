/**
 * Composition of the local Azure Resource Manager: HTTPS server on a fixed origin, token
 * verification against the local Entra, providers, persistence and the operation ticker.
 * `emulator/server.ts` runs it as a process; tests call `startLocalAzure` directly.
 */
import https from "node:https";
import path from "node:path";
import { ensureLocalCa, localhostCert } from "../tls/local-ca";
import { loadOrCreateStackIdentity } from "../stack-identity";
import { TokenVerifier, type VerifiedToken } from "./core/auth";
import { stackRoleAssignments } from "./core/assignments";
import { createControlApi } from "./core/control-api";
import { DEFAULT_TIME_SCALE } from "./core/durations";
import { FaultInjector } from "./core/faults";
import { createFrontDoor } from "./core/front-door";
import { DEFAULT_LOCATIONS } from "./core/locations";
import { OperationEngine } from "./core/operations";
import { ResourceStore } from "./core/store";
import { ActivityLog } from "./core/activity-log";
import type { ArmEnvironment, ArmRole, OperationCompletion, ResourceProvider } from "./core/types";
import { defaultProviders, type ProviderHooks } from "./providers";

export interface LocalAzureOptions {
  /** Stack data folder (LOCAL_STACK_DIR); state goes to <dataDir>/azure/. */
  dataDir: string;
  /** ARM_PORT; the origin is https://127.0.0.1:<port>. */
  port: number;
  /** ENTRA_PORT: trusted issuer https://localhost:<port>/<tenantId>/v2.0 (unless `issuer` is given). */
  entraPort?: number;
  /** Explicit trusted issuer (tests with their own token signer). */
  issuer?: string;
  timeScale?: number;
  pageSize?: number;
  /** Runtime hooks of providers (e.g. the AKS Kubernetes API endpoint). */
  hooks?: ProviderHooks;
  /** More providers (added after the defaults). */
  extraProviders?: ResourceProvider[];
  /** Extra role assignments (object id → role), e.g. for tests. */
  extraRoleAssignments?: Record<string, ArmRole>;
  /** Background settle interval for due operations (ms). */
  tickMs?: number;
  /** The clock metrics and alerts read (tests move it forward instead of waiting for a minute to end). */
  now?: () => Date;
  log?: (line: string) => void;
  /**
   * Enables `POST /_emulator/restart` (loopback only): called after the answer is sent. The
   * process entry uses it to exit with RESTART_EXIT_CODE so the launcher starts it again.
   */
  onRestartRequested?: () => void;
}

export interface LocalAzure {
  endpoint: string;
  env: ArmEnvironment;
  faults: FaultInjector;
  close(): Promise<void>;
}

export async function startLocalAzure(opts: LocalAzureOptions): Promise<LocalAzure> {
  const dataDir = path.resolve(opts.dataDir);
  const identity = loadOrCreateStackIdentity(dataDir);
  const ca = ensureLocalCa(dataDir);
  const cert = localhostCert(ca);
  const origin = `https://127.0.0.1:${opts.port}`;
  const issuer = opts.issuer ?? `https://localhost:${opts.entraPort ?? 9443}/${identity.tenantId}/v2.0`;

  const assignments = stackRoleAssignments(identity, opts.extraRoleAssignments);
  const store = new ResourceStore(path.join(dataDir, "azure", "arm-state.json"));
  const settings = {
    origin,
    tenantId: identity.tenantId,
    subscriptionId: identity.subscriptionId,
    subscriptionDisplayName: "OpenHands Local Subscription",
    timeScale: opts.timeScale ?? DEFAULT_TIME_SCALE,
    pageSize: opts.pageSize ?? 100,
    locations: DEFAULT_LOCATIONS,
  };
  const providers = [
    ...defaultProviders({
      locations: settings.locations.map((l) => l.name),
      caPem: cert.ca,
      hooks: opts.hooks ?? {},
      principals: [...assignments.keys()],
      stackAssignments: [...assignments].map(([principalId, role]) => ({ principalId, role })),
      ...(opts.log ? { log: opts.log } : {}),
    }),
    ...(opts.extraProviders ?? []),
  ];
  const completions = new Map<string, OperationCompletion>();
  for (const p of providers) for (const [name, c] of Object.entries(p.completions ?? {})) completions.set(name, c);
  const operations = new OperationEngine(store, completions);
  const env: ArmEnvironment = { settings, store, operations, providers, activityLog: new ActivityLog(), now: opts.now ?? (() => new Date()) };
  operations.attach(env);

  const faults = new FaultInjector();
  faults.loadFile(path.join(dataDir, "azure", "faults.json"));
  const verifier = new TokenVerifier({ issuer, tenantId: identity.tenantId, caPem: cert.ca });
  const handler = createFrontDoor({
    env,
    verifier: { verify: (h): Promise<VerifiedToken> => verifier.verify(h) },
    assignments,
    faults,
    control: createControlApi(env, faults, opts.onRestartRequested),
    ...(opts.log ? { log: opts.log } : {}),
  });

  const server = https.createServer({ cert: cert.cert, key: cert.key, keepAliveTimeout: 30_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  // Settle operations in the background too, so resource GETs move on without polls.
  const ticker = setInterval(() => operations.settle(), opts.tickMs ?? 200);
  ticker.unref();
  operations.settle();
  for (const p of providers) p.onStart?.(env);

  return {
    endpoint: origin,
    env,
    faults,
    async close() {
      clearInterval(ticker);
      store.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

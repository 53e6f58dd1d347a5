/**
 * The contract between the operations worker and the provisioning steps. A step of the plan
 * (`PlannedStep`) names the resources it makes (`PlannedResource`, by key); each resource is
 * applied by the handler of its ARM type. Handlers are idempotent: GET first, "unchanged" when
 * Azure already matches the plan, else PUT — and a long-running PUT is submitted once: its
 * serialized poller is saved before waiting, and a later run resumes it instead of re-PUTting.
 *
 * The types below are the structural subset of the PLAN module's types the executor relies on,
 * so the executor accepts any plan that carries at least these fields.
 */
import type { ArmClients } from "@/lib/azure/clients";

/** What the executor needs of a `PlannedResource`. */
export interface DesiredResource {
  key: string;
  /** ARM type, e.g. Microsoft.ContainerService/managedClusters; children as Parent/child. */
  type: string;
  /** The last name segment (children: the child's own name, e.g. "openhands"). */
  name: string;
  /** Parent resource names for child types, outermost first. */
  parentNames?: string[];
  resourceGroup: string;
  location: string;
  dependsOn: string[];
  /** The SDK-model body to send (flattened `properties`, as the SDK clients take it). */
  armBody: unknown;
  /** Body fields filled with a secret at PUT time (dot path inside armBody); never in the plan. */
  secretInputs?: { path: string; secret: string }[];
}

/** What the executor needs of a `PlannedStep`. */
export interface DesiredStep {
  key: string;
  title: string;
  /** e.g. "arm.aksCluster"; `kubernetes.*` / `openhands.*` kinds are run by the deploy steps (steps/kubernetes/). */
  kind?: string;
  resourceKeys: string[];
  dependsOn: string[];
}

/** A node label to place pods on (`key=value`). */
export interface NodeLabel {
  key: string;
  value: string;
}

/**
 * What the deploy steps need of the plan's `openhands` (`OpenHandsDeployment`): non-secret settings
 * only; `secrets` maps Kubernetes secret name → key → the console secret that fills it.
 */
export interface DesiredOpenHands {
  namespace: string;
  sandboxNamespace: string;
  version: string;
  images: { app: string; agentServer: string; runtimeApi: string };
  host: string;
  tls: { mode: "cert-manager"; issuer: string } | { mode: "existing-secret"; secretName: string } | { mode: "none" };
  env: Record<string, string>;
  secrets: Record<string, Record<string, string>>;
  sandboxNodeSelector?: NodeLabel;
  /** The platform pool's label: the app runs there when the plan has one. */
  platformNodeSelector?: NodeLabel;
}

/**
 * What the console-move's deploy steps (`console.*` kinds, lib/azure/console-move/deploy/) need:
 * non-secret settings only. The managed identity's client id and tenant, the server's host and
 * admin login are read from ARM when the step runs; DATABASE_URL and SECRETS_KEY never sit here.
 */
export interface DesiredConsole {
  image: string;
  replicas: number;
  /** Public host name of the moved console (Ingress). */
  host: string;
  /** ConfigMap values taken from the console that starts the move (AUTH_*, ARM_ENDPOINT, CONSOLE_URL…). */
  config: Record<string, string>;
  /** The user-assigned managed identity the ServiceAccount is annotated with. */
  identity: string;
  cluster: string;
  postgresServer: string;
}

/** What the executor needs of a `ProvisioningPlan`. */
export interface DesiredPlan {
  environment: { name: string; subscriptionId: string; region: string; resourceGroup?: string };
  resources: DesiredResource[];
  steps: DesiredStep[];
  /** The OpenHands deployment; without it the deploy (kubernetes.* / openhands.*) steps cannot run. */
  openhands?: DesiredOpenHands;
  /** The console's own install (operation `console-move`); without it the `console.*` deploy steps cannot run. */
  console?: DesiredConsole;
}

export type ResourceChange = "created" | "updated" | "unchanged";

export interface ResourceOutcome {
  key: string;
  type: string;
  name: string;
  change: ResourceChange;
  /** ARM id of the resource (shown in the operation page, linked from the portal). */
  resourceId: string;
  /** Why it changed: the first fields that differed from the plan (never values of secrets). */
  drift?: string[];
  /** Non-secret facts later steps use (FQDNs, hosts, ports). */
  facts?: Record<string, string | number | boolean>;
}

/** The step's record in `operation_steps.output`. */
export interface StepOutcome {
  /** "unchanged" only when every resource was. */
  change: ResourceChange;
  summary: string;
  resources: ResourceOutcome[];
}

/** Pollers of the step's in-flight LROs, by a key the handler chooses (e.g. the resource key). */
export type PollerStates = Record<string, string>;

export interface StepContext {
  clients: ArmClients;
  subscriptionId: string;
  /** Poll interval for LROs (a server Retry-After overrides it). */
  pollIntervalMs: number;
  /** The poller states saved by earlier attempts of this step. */
  pollers(): PollerStates;
  /** Persist one poller state before waiting on it; throws when the lease is lost. */
  savePoller(key: string, state: string | undefined): Promise<void>;
  /** A secret for a body field (`secretInputs`): typed by the admin or generated; never logged. */
  secret(name: string): Promise<string>;
  /** Aborted when the worker stops or the lease is lost: stop waiting, keep the poller saved. */
  signal: AbortSignal;
  log(line: string): void;
  /** Settings of the deploy steps (defaults in steps/kubernetes/context.ts). */
  deploy?: DeploySettings;
}

export interface DeploySettings {
  /** How long "Wait for OpenHands to be Ready" (and the console's rollout) waits before failing with the reason (default 10 min). */
  readyTimeoutMs?: number;
  /** Where health checks connect (config OPENHANDS_INGRESS_ADDRESS); unset: the public host itself. */
  ingressAddress?: string;
}

export interface ResourceHandler {
  /** ARM types this handler applies (case-insensitive match). */
  types: string[];
  apply(ctx: StepContext, resource: DesiredResource): Promise<ResourceOutcome>;
}

/**
 * ARM (and Kubernetes / deploy-step) failures → what the admin sees: `{code, message, remedy}`, and whether the worker should
 * retry by itself (throttling, 5xx, the network, a restarting ARM) and after how long. ARM's own
 * code and message are kept; the remedy says what to do about it. LRO failures arrive as plain
 * Errors ("The long-running operation has failed. QuotaExceeded. …"): the code is parsed out.
 */
import { DeployError, fromKubernetes } from "@/lib/azure/provisioning/steps/kubernetes/errors";
import type { StepError } from "@/lib/store/operation-rows";

export interface ClassifiedError extends StepError {
  remedy: string;
  /** Retry automatically (with backoff) instead of failing the step. */
  transient: boolean;
  /** The server's Retry-After, when it sent one. */
  retryAfterMs?: number;
}

export interface RemedyContext {
  region?: string;
  /** VM sizes the failing resource asks for (AKS pools). */
  vmSizes?: string[];
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  "TooManyRequests", "InternalServerError", "ServiceUnavailable", "GatewayTimeout", "RetryableError", "RequestTimeout",
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "REQUEST_SEND_ERROR", "UND_ERR_SOCKET",
]);
const NETWORK_MESSAGE = /ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT|EPIPE|other side closed|fetch failed/i;
const LRO_FAILED = /long-running operation has failed\.?\s*([A-Za-z]\w*)?\.?\s*(.*)$/is;

type RemedyRule = (e: { code: string; message: string }, ctx: RemedyContext) => string;

const family = (message: string) => /\b(standard\w*Family)\b/i.exec(message)?.[1];

export const REMEDIES: Record<string, RemedyRule> = {
  QuotaExceeded: (e, c) => {
    const fam = family(e.message) ?? (c.vmSizes?.length ? `the family of ${c.vmSizes.join(", ")}` : "the VM family of the node pools");
    return `Request more vCPU quota for ${fam} in region ${c.region ?? "the chosen region"} (Azure portal → Quotas → Compute), or choose a smaller VM size or fewer maximum nodes in Sizing; then Retry.`;
  },
  OperationNotAllowed: (e, c) =>
    /quota/i.test(e.message) ? (REMEDIES.QuotaExceeded?.(e, c) ?? "") : "Azure refused the change in the resource's current state; wait for running changes to finish, then Retry.",
  SkuNotAvailable: (_e, c) =>
    `The VM size${c.vmSizes?.length ? ` (${c.vmSizes.join(", ")})` : ""} is not available to this subscription in ${c.region ?? "the region"} or its zones: choose another VM size in Sizing or another region, then Retry.`,
  AuthorizationFailed: () =>
    "The console's Azure identity lacks permission for this call: grant it Contributor on the subscription (Owner if role assignments are needed), wait a minute for the assignment to apply, then Retry.",
  MissingSubscriptionRegistration: (e) => {
    const ns = /namespace[^']*'([\w.]+)'/i.exec(e.message)?.[1] ?? /(Microsoft\.\w+)/.exec(e.message)?.[1] ?? "the resource provider";
    return `Register ${ns} on the subscription (Preflight offers a one-click register, or run: az provider register --namespace ${ns}), then Retry.`;
  },
  Conflict: () => "Another change is running on this resource (or it is in a state that refuses changes): wait for it to finish, then Retry.",
  AnotherOperationInProgress: () => "Another change is running on this resource: wait for it to finish, then Retry.",
  ServerIsBusy: () => "The PostgreSQL server is busy with another change: wait for it to finish, then Retry.",
  StorageAccountAlreadyTaken: () => "The storage account name is taken by another Azure customer: choose another name (or suffix) in the Environment step.",
  StorageAccountAlreadyExists: () => "The storage account name is used in another resource group of this subscription: choose another name in the Environment step.",
  NameNotAvailable: () => "The name is taken (names of this resource type are global): choose another name in the Environment step.",
  ServerNameAlreadyExists: () => "The PostgreSQL server name is taken (names are global): choose another name in the Environment step.",
  K8sVersionNotSupported: (_e, c) => `The Kubernetes version is not offered in ${c.region ?? "the region"}: pick a supported version (Preflight lists them), then Retry.`,
  InvalidResourceLocation: () => "A resource of this name already exists in another region: choose another name or the region it is in.",
  ResourceGroupBeingDeleted: () => "The resource group is being deleted: wait until the deletion finishes, then Retry.",
  SubnetNotFound: () => "The subnet the resource needs does not exist: Retry from the network step.",

  // ---- deploying OpenHands onto AKS (steps/kubernetes/) ----
  KubernetesUnauthorized: () =>
    "The AKS API server refused the cluster user credentials (401). If the cluster uses Entra ID authentication with local accounts disabled, give the console's Azure identity the \"Azure Kubernetes Service RBAC Cluster Admin\" role on the cluster (or enable local accounts); then Retry.",
  KubernetesForbidden: () =>
    "The cluster user may not change this object (403): give the console's Azure identity the \"Azure Kubernetes Service RBAC Cluster Admin\" role on the AKS cluster (or a cluster-admin binding), wait a minute, then Retry.",
  KubernetesInvalid: () => "The Kubernetes API refused the object as invalid: check the OpenHands settings (host name, image, version) in the setup wizard, then run setup again.",
  KubernetesConflict: () => "Another client changed the object at the same time: Retry.",
  KubernetesNotFound: () => "An object this step needs is missing in the cluster (deleted in the meantime?): run setup again — it re-creates what is missing.",
  KubernetesAlreadyExists: () => "The object was created by someone else at the same time: Retry (setup takes it over).",
  ImagePullFailed: () =>
    "The nodes cannot pull the OpenHands image: check the image registry and version in the OpenHands step (the tag must exist; a private registry must be attached to the cluster, e.g. az aks update --attach-acr), then run setup again.",
  PodUnschedulable: () => "No node can run the OpenHands pods: raise the platform pool's maximum node count or VM size in Sizing (or free capacity on the pool), then Retry.",
  OpenHandsDatabaseUnreachable: (e) =>
    /password authentication failed/i.test(e.message)
      ? "The PostgreSQL server refused the password in the Kubernetes secret postgres-password: it no longer matches the server's administrator password. Run setup again (it rewrites the secret from the generated password) or reset the administrator password in the Azure portal, then Retry."
      : "OpenHands cannot use its PostgreSQL database: check that the server is Ready, allows the AKS subnet (private access or a firewall rule), has the openhands database, and that DB_SSL_MODE matches require_secure_transport; then Retry.",
  OpenHandsRedisUnreachable: () =>
    "OpenHands cannot use Redis: check that the cache's non-TLS port is enabled and reachable from the AKS subnet, and that the Kubernetes secret redis holds a current access key (run setup again to refresh it); then Retry.",
  OpenHandsNotReady: () => "The OpenHands pods stay NotReady: the reason above comes from the pod's events and log (kubectl -n openhands describe pod / logs shows more); fix it, then Retry.",
  OpenHandsReadyTimeout: () => "OpenHands has not finished rolling out in the allowed time: look at the pods (kubectl -n openhands get pods), then Retry — the wait picks up the rollout where it is.",
  OpenHandsHealthCheckFailed: () =>
    "The pods are Ready but the public host name does not answer like OpenHands: check the ingress controller, the Ingress for the host and its TLS certificate, then Retry.",
  OpenHandsUnreachable: () =>
    "Nothing answered at the public host name: create the DNS record pointing the host at the ingress controller's address (and its TLS certificate), then Retry.",
  SetupSecretMissing: () =>
    "A secret typed in the setup wizard is not available to this operation (typed secrets are sealed for the operation that used them): enter the secrets again in the Identity and OpenHands steps and run setup again.",
  RedisPlainPortDisabled: () => "OpenHands speaks plain redis:// only: run setup again (it enables the cache's non-TLS port, reachable from the VNet only), then Retry.",
  PostgresNotReady: () => "The PostgreSQL server is not ready yet: wait until it shows Ready in the Azure portal, then Retry.",
  RedisNotReady: () => "The Redis cache is not ready yet: wait until it shows Running in the Azure portal, then Retry.",
  OpenHandsConfigurationMissing: () => "The OpenHands ConfigMap was deleted in the meantime: run setup again (it re-creates the configuration), then Retry.",
  OpenHandsSecretMissing: () => "An OpenHands secret was deleted in the meantime: run setup again (it re-creates the secrets), then Retry.",
  // ---- the console's own install (console-move: lib/azure/console-move/deploy/) ----
  ConsoleImagePullFailed: () =>
    "The nodes cannot pull the console's image: push it to your registry (the tag must exist) and attach the registry to the cluster (az aks update --attach-acr), or set CONSOLE_IMAGE to an image that exists and start the move again; once the image can be pulled, Retry.",
  ConsolePodUnschedulable: () =>
    "No node can run the console's pods (named above with the scheduler's reason): uncordon or add nodes, or free CPU/memory on the pools (each replica requests 250m CPU and 384Mi; the 3 replicas must land on different nodes), then Retry — the wait picks up the rollout where it is.",
  ConsoleNotReady: () =>
    "The console's pods stay NotReady: the reason above comes from their events and the console's log (kubectl -n openhands-console describe pod / logs shows more). A store error means the PostgreSQL server must be Ready and reachable from the AKS subnet with database console; fix it, then Retry.",
  ConsoleRolloutTimeout: () => "The console has not finished rolling out in the allowed time: look at the pods (kubectl -n openhands-console get pods), then Retry — the wait picks up the rollout where it is.",
  ConsoleHealthCheckFailed: () =>
    "The console's pods are Ready but its /api/health does not answer through the ingress: check the ingress controller (AKS application routing), the Ingress openhands-console for the host and its TLS secret openhands-console-tls, then Retry.",
  ConsoleIdentityNotReady: () => "The console's managed identity is not complete yet: wait a minute, then Retry.",
  PlanIncomplete: () => "The stored plan cannot deploy OpenHands: start setup again from the Review page.",
};

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers;
  const raw = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function codeAndMessage(err: unknown): { code: string; message: string; status?: number } {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; statusCode?: unknown; message?: unknown; details?: unknown; cause?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  const details = (e.details as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const detailCode = typeof details?.code === "string" ? details.code : undefined;
  const detailMessage = typeof details?.message === "string" ? details.message : undefined;
  const lro = LRO_FAILED.exec(message);
  if (lro && status === undefined) return { code: lro[1] ?? "LongRunningOperationFailed", message: (lro[2] ?? "").trim() || message };
  const causeCode = (e.cause as { code?: unknown } | undefined)?.code;
  const code = typeof e.code === "string" && e.code !== "" ? e.code : (detailCode ?? (typeof causeCode === "string" ? causeCode : undefined));
  return { code: detailCode ?? code ?? (status ? `Http${status}` : "UnexpectedError"), message: detailMessage ?? message, ...(status !== undefined ? { status } : {}) };
}

export function classifyArmError(raw: unknown, ctx: RemedyContext = {}): ClassifiedError {
  // Kubernetes API errors (client-node's ApiException) carry the HTTP status as a number `code`.
  const err = fromKubernetes(raw, "Kubernetes API");
  const { code, message, status } = codeAndMessage(err);
  // A deploy step's own verdict (a pod NotReady because Redis refused a connection) is final; only
  // its API call failures with a transient status are retried.
  const transient =
    err instanceof DeployError
      ? status !== undefined && TRANSIENT_STATUS.has(status)
      : (status !== undefined && TRANSIENT_STATUS.has(status)) || TRANSIENT_CODES.has(code) || (status === undefined && NETWORK_MESSAGE.test(message));
  const rule = REMEDIES[code];
  const remedy = rule
    ? rule({ code, message }, ctx)
    : transient
      ? "Azure kept answering with a temporary error (throttling, an outage or a restart) after several retries: wait a few minutes, then Retry."
      : status === 400
        ? "Azure refused the request as invalid: check the values in the setup wizard for this resource, then Retry."
        : "Retry; if it fails again, look at the resource group's activity log in the Azure portal for details.";
  const after = retryAfterMs(err);
  return { code, message: message.slice(0, 2000), remedy, transient, ...(after !== undefined ? { retryAfterMs: after } : {}) };
}

/**
 * Delay before automatic retry `attempt` (1-based): the server's Retry-After when given (it
 * knows best), else exponential backoff with full jitter, capped.
 */
export function retryDelayMs(attempt: number, retryAfter: number | undefined, opts: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  if (retryAfter !== undefined) return Math.max(0, retryAfter);
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

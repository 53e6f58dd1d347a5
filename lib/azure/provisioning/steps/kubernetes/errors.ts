/**
 * Errors of the deploy steps in the shape the executor's classifier reads (`code`, `message`,
 * optional `statusCode`): the remedy comes from lib/operations/remedies.ts by code. Messages never
 * hold secret values (`scrub` removes the ones a step knows, and anything secret-looking).
 */
import { redactString } from "@/lib/store/redact";

export class DeployError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "DeployError";
  }
}

/** The Kubernetes API's `Status` reasons → our codes (e.g. Unauthorized → KubernetesUnauthorized). */
export function kubernetesCode(status: number, reason: string | undefined): string {
  if (reason) return `Kubernetes${reason}`;
  if (status === 401) return "KubernetesUnauthorized";
  if (status === 403) return "KubernetesForbidden";
  return `KubernetesHttp${status}`;
}

/** Removes the given values (and secret-looking strings) from a message. */
export function scrub(message: string, values: Iterable<string> = []): string {
  let out = message;
  for (const v of values) if (v.length >= 4) out = out.split(v).join("[redacted]");
  return redactString(out);
}

interface ApiExceptionLike {
  code: number;
  body: unknown;
}

function isApiException(err: unknown): err is ApiExceptionLike {
  return typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "number" && "body" in err;
}

/**
 * client-node's ApiException (HTTP code + raw body) → DeployError with the Status reason and message,
 * what `kubectl` would print. Anything else (network errors) passes through for the transient check.
 */
export function fromKubernetes(err: unknown, what: string, secretValues: Iterable<string> = []): unknown {
  if (!isApiException(err)) return err;
  let status: { reason?: unknown; message?: unknown } = {};
  const body = err.body;
  if (typeof body === "string") {
    try {
      status = JSON.parse(body) as typeof status;
    } catch {
      status = { message: body.slice(0, 300) };
    }
  } else if (typeof body === "object" && body !== null) status = body as typeof status;
  const reason = typeof status.reason === "string" && status.reason !== "" ? status.reason : undefined;
  const said = typeof status.message === "string" && status.message !== "" ? status.message : `HTTP ${err.code}`;
  return new DeployError(kubernetesCode(err.code, reason), scrub(`${what}: ${said}`, secretValues), err.code);
}

export function isNotFound(err: unknown): boolean {
  return isApiException(err) ? err.code === 404 : err instanceof DeployError && err.statusCode === 404;
}

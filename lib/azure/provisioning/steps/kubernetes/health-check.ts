/**
 * `openhands.healthCheck`: the app answers `/alive`, `/health` and `/ready` at its public host
 * (through `ingressAddress` when set: the local stack's router). The ingress may need a moment
 * after the pods turn Ready, so it looks a few times before failing with each endpoint's answer.
 */
import type { V1Ingress } from "@kubernetes/client-node";
import { probeOpenHands, type OpenHandsProbe } from "@/lib/openhands/health";
import { readObject } from "./apply";
import { APP_NAME } from "./labels";
import { sleep } from "../lro";
import type { StepOutcome } from "../types";
import type { DeployContext } from "./context";
import { DeployError, scrub } from "./errors";

export const HEALTH_ATTEMPTS = 10;

export function probeFailure(p: OpenHandsProbe): string {
  const part = (name: string, r: OpenHandsProbe["alive"]) => `/${name} ${r.ok ? "ok" : (r.detail ?? `HTTP ${r.status ?? "?"}`)}`;
  return `${p.url}: ${part("alive", p.alive)}; ${part("health", p.health)}; ${part("ready", p.ready)}`;
}

/**
 * The public address the ingress controller gave the OpenHands Ingress (its load balancer), which
 * the host name's DNS record must point at; undefined until assigned or when it cannot be read.
 */
export async function ingressPublicAddress(d: DeployContext): Promise<string | undefined> {
  try {
    const ing = await readObject<V1Ingress>(d, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: APP_NAME, namespace: d.openhands.namespace } });
    const lb = ing?.status?.loadBalancer?.ingress?.[0];
    return lb?.ip || lb?.hostname || undefined;
  } catch {
    return undefined; // only a hint: the probe below is the verdict
  }
}

export async function checkHealth(d: DeployContext, title: string): Promise<StepOutcome> {
  const oh = d.openhands;
  const address = d.step.deploy?.ingressAddress;
  const scheme = oh.tls.mode === "none" ? "http" : "https";
  const interval = Math.max(200, d.step.pollIntervalMs * 4);
  let last: OpenHandsProbe | undefined;
  for (let attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++) {
    last = await probeOpenHands(oh.host, { scheme, signal: d.step.signal, timeoutMs: 5000, ...(address ? { address } : {}) });
    if (last.verdict === "ok") {
      const ms = Math.max(last.alive.ms, last.health.ms, last.ready.ms);
      const publicAddress = await ingressPublicAddress(d);
      return {
        change: "unchanged",
        // A check changes nothing: recorded as "unchanged" (skipped), with what was verified.
        summary: `${title}: verified, nothing to change — ${last.url} answers /alive, /health and /ready (${ms} ms)${address ? ` through ${address}` : ""}`,
        resources: [{ key: "openhands-endpoint", type: "OpenHands/Endpoint", name: last.url, change: "unchanged", resourceId: last.url, facts: { alive: true, health: true, ready: true, ...(publicAddress ? { ingressAddress: publicAddress } : {}) } }],
      };
    }
    d.step.log(`health check ${attempt}/${HEALTH_ATTEMPTS}: ${probeFailure(last)}`);
    if (attempt < HEALTH_ATTEMPTS) await sleep(interval, d.step.signal);
  }
  const failed = last as OpenHandsProbe;
  const unreachable = [failed.alive, failed.health, failed.ready].every((r) => r.status === undefined);
  const publicAddress = await ingressPublicAddress(d);
  const where = publicAddress
    ? `The Ingress's public address is ${publicAddress}: ${oh.host} must resolve to it.`
    : "The Ingress has no public address yet: the ingress controller (AKS application routing) has not picked it up.";
  throw new DeployError(unreachable ? "OpenHandsUnreachable" : "OpenHandsHealthCheckFailed", scrub(`OpenHands does not answer its health endpoints at ${probeFailure(failed)}. ${where}`));
}

/**
 * `kubernetes.waitReady`: polls the Deployment until its current generation is rolled out — every
 * replica updated, Ready and available, no old pods left. Honours the step's abort signal (worker
 * stop / lost lease: abandoned, and any worker simply polls again). On timeout it fails with WHY:
 * the not-Ready pod's image pull or scheduling problem, the kubelet's readiness-probe event, and
 * the app's own error line from its log (e.g. the database refusing the password), so the remedy
 * can be specific.
 */
import type { CoreV1Event, V1Deployment, V1Pod } from "@kubernetes/client-node";
import { sleep } from "../lro";
import type { StepOutcome } from "../types";
import { DEFAULT_READY_TIMEOUT_MS, objectRef, type DeployContext } from "./context";
import { DeployError, fromKubernetes, scrub } from "./errors";
import { APP_LABELS, APP_NAME } from "./labels";

export interface RolloutState {
  ready: boolean;
  /** e.g. "1 of 2 updated replicas ready". */
  progress: string;
}

export function rolloutState(d: V1Deployment): RolloutState {
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const observed = (st.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const updated = st.updatedReplicas ?? 0;
  const ready = st.readyReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const total = st.replicas ?? 0;
  const done = observed && updated >= want && ready >= want && available >= want && total <= want;
  const progress = !observed
    ? "the new generation is not yet observed"
    : updated < want
      ? `${updated} of ${want} replicas updated`
      : total > want
        ? `${total - updated} old replicas still running`
        : `${Math.min(ready, want)} of ${want} updated replicas ready`;
  return { ready: done, progress };
}

const READINESS_EVENT = /readiness probe failed/i;
const APP_ERROR = /(ERROR|CRITICAL)[: ].*/;

export interface PodDiagnosis {
  code: string;
  reason: string;
}

/** Why a pod is not Ready, from its status, events and log lines (pure: unit-tested). */
export function diagnosePod(pod: V1Pod, events: CoreV1Event[], logTail: string): PodDiagnosis {
  const name = pod.metadata?.name ?? "?";
  const waiting = (pod.status?.containerStatuses ?? []).map((c) => c.state?.waiting).find((w) => w?.reason);
  if (waiting && /ErrImagePull|ImagePullBackOff|InvalidImageName/.test(waiting.reason ?? "")) {
    return { code: "ImagePullFailed", reason: `pod ${name} cannot pull its image: ${waiting.reason}${waiting.message ? ` — ${waiting.message}` : ""}` };
  }
  const unscheduled = (pod.status?.conditions ?? []).find((c) => c.type === "PodScheduled" && c.status === "False");
  if (unscheduled) return { code: "PodUnschedulable", reason: `pod ${name} cannot be scheduled: ${unscheduled.message ?? unscheduled.reason ?? "no node fits"}` };
  const probe = [...events].reverse().find((e) => READINESS_EVENT.test(e.message ?? ""));
  const appLine = logTail
    .split("\n")
    .reverse()
    .map((l) => APP_ERROR.exec(l)?.[0])
    .find((l): l is string => l !== undefined);
  const parts = [`pod ${name} is not Ready`, probe?.message, appLine ? `the app says: ${appLine.trim()}` : undefined].filter(Boolean);
  const reason = parts.join(" — ");
  if (/password authentication failed|database .* does not exist|Database (check failed|is not accessible)/i.test(reason)) return { code: "OpenHandsDatabaseUnreachable", reason };
  if (/Redis|WRONGPASS|NOAUTH/i.test(reason)) return { code: "OpenHandsRedisUnreachable", reason };
  return { code: "OpenHandsNotReady", reason };
}

async function diagnose(d: DeployContext): Promise<PodDiagnosis | undefined> {
  const ns = d.openhands.namespace;
  const selector = Object.entries(APP_LABELS).map(([k, v]) => `${k}=${v}`).join(",");
  const pods = (await d.kube.core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items;
  const notReady = pods
    .filter((p) => !p.metadata?.deletionTimestamp && !(p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"))
    .sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0));
  const pod = notReady[0];
  if (!pod?.metadata?.name) return undefined;
  const name = pod.metadata.name;
  const events = (await d.kube.core.listNamespacedEvent({ namespace: ns, fieldSelector: `involvedObject.name=${name}` })).items;
  const running = pod.status?.phase === "Running";
  const log = running ? await d.kube.core.readNamespacedPodLog({ name, namespace: ns, tailLines: 100 }).catch(() => "") : "";
  return diagnosePod(pod, events, typeof log === "string" ? log : "");
}

export async function waitForReady(d: DeployContext, title: string): Promise<StepOutcome> {
  const ns = d.openhands.namespace;
  const timeoutMs = d.step.deploy?.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const started = Date.now();
  const interval = Math.max(250, d.step.pollIntervalMs);
  let waited = false;
  for (;;) {
    let dep: V1Deployment;
    try {
      dep = await d.kube.apps.readNamespacedDeployment({ name: APP_NAME, namespace: ns });
    } catch (err) {
      throw fromKubernetes(err, `reading Deployment ${ns}/${APP_NAME}`);
    }
    const state = rolloutState(dep);
    if (state.ready) {
      const seconds = Math.round((Date.now() - started) / 1000);
      const replicas = dep.status?.readyReplicas ?? 0;
      return {
        change: waited ? "updated" : "unchanged",
        summary: `${title}: ${waited ? `Ready after ${seconds} s` : "unchanged: already Ready"} (${replicas} replicas)`,
        resources: [
          {
            key: "deployment-ready",
            type: "Kubernetes/Deployment",
            name: `${ns}/${APP_NAME}`,
            change: waited ? "updated" : "unchanged",
            resourceId: objectRef(d.target, "Deployment", ns, APP_NAME),
            facts: { readyReplicas: replicas },
          },
        ],
      };
    }
    if (Date.now() - started >= timeoutMs) {
      const why = await diagnose(d).catch((err: unknown) => ({ code: "OpenHandsNotReady", reason: `(could not read the pods: ${err instanceof Error ? err.message : String(err)})` }));
      const seconds = Math.round(timeoutMs / 1000);
      throw new DeployError(
        why?.code ?? "OpenHandsReadyTimeout",
        scrub(`OpenHands did not become Ready within ${seconds} s (${state.progress})${why ? `: ${why.reason}` : ""}`),
      );
    }
    if (!waited) d.step.log(`waiting for Deployment ${ns}/${APP_NAME}: ${state.progress}`);
    waited = true;
    await sleep(interval, d.step.signal);
  }
}

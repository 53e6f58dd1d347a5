/**
 * `console.waitRollout`: polls Deployment openhands-console until its generation is rolled out
 * (observedGeneration ≥ generation, every replica updated, Ready and available, no old pods),
 * honouring the step's abort signal (a stopped worker or lost lease: another worker polls again).
 * On timeout (`deploy.readyTimeoutMs`, default 10 min) it fails naming each unready pod with its
 * image-pull or scheduling problem, its last events and the console's own log line (e.g. "health:
 * store unreachable: …"), so the remedy can be specific. Once rolled out, when the worker has an
 * ingress address (config OPENHANDS_INGRESS_ADDRESS, as setup's health check), the console's
 * `/api/health` is asked through it with the console's host name; without one the pods' readiness
 * probes on `/api/health` are the check (DNS may still point at the console that started the move).
 */
import type { CoreV1Event, V1Deployment, V1Pod } from "@kubernetes/client-node";
import { sleep } from "@/lib/azure/provisioning/steps/lro";
import { DEFAULT_READY_TIMEOUT_MS, objectRef } from "@/lib/azure/provisioning/steps/kubernetes/context";
import { DeployError, fromKubernetes, scrub } from "@/lib/azure/provisioning/steps/kubernetes/errors";
import { diagnosePod, rolloutState } from "@/lib/azure/provisioning/steps/kubernetes/wait-ready";
import { bodyDetail, hostRoutedGet } from "@/lib/openhands/health";
import type { StepOutcome } from "@/lib/azure/provisioning/steps/types";
import { CONSOLE_APP, CONSOLE_POD_SELECTOR } from "../manifests";
import { CONSOLE_NAMESPACE } from "../plan";
import type { ConsoleDeployContext } from "./context";

const MAX_PODS_NAMED = 3;
const HEALTH_ATTEMPTS = 5;
const EVENTS_PER_POD = 2;

export interface UnreadyPod {
  pod: V1Pod;
  events: CoreV1Event[];
  logTail: string;
}

const isReady = (p: V1Pod) => (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/**
 * Why the rollout is stuck, from the unready pods (pure: unit-tested): each pod's image-pull or
 * scheduling problem, its last events (those that do not repeat the problem) and the console's
 * last log line; pods with the same story are named together. Codes: ConsoleImagePullFailed,
 * ConsolePodUnschedulable, ConsoleNotReady.
 */
export function diagnoseConsolePods(pods: UnreadyPod[]): { code: string; reason: string } {
  if (pods.length === 0) return { code: "ConsoleRolloutTimeout", reason: "no pod is unready (the Deployment has not created the new pods yet)" };
  const stories = new Map<string, { code: string; pods: string[] }>();
  for (const { pod, events, logTail } of pods) {
    const name = pod.metadata?.name ?? "?";
    const base = diagnosePod(pod, [], "");
    const problem = base.code === "OpenHandsNotReady" ? "is not Ready" : base.reason.replace(`pod ${name} `, "");
    const last = [...events]
      .sort((a, b) => eventTime(a) - eventTime(b))
      .filter((e) => !problem.includes(e.message ?? ""))
      .slice(-EVENTS_PER_POD)
      .map((e) => `${e.reason ?? "Event"}: ${e.message ?? ""}`.trim());
    const said = logTail.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("✓")).pop();
    const story = [problem, last.length ? `last events: ${last.join(" | ")}` : undefined, said ? `the console says: ${said}` : undefined].filter(Boolean).join("; ");
    const entry = stories.get(story) ?? { code: base.code, pods: [] };
    entry.pods.push(name);
    stories.set(story, entry);
  }
  const codes = new Set([...stories.values()].map((e) => e.code));
  const code = codes.has("ImagePullFailed") ? "ConsoleImagePullFailed" : codes.has("PodUnschedulable") ? "ConsolePodUnschedulable" : "ConsoleNotReady";
  const reason = [...stories.entries()].map(([story, e]) => `${e.pods.length === 1 ? "pod" : "pods"} ${e.pods.join(", ")} ${story}`).join(" — ");
  return { code, reason };
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}

async function unreadyPods(d: ConsoleDeployContext): Promise<UnreadyPod[]> {
  const selector = Object.entries(CONSOLE_POD_SELECTOR).map(([k, v]) => `${k}=${v}`).join(",");
  const pods = (await d.kube.core.listNamespacedPod({ namespace: CONSOLE_NAMESPACE, labelSelector: selector })).items
    .filter((p) => !p.metadata?.deletionTimestamp && !isReady(p))
    .sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0))
    .slice(0, MAX_PODS_NAMED);
  const out: UnreadyPod[] = [];
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    const events = (await d.kube.core.listNamespacedEvent({ namespace: CONSOLE_NAMESPACE, fieldSelector: `involvedObject.name=${name}` })).items;
    const log = pod.status?.phase === "Running" ? await d.kube.core.readNamespacedPodLog({ name, namespace: CONSOLE_NAMESPACE, container: "console", tailLines: 20 }).catch(() => "") : "";
    out.push({ pod, events, logTail: typeof log === "string" ? log : "" });
  }
  return out;
}

/**
 * `/api/health` through the ingress address with the console's host (a few looks: the ingress may
 * lag the pods). Undefined when no address is configured; throws ConsoleHealthCheckFailed.
 */
export async function consoleHealthThroughIngress(d: ConsoleDeployContext): Promise<string | undefined> {
  const address = d.step.deploy?.ingressAddress;
  if (!address) return undefined;
  const url = new URL("/api/health", address);
  let last = "";
  for (let attempt = 1; attempt <= HEALTH_ATTEMPTS; attempt++) {
    try {
      const res = await hostRoutedGet(url, d.console.host, 5000, d.step.signal);
      if (res.status === 200 && /"status"\s*:\s*"ok"/.test(res.body)) return `${d.console.host}/api/health 200 through ${address}`;
      last = `HTTP ${res.status} ${bodyDetail(res.body)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    d.step.log(`console health ${attempt}/${HEALTH_ATTEMPTS}: ${last}`);
    if (attempt < HEALTH_ATTEMPTS) await sleep(Math.max(200, d.step.pollIntervalMs * 4), d.step.signal);
  }
  throw new DeployError("ConsoleHealthCheckFailed", scrub(`The console's pods are Ready but ${d.console.host}/api/health through the ingress (${address}) answers: ${last}`));
}

export async function waitForConsoleRollout(d: ConsoleDeployContext, title: string): Promise<StepOutcome> {
  const timeoutMs = d.step.deploy?.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const started = Date.now();
  const interval = Math.max(250, d.step.pollIntervalMs);
  const name = `${CONSOLE_NAMESPACE}/${CONSOLE_APP}`;
  let waited = false;
  for (;;) {
    let dep: V1Deployment;
    try {
      dep = await d.kube.apps.readNamespacedDeployment({ name: CONSOLE_APP, namespace: CONSOLE_NAMESPACE });
    } catch (err) {
      throw fromKubernetes(err, `reading Deployment ${name}`);
    }
    const state = rolloutState(dep);
    if (state.ready) {
      const change = waited ? "updated" : "unchanged";
      const replicas = dep.status?.readyReplicas ?? 0;
      const seconds = Math.round((Date.now() - started) / 1000);
      const health = await consoleHealthThroughIngress(d);
      return {
        change,
        // A wait changes nothing by itself: recorded as "unchanged" (skipped) when it was already rolled out.
        summary: `${title}: ${waited ? `rolled out after ${seconds} s` : "unchanged: already rolled out"} (${replicas} of ${dep.spec?.replicas ?? replicas} replicas Ready)${health ? `; ${health}` : ""}`,
        resources: [
          { key: "console-rollout", type: "Kubernetes/Deployment", name, change, resourceId: objectRef(d.target, "Deployment", CONSOLE_NAMESPACE, CONSOLE_APP), facts: { readyReplicas: replicas, ...(health ? { health } : {}) } },
        ],
      };
    }
    if (Date.now() - started >= timeoutMs) {
      const why = await unreadyPods(d).then(diagnoseConsolePods, (err: unknown) => ({ code: "ConsoleNotReady", reason: `(could not read the pods: ${err instanceof Error ? err.message : String(err)})` }));
      throw new DeployError(why.code, scrub(`The console did not roll out within ${Math.round(timeoutMs / 1000)} s (${state.progress}): ${why.reason}`));
    }
    if (!waited) d.step.log(`waiting for Deployment ${name}: ${state.progress}`);
    waited = true;
    await sleep(interval, d.step.signal);
  }
}

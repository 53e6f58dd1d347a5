/**
 * Stopping a sandbox: delete its pod with a grace period, but only a runtime pod in the sandbox
 * namespace that is idle past the threshold or orphaned — never a sandbox someone is using.
 * The checks read the pod and its conversation afresh at the moment of the stop (what the page
 * showed may be a minute old).
 */
import type * as k8s from "@kubernetes/client-node";
import { ActionError } from "@/lib/auth/action";
import { classifySandbox, stopReason } from "./classify";
import { conversationsByIds, type Queryable } from "./conversations";
import { coreApi, listNodeCapacity, podView } from "./kube";
import { forgetSandboxPods } from "./pod-cache";
import { RUNTIME_LABEL, SANDBOX_RULES, SESSION_LABEL, type SandboxRules } from "./rules";
import type { Sandbox, SandboxFlag } from "./types";

export interface StopRequest {
  namespace: string;
  pod: string;
  /** The namespace the caller named, if any; must be the sandbox namespace. */
  requestedNamespace?: string;
}

export interface StoppedSandbox {
  pod: string;
  userId: string | null;
  conversationId: string | null;
  reason: SandboxFlag;
  ageMs: number;
  gracePeriodSeconds: number;
}

function statusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown } | undefined;
  const code = typeof e?.code === "number" ? e.code : typeof e?.statusCode === "number" ? e.statusCode : undefined;
  return code;
}

export async function stopSandbox(kc: k8s.KubeConfig, db: Queryable, req: StopRequest, rules: SandboxRules = SANDBOX_RULES, now = Date.now()): Promise<StoppedSandbox> {
  if (req.requestedNamespace !== undefined && req.requestedNamespace !== req.namespace) {
    throw new ActionError("not_a_sandbox", `Only sandboxes can be stopped here: ${req.requestedNamespace}/${req.pod} is outside the sandbox namespace ${req.namespace}.`);
  }
  const api = coreApi(kc);
  let raw: k8s.V1Pod;
  try {
    raw = await api.readNamespacedPod({ name: req.pod, namespace: req.namespace });
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError("not_found", `There is no pod ${req.pod} in ${req.namespace} (it may have stopped already).`);
    throw err;
  }
  const pod = podView(raw);
  if (pod.labels[RUNTIME_LABEL.key] !== RUNTIME_LABEL.value) {
    throw new ActionError("not_a_sandbox", `${req.pod} is not an OpenHands sandbox (it lacks the label ${RUNTIME_LABEL.key}=${RUNTIME_LABEL.value}); the console only stops sandboxes.`);
  }
  if (pod.deletionAt) throw new ActionError("already_stopping", `${req.pod} is already stopping.`);
  const session = pod.labels[SESSION_LABEL];
  const conversations = session ? await conversationsByIds(db, [session]) : new Map();
  const nodes = pod.nodeName ? await listNodeCapacity(kc).catch(() => []) : [];
  const sandbox: Sandbox = classifySandbox({
    pod,
    poolOf: (n) => nodes.find((x) => x.name === n)?.pool,
    conversation: session ? conversations.get(session) : undefined,
    now,
    rules,
  });
  const reason = stopReason(sandbox);
  if (!reason) {
    const idle = sandbox.idleMs === null ? "" : ` Its conversation was last active ${Math.floor(sandbox.idleMs / 60_000)} min ago.`;
    throw new ActionError("sandbox_in_use", `${req.pod} is neither idle for ${rules.idleMinutes} min nor orphaned, so it may be in use and was not stopped.${idle}`);
  }
  try {
    await api.deleteNamespacedPod({ name: req.pod, namespace: req.namespace, gracePeriodSeconds: rules.stopGraceSeconds, body: { gracePeriodSeconds: rules.stopGraceSeconds, preconditions: raw.metadata?.uid ? { uid: raw.metadata.uid } : undefined } });
  } catch (err) {
    if (statusOf(err) === 404) throw new ActionError("not_found", `${req.pod} disappeared before it could be stopped.`);
    if (statusOf(err) === 409) throw new ActionError("conflict", `${req.pod} was replaced by a new pod of the same name; look again before stopping it.`);
    throw err;
  }
  // The page after this action must not show the pod as it was: the next read lists afresh.
  forgetSandboxPods(kc, req.namespace);
  return { pod: req.pod, userId: sandbox.userId, conversationId: sandbox.conversationId, reason, ageMs: sandbox.ageMs, gracePeriodSeconds: rules.stopGraceSeconds };
}

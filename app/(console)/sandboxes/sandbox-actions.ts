/**
 * The Sandboxes page's action as a definition (auth → `sandbox.stop` → zod → run → audit via
 * `defineAction`). `actions.ts` binds it to the console's environments; tests bind it to a
 * simulated cluster and their own database with `executeAction`.
 */
import type * as k8s from "@kubernetes/client-node";
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/auth/action";
import type { ChangeSet } from "@/lib/auth/audit";
import type { Queryable } from "@/lib/openhands/sandboxes/conversations";
import { formatDuration } from "@/lib/openhands/sandboxes/classify";
import { stopSandbox, type StoppedSandbox } from "@/lib/openhands/sandboxes/stop";

/** What a stop needs of an environment: its name, cluster, sandbox namespace and OpenHands database. */
export interface SandboxEnvironment {
  name: string;
  namespace: string;
  kubeConfig: () => Promise<k8s.KubeConfig>;
  database: () => Promise<Queryable>;
}

export interface SandboxDeps {
  /** The environment by name; null when there is none. */
  environment: (name: string) => Promise<SandboxEnvironment | null>;
}

const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

const stopInput = z.object({
  environment: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, "environment must be an environment name"),
  pod: z.string().regex(POD_NAME, "pod must be a Kubernetes pod name"),
  namespace: z.string().regex(POD_NAME, "namespace must be a Kubernetes namespace name").optional(),
});

export interface StopResult {
  pod: string;
  reason: string;
  message: string;
}

export function sandboxActions(deps: SandboxDeps) {
  const stop: ActionDefinition<typeof stopInput, StopResult & { detail: StoppedSandbox }> = {
    name: "sandbox.stop",
    permission: "sandbox.stop",
    input: stopInput,
    audit: {
      action: "sandbox.stop",
      target: (input) => `sandbox/${input.environment}/${input.pod}`,
      changes: (_input, result): ChangeSet =>
        result
          ? { pod: { old: "running", new: "deleted" }, reason: { new: `${result.detail.reason.kind}: ${result.detail.reason.why}` }, user: { new: result.detail.userId ?? "(none)" }, age: { new: formatDuration(result.detail.ageMs) } }
          : {},
    },
    run: async (_ctx, input) => {
      const env = await deps.environment(input.environment);
      if (!env) throw new ActionError("not_found", `There is no environment named ${input.environment}.`);
      const detail = await stopSandbox(await env.kubeConfig(), await env.database(), { namespace: env.namespace, pod: input.pod, requestedNamespace: input.namespace });
      return {
        pod: detail.pod,
        reason: detail.reason.kind,
        message: `Stopping ${detail.pod} (${detail.reason.kind}); its containers get ${detail.gracePeriodSeconds} s to finish.`,
        detail,
      };
    },
  };
  return { stop };
}

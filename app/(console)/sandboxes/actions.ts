"use server";
/** The Sandboxes page's server action, bound to the console's environments and their connections. */
import { defineAction } from "@/lib/auth/action";
import { selectEnvironment } from "@/lib/environments/target";
import { kubeConfig, openhandsDatabase } from "@/lib/environments/data-plane";
import { getPool } from "@/lib/store/db";
import { sandboxActions } from "./sandbox-actions";

const actions = sandboxActions({
  environment: async (name) => {
    const target = await selectEnvironment(getPool(), name);
    // selectEnvironment falls back to the newest environment; a stop must hit the one named.
    if (!target || target.environment.name !== name) return null;
    return { name, namespace: target.openhands.sandboxNamespace, kubeConfig: () => kubeConfig(target), database: () => openhandsDatabase(target) };
  },
});

export const stopSandboxAction = defineAction(actions.stop);

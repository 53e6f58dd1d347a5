/**
 * Which environment a day-two page shows, and where its Azure resources are. Names come from the
 * plan of the environment's latest setup operation (the names the admin confirmed in the wizard,
 * overrides included); an environment without one falls back to DESIGN.md §2's default names.
 */
import { z } from "zod";
import { resolveNames, type ResourceNames } from "@/lib/azure/naming";
import type { Queryable } from "@/lib/store/db";
import { getEnvironmentByName, listEnvironments, type Environment } from "@/lib/store/environments";

export interface EnvironmentTarget {
  environment: Environment;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  names: ResourceNames;
  /** Full ARM ids (leading "/"); Metrics_List wants them without it (knowledge/azure.md §2). */
  ids: { aks: string; postgres: string; redis: string; storage: string; actionGroup: string };
  /** `scheme` is the public one: http only when setup chose no TLS. */
  openhands: { namespace: string; sandboxNamespace: string; host: string; version: string; scheme: "http" | "https" };
}

/** The parts of a stored setup plan this module reads; anything else in it is ignored. */
const storedPlanSchema = z.object({
  environment: z.object({ names: z.record(z.string(), z.string()).optional() }).passthrough(),
  openhands: z
    .object({ namespace: z.string(), sandboxNamespace: z.string(), host: z.string(), version: z.string(), tls: z.object({ mode: z.string() }).passthrough().optional() })
    .passthrough()
    .optional(),
});

async function latestSetupPlan(db: Queryable, environmentId: string): Promise<z.infer<typeof storedPlanSchema> | null> {
  const res = await db.query<{ plan: unknown }>(
    `SELECT p.plan FROM operation_plans p JOIN operations o ON o.id = p.operation_id
     WHERE o.environment_id = $1 AND o.kind = 'setup' ORDER BY o.created_at DESC LIMIT 1`,
    [environmentId],
  );
  const parsed = storedPlanSchema.safeParse(res.rows[0]?.plan);
  return parsed.success ? parsed.data : null;
}

function settingString(env: Environment, key: string): string | undefined {
  const v = env.settings[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

export async function environmentTarget(db: Queryable, environment: Environment): Promise<EnvironmentTarget> {
  const plan = await latestSetupPlan(db, environment.id);
  const names = { ...resolveNames(environment.name, environment.subscriptionId), ...(plan?.environment.names ?? {}) } as ResourceNames;
  const rg = environment.resourceGroup;
  const base = `/subscriptions/${environment.subscriptionId}/resourceGroups/${rg}/providers`;
  return {
    environment,
    subscriptionId: environment.subscriptionId,
    resourceGroup: rg,
    region: environment.region,
    names,
    ids: {
      aks: `${base}/Microsoft.ContainerService/managedClusters/${names.aksCluster}`,
      postgres: `${base}/Microsoft.DBforPostgreSQL/flexibleServers/${names.postgresServer}`,
      redis: `${base}/Microsoft.Cache/redis/${names.redisCache}`,
      storage: `${base}/Microsoft.Storage/storageAccounts/${names.storageAccount}`,
      actionGroup: `${base}/Microsoft.Insights/actionGroups/${names.actionGroup}`,
    },
    openhands: {
      namespace: plan?.openhands?.namespace ?? "openhands",
      sandboxNamespace: plan?.openhands?.sandboxNamespace ?? "openhands-sandboxes",
      host: plan?.openhands?.host ?? settingString(environment, "host") ?? "",
      version: plan?.openhands?.version ?? settingString(environment, "openhandsVersion") ?? "",
      scheme: plan?.openhands?.tls?.mode === "none" ? "http" : "https",
    },
  };
}

/** Every environment that has left the draft stage, newest first. */
async function liveEnvironments(db: Queryable): Promise<Environment[]> {
  return (await listEnvironments(db)).filter((e) => e.status !== "draft").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** What the top bar's environment picker offers: every live environment, newest (the default) first. */
export async function listEnvironmentChoices(db: Queryable): Promise<{ name: string; status: string; subscriptionId: string; resourceGroup: string }[]> {
  return (await liveEnvironments(db)).map((e) => ({ name: e.name, status: e.status, subscriptionId: e.subscriptionId, resourceGroup: e.resourceGroup }));
}

/**
 * The environment a page shows: `?env=<name>` when given (null when there is no such environment),
 * else the newest one that is not a draft. null → the page shows its "No environment yet" state.
 */
export async function selectEnvironment(db: Queryable, requestedName?: string | null): Promise<EnvironmentTarget | null> {
  if (requestedName) {
    const env = await getEnvironmentByName(db, requestedName);
    return env && env.status !== "draft" ? environmentTarget(db, env) : null;
  }
  const newest = (await liveEnvironments(db))[0];
  return newest ? environmentTarget(db, newest) : null;
}

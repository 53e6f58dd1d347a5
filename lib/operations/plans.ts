/**
 * The plan each operation executes, stored beside it (migration 0004) so any worker replica can
 * run any step, also after a restart. Plans hold no secrets (refused here as a last guard).
 */
import { z } from "zod";
import type { DesiredPlan } from "@/lib/azure/provisioning/steps";
import type { Queryable } from "@/lib/store/db";
import { StoreValidationError } from "@/lib/store/errors";
import { redactString } from "@/lib/store/redact";

/** ARM body fields that hold secrets (write-only in Azure). Booleans like allowSharedKeyAccess are fine. */
const SECRET_FIELDS = new Set(["administratorloginpassword", "adminpassword", "password", "clientsecret", "secret", "primarykey", "secondarykey", "accesskey"]);

/** Paths of secret values in a body: known secret fields with a value, or secret-looking strings. */
export function secretsInBody(value: unknown, base = ""): string[] {
  if (typeof value === "string") return redactString(value) === value ? [] : [base || "(value)"];
  if (Array.isArray(value)) return value.flatMap((v, i) => secretsInBody(v, `${base}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = base ? `${base}.${k}` : k;
      if (SECRET_FIELDS.has(k.toLowerCase()) && v !== undefined && v !== null && v !== "") return [here];
      return secretsInBody(v, here);
    });
  }
  return [];
}

/** `openhands.secrets` maps to console secret NAMES (camelCase identifiers); anything else may be a value. */
export function secretNamesNotReferences(map: Record<string, Record<string, string>>): string[] {
  return Object.entries(map).flatMap(([secret, keys]) =>
    Object.entries(keys).filter(([, source]) => !/^[a-z][A-Za-z0-9]{0,63}$/.test(source)).map(([key]) => `openhands.secrets.${secret}.${key}`),
  );
}

const resourceSchema = z.object({
  key: z.string(),
  type: z.string(),
  name: z.string(),
  parentNames: z.array(z.string()).optional(),
  resourceGroup: z.string(),
  location: z.string(),
  dependsOn: z.array(z.string()),
  armBody: z.unknown(),
  secretInputs: z.array(z.object({ path: z.string(), secret: z.string() })).optional(),
});

const nodeLabelSchema = z.object({ key: z.string(), value: z.string() });

/** The deploy steps' settings (plan.openhands); `secrets` names console secrets, never holds values. */
const openhandsSchema = z.object({
  namespace: z.string(),
  sandboxNamespace: z.string(),
  version: z.string(),
  images: z.object({ app: z.string(), agentServer: z.string(), runtimeApi: z.string() }),
  host: z.string(),
  tls: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("cert-manager"), issuer: z.string() }),
    z.object({ mode: z.literal("existing-secret"), secretName: z.string() }),
    z.object({ mode: z.literal("none") }),
  ]),
  env: z.record(z.string(), z.string()),
  secrets: z.record(z.string(), z.record(z.string(), z.string())),
  sandboxNodeSelector: nodeLabelSchema.optional(),
  platformNodeSelector: nodeLabelSchema.optional(),
});

/** The console-move's install settings (plan.console): non-secret ConfigMap values only. */
const consoleSchema = z.object({
  image: z.string().min(1),
  replicas: z.number().int().min(1).max(20),
  host: z.string().min(1),
  config: z.record(z.string(), z.string()),
  identity: z.string(),
  cluster: z.string(),
  postgresServer: z.string(),
});

export const desiredPlanSchema = z.object({
  environment: z.object({ name: z.string(), subscriptionId: z.string(), region: z.string(), resourceGroup: z.string().optional() }),
  resources: z.array(resourceSchema),
  steps: z.array(z.object({ key: z.string(), title: z.string(), kind: z.string().optional(), resourceKeys: z.array(z.string()), dependsOn: z.array(z.string()) })),
  openhands: openhandsSchema.optional(),
  console: consoleSchema.optional(),
});

/** Only what the executor runs is stored (zod drops the rest: estimate, warnings, identity provider…). */
function storedPlan(plan: DesiredPlan): DesiredPlan {
  return desiredPlanSchema.parse(plan);
}

export async function saveOperationPlan(db: Queryable, operationId: string, plan: DesiredPlan): Promise<void> {
  // Bodies carry `secretInputs` paths, never the secret values.
  const secrets = [
    ...plan.resources.flatMap((r) => secretsInBody(r.armBody, r.key)),
    ...(plan.openhands ? secretsInBody(plan.openhands.env, "openhands.env") : []),
    ...(plan.openhands ? secretNamesNotReferences(plan.openhands.secrets) : []),
    ...(plan.console ? secretsInBody(plan.console.config, "console.config") : []),
  ];
  if (secrets.length > 0) throw new StoreValidationError([`the plan must not contain secrets (found at ${secrets.join(", ")})`]);
  await db.query("INSERT INTO operation_plans (operation_id, plan) VALUES ($1, $2::jsonb)", [operationId, JSON.stringify(storedPlan(plan))]);
}

export async function loadOperationPlan(db: Queryable, operationId: string): Promise<DesiredPlan | null> {
  const res = await db.query<{ plan: unknown }>("SELECT plan FROM operation_plans WHERE operation_id = $1", [operationId]);
  const row = res.rows[0];
  return row === undefined ? null : desiredPlanSchema.parse(row.plan);
}

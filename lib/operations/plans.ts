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

export const desiredPlanSchema = z.object({
  environment: z.object({ name: z.string(), subscriptionId: z.string(), region: z.string(), resourceGroup: z.string().optional() }),
  resources: z.array(resourceSchema),
  steps: z.array(z.object({ key: z.string(), title: z.string(), kind: z.string().optional(), resourceKeys: z.array(z.string()), dependsOn: z.array(z.string()) })),
});

export async function saveOperationPlan(db: Queryable, operationId: string, plan: DesiredPlan): Promise<void> {
  // Bodies carry `secretInputs` paths, never the secret values.
  const secrets = plan.resources.flatMap((r) => secretsInBody(r.armBody, r.key));
  if (secrets.length > 0) throw new StoreValidationError([`the plan must not contain secrets (found at ${secrets.join(", ")})`]);
  await db.query("INSERT INTO operation_plans (operation_id, plan) VALUES ($1, $2::jsonb)", [operationId, JSON.stringify(plan)]);
}

export async function loadOperationPlan(db: Queryable, operationId: string): Promise<DesiredPlan | null> {
  const res = await db.query<{ plan: unknown }>("SELECT plan FROM operation_plans WHERE operation_id = $1", [operationId]);
  const row = res.rows[0];
  return row === undefined ? null : desiredPlanSchema.parse(row.plan);
}

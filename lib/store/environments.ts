/**
 * Environments: one deployment of OpenHands (prod, staging…) with its Azure placement and
 * settings. Updates use optimistic concurrency: the caller names the version it read, and a
 * stale write gets VersionConflictError instead of silently overwriting someone else's change.
 */
import { z } from "zod";
import type { Queryable } from "./db";
import { EnvironmentNameTakenError, NotFoundError, StoreValidationError, VersionConflictError, sqlState, violatedConstraint } from "./errors";
import { findSecrets } from "./redact";

export const ENVIRONMENT_STATUSES = ["draft", "provisioning", "ready", "degraded", "failed", "upgrading", "deleting"] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,19}$/;

export type EnvironmentSettings = Record<string, unknown>;

export interface Environment {
  id: string;
  name: string;
  subscriptionId: string;
  region: string;
  resourceGroup: string;
  settings: EnvironmentSettings;
  status: EnvironmentStatus;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  /** Send it back on update (the etag). */
  version: number;
}

const settingsSchema = z
  .record(z.string(), z.unknown())
  .superRefine((settings, ctx) => {
    const secrets = findSecrets(settings);
    if (secrets.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `must not contain secrets (found at ${secrets.join(", ")}); keep them in Key Vault or Kubernetes secrets`,
      });
    }
  });

const createSchema = z.object({
  name: z.string().regex(ENVIRONMENT_NAME, "name must be 2–20 characters: a lower-case letter, then lower-case letters, digits or '-'"),
  subscriptionId: z.string().uuid("subscriptionId must be a GUID"),
  region: z.string().regex(/^[a-z][a-z0-9]*$/, "region must be an Azure region name such as westeurope"),
  resourceGroup: z.string().regex(/^[-\w._()]{0,89}[-\w()]$/, "resourceGroup is not a valid resource group name"),
  settings: settingsSchema.default({}),
  status: z.enum(ENVIRONMENT_STATUSES).default("draft"),
  createdBy: z.string().min(1, "createdBy is required"),
});
export type NewEnvironment = z.input<typeof createSchema>;

const patchSchema = z
  .object({
    settings: settingsSchema.optional(),
    status: z.enum(ENVIRONMENT_STATUSES).optional(),
    region: createSchema.shape.region.optional(),
    resourceGroup: createSchema.shape.resourceGroup.optional(),
  })
  .strict();
export type EnvironmentPatch = z.input<typeof patchSchema>;

const rowSchema = z.object({
  id: z.string(),
  name: z.string(),
  subscription_id: z.string(),
  region: z.string(),
  resource_group: z.string(),
  settings: z.record(z.string(), z.unknown()),
  status: z.enum(ENVIRONMENT_STATUSES),
  created_at: z.date(),
  updated_at: z.date(),
  created_by: z.string(),
  version: z.number().int(),
});

function toEnvironment(row: unknown): Environment {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    subscriptionId: r.subscription_id,
    region: r.region,
    resourceGroup: r.resource_group,
    settings: r.settings,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
    version: r.version,
  };
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StoreValidationError(parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`));
  }
  return parsed.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = "id, name, subscription_id, region, resource_group, settings, status, created_at, updated_at, created_by, version";

export async function createEnvironment(db: Queryable, input: NewEnvironment): Promise<Environment> {
  const e = parseOrThrow(createSchema, input);
  try {
    const res = await db.query(
      `INSERT INTO environments (name, subscription_id, region, resource_group, settings, status, created_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING ${COLUMNS}`,
      [e.name, e.subscriptionId, e.region, e.resourceGroup, JSON.stringify(e.settings), e.status, e.createdBy],
    );
    return toEnvironment(res.rows[0]);
  } catch (err) {
    if (sqlState(err) === "23505" && violatedConstraint(err) === "environments_name_key") throw new EnvironmentNameTakenError(e.name);
    throw err;
  }
}

export async function getEnvironment(db: Queryable, id: string): Promise<Environment | null> {
  if (!UUID.test(id)) return null;
  const res = await db.query(`SELECT ${COLUMNS} FROM environments WHERE id = $1`, [id]);
  return res.rows[0] === undefined ? null : toEnvironment(res.rows[0]);
}

export async function getEnvironmentByName(db: Queryable, name: string): Promise<Environment | null> {
  const res = await db.query(`SELECT ${COLUMNS} FROM environments WHERE name = $1`, [name]);
  return res.rows[0] === undefined ? null : toEnvironment(res.rows[0]);
}

export async function listEnvironments(db: Queryable): Promise<Environment[]> {
  const res = await db.query(`SELECT ${COLUMNS} FROM environments ORDER BY name`);
  return res.rows.map(toEnvironment);
}

/**
 * Applies patch if the row is still at expectedVersion; bumps version and updated_at.
 * `settings` replaces the whole object (callers merge first, so the change set they audit is exact).
 */
export async function updateEnvironment(
  db: Queryable,
  id: string,
  expectedVersion: number,
  patch: EnvironmentPatch,
): Promise<Environment> {
  const p = parseOrThrow(patchSchema, patch);
  if (Object.values(p).every((v) => v === undefined)) throw new StoreValidationError(["nothing to update: the patch is empty"]);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) throw new StoreValidationError(["expectedVersion must be a positive integer"]);
  if (!UUID.test(id)) throw new NotFoundError("Environment", id);
  const res = await db.query(
    `UPDATE environments SET
       settings = COALESCE($3::jsonb, settings),
       status = COALESCE($4, status),
       region = COALESCE($5, region),
       resource_group = COALESCE($6, resource_group),
       version = version + 1,
       updated_at = now()
     WHERE id = $1 AND version = $2
     RETURNING ${COLUMNS}`,
    [id, expectedVersion, p.settings === undefined ? null : JSON.stringify(p.settings), p.status ?? null, p.region ?? null, p.resourceGroup ?? null],
  );
  if (res.rows[0] !== undefined) return toEnvironment(res.rows[0]);
  const current = await db.query<{ version: number }>("SELECT version FROM environments WHERE id = $1", [id]);
  const row = current.rows[0];
  if (row === undefined) throw new NotFoundError("Environment", id);
  throw new VersionConflictError("Environment", id, expectedVersion, row.version);
}

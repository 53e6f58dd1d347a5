/**
 * Setup wizard drafts: the answers of the guided setup, kept server-side so a reload or another
 * browser continues where the admin left off. Only one draft is current (open or provisioning).
 *
 * Secrets typed in the wizard are write-only: they are sealed with AES-256-GCM under SECRETS_KEY
 * (`secret-box.ts`) before they reach the database, and the read model only says whether each was
 * provided. `openDraftSecrets` is for the provisioning step that writes them into Kubernetes
 * secrets; nothing sends them to the browser, logs or the audit log.
 */
import { z } from "zod";
import type { Queryable } from "./db";
import { NotFoundError, StoreError, StoreValidationError, VersionConflictError, sqlState, violatedConstraint } from "./errors";
import { findSecrets } from "./redact";
import { openSecret, sealSecret } from "./secret-box";

export const SETUP_SECTIONS = ["environment", "sizing", "identity", "openhands", "preflight"] as const;
export type SetupSection = (typeof SETUP_SECTIONS)[number];

/** Write-only fields: where each lives in the wizard and what it is called on screen. */
export const SECRET_FIELDS = ["keycloakClientSecret", "keycloakAdminPassword", "entraClientSecret", "llmApiKey"] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];
export type DraftSecrets = Partial<Record<SecretField, string>>;

export const DRAFT_STATUSES = ["open", "provisioning", "done", "discarded"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export interface SetupDraft {
  id: string;
  status: DraftStatus;
  /** Non-secret answers per section, as last saved (validated by the wizard step that saved them). */
  data: Partial<Record<SetupSection, Record<string, unknown>>>;
  /** Which write-only secrets were provided; their values never leave the server. */
  secretsProvided: Record<SecretField, boolean>;
  completedSteps: string[];
  operationId: string | null;
  environmentId: string | null;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export class DraftBusyError extends StoreError {
  constructor() {
    super("draft_exists", "Another setup is already in progress in this console; continue it or discard it first");
  }
}

const rowSchema = z.object({
  id: z.string(),
  status: z.enum(DRAFT_STATUSES),
  data: z.record(z.string(), z.record(z.string(), z.unknown())),
  secrets: z.record(z.string(), z.string()),
  completed_steps: z.array(z.string()),
  operation_id: z.string().nullable(),
  environment_id: z.string().nullable(),
  created_by: z.string(),
  updated_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
  version: z.number().int(),
});
type DraftRow = z.infer<typeof rowSchema>;

const COLUMNS = "id, status, data, secrets, completed_steps, operation_id, environment_id, created_by, updated_by, created_at, updated_at, version";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDraft(raw: unknown): SetupDraft {
  const r = rowSchema.parse(raw);
  const data: SetupDraft["data"] = {};
  for (const section of SETUP_SECTIONS) if (r.data[section]) data[section] = r.data[section];
  return {
    id: r.id,
    status: r.status,
    data,
    secretsProvided: Object.fromEntries(SECRET_FIELDS.map((f) => [f, typeof r.secrets[f] === "string"])) as Record<SecretField, boolean>,
    completedSteps: r.completed_steps,
    operationId: r.operation_id,
    environmentId: r.environment_id,
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function aadOf(draftId: string, field: SecretField): string {
  return `setup-draft/${draftId}/${field}`;
}

async function selectRow(db: Queryable, id: string): Promise<DraftRow | null> {
  if (!UUID.test(id)) return null;
  const res = await db.query(`SELECT ${COLUMNS} FROM setup_drafts WHERE id = $1`, [id]);
  return res.rows[0] === undefined ? null : rowSchema.parse(res.rows[0]);
}

/** The draft the wizard continues (open or provisioning), or null. */
export async function getCurrentDraft(db: Queryable): Promise<SetupDraft | null> {
  const res = await db.query(`SELECT ${COLUMNS} FROM setup_drafts WHERE status IN ('open', 'provisioning') LIMIT 1`);
  return res.rows[0] === undefined ? null : toDraft(res.rows[0]);
}

export async function getDraft(db: Queryable, id: string): Promise<SetupDraft | null> {
  const row = await selectRow(db, id);
  return row ? toDraft(row) : null;
}

/** Returns the current draft, or starts one for `actor`. */
export async function startDraft(db: Queryable, actor: string): Promise<SetupDraft> {
  const current = await getCurrentDraft(db);
  if (current) return current;
  try {
    const res = await db.query(`INSERT INTO setup_drafts (created_by, updated_by) VALUES ($1, $1) RETURNING ${COLUMNS}`, [actor]);
    return toDraft(res.rows[0]);
  } catch (err) {
    // Two admins started at once: the unique index let one win; continue that one.
    if (sqlState(err) === "23505" && violatedConstraint(err) === "setup_drafts_one_current") {
      const winner = await getCurrentDraft(db);
      if (winner) return winner;
      throw new DraftBusyError();
    }
    throw err;
  }
}

export interface SectionSave {
  id: string;
  /** The version the admin's form was rendered from; a stale save is refused, never merged silently. */
  expectedVersion: number;
  section: SetupSection;
  /** Non-secret answers of the section (already validated by the wizard step). */
  value: Record<string, unknown>;
  /** Secrets typed in this save; a field left out keeps its sealed value. Empty strings are ignored. */
  secrets?: DraftSecrets;
  /** Secrets to forget (e.g. the admin cleared them). */
  clearSecrets?: SecretField[];
  completedStep?: string;
  /** Steps whose results the change invalidates (e.g. preflight after a sizing change). */
  resetSteps?: string[];
  actor: string;
}

/** Saves one section of an open draft (optimistic concurrency on `version`). */
export async function saveDraftSection(db: Queryable, key: Buffer, save: SectionSave): Promise<SetupDraft> {
  if (!SETUP_SECTIONS.includes(save.section)) throw new StoreValidationError([`section must be one of ${SETUP_SECTIONS.join(", ")}`]);
  const leaked = findSecrets(save.value);
  if (leaked.length > 0) throw new StoreValidationError([`${save.section}: secret-looking values belong in the write-only fields (found at ${leaked.join(", ")})`]);
  const row = await selectRow(db, save.id);
  if (!row) throw new NotFoundError("Setup draft", save.id);
  if (row.status !== "open") throw new StoreError("draft_not_open", `This setup is ${row.status}; its answers can no longer be changed`);
  if (row.version !== save.expectedVersion) throw new VersionConflictError("Setup draft", save.id, save.expectedVersion, row.version);

  const sealed: Record<string, string> = { ...row.secrets };
  for (const field of save.clearSecrets ?? []) delete sealed[field];
  for (const [field, value] of Object.entries(save.secrets ?? {}) as [SecretField, string | undefined][]) {
    if (!SECRET_FIELDS.includes(field)) throw new StoreValidationError([`${field} is not a write-only secret field`]);
    if (value) sealed[field] = sealSecret(key, value, aadOf(save.id, field));
  }
  const steps = new Set(row.completed_steps.filter((s) => !(save.resetSteps ?? []).includes(s)));
  if (save.completedStep) steps.add(save.completedStep);

  const res = await db.query(
    `UPDATE setup_drafts SET data = jsonb_set(data, ARRAY[$3::text], $4::jsonb), secrets = $5::jsonb, completed_steps = $6::text[],
       updated_by = $7, updated_at = now(), version = version + 1
     WHERE id = $1 AND version = $2 AND status = 'open' RETURNING ${COLUMNS}`,
    [save.id, save.expectedVersion, save.section, JSON.stringify(save.value), JSON.stringify(sealed), [...steps], save.actor],
  );
  if (res.rows[0] === undefined) {
    const now = await selectRow(db, save.id);
    throw new VersionConflictError("Setup draft", save.id, save.expectedVersion, now?.version ?? -1);
  }
  return toDraft(res.rows[0]);
}

/**
 * The plaintext secrets, for the step that writes Kubernetes secrets at provision time only.
 * Throws SecretBoxError if SECRETS_KEY changed since they were typed (re-enter them).
 */
export async function openDraftSecrets(db: Queryable, key: Buffer, id: string): Promise<DraftSecrets> {
  const row = await selectRow(db, id);
  if (!row) throw new NotFoundError("Setup draft", id);
  const out: DraftSecrets = {};
  for (const field of SECRET_FIELDS) {
    const sealed = row.secrets[field];
    if (sealed) out[field] = openSecret(key, sealed, aadOf(id, field));
  }
  return out;
}

/** The sealed secrets of the setup that created `environmentId`, opened (for the Kubernetes secrets step). */
export async function openEnvironmentSetupSecrets(db: Queryable, key: Buffer, environmentId: string): Promise<DraftSecrets> {
  if (!UUID.test(environmentId)) throw new NotFoundError("Environment", environmentId);
  const res = await db.query<{ id: string }>("SELECT id FROM setup_drafts WHERE environment_id = $1 ORDER BY created_at DESC LIMIT 1", [environmentId]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError("Setup draft for environment", environmentId);
  return openDraftSecrets(db, key, id);
}

/**
 * One secret of the setup that started `operationId` (the executor's `SecretSource` for typed
 * secrets). Throws NotFoundError when that setup has no such secret.
 */
export async function openOperationSetupSecret(db: Queryable, key: Buffer, operationId: string, name: string): Promise<string> {
  if (!UUID.test(operationId)) throw new NotFoundError("Operation", operationId);
  const res = await db.query<{ id: string }>("SELECT id FROM setup_drafts WHERE operation_id = $1 LIMIT 1", [operationId]);
  const id = res.rows[0]?.id;
  if (!id) throw new NotFoundError("Setup draft for operation", operationId);
  const value = (await openDraftSecrets(db, key, id))[name as SecretField];
  if (value === undefined) throw new NotFoundError(`Setup secret ${name} of operation`, operationId);
  return value;
}

/** Moves a draft on (open → provisioning → done; or discarded), linking its environment and operation. */
export async function setDraftStatus(
  db: Queryable,
  id: string,
  expectedVersion: number,
  change: { status: DraftStatus; actor: string; operationId?: string; environmentId?: string },
): Promise<SetupDraft> {
  const res = await db.query(
    `UPDATE setup_drafts SET status = $3, operation_id = COALESCE($4, operation_id), environment_id = COALESCE($5, environment_id),
       updated_by = $6, updated_at = now(), version = version + 1
     WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
    [id, expectedVersion, change.status, change.operationId ?? null, change.environmentId ?? null, change.actor],
  );
  if (res.rows[0] === undefined) {
    const now = await selectRow(db, id);
    if (!now) throw new NotFoundError("Setup draft", id);
    throw new VersionConflictError("Setup draft", id, expectedVersion, now.version);
  }
  return toDraft(res.rows[0]);
}

/** The draft that started `operationId` (each run of setup has its own draft), or null. */
export async function getDraftByOperation(db: Queryable, operationId: string): Promise<SetupDraft | null> {
  if (!UUID.test(operationId)) return null;
  const res = await db.query(`SELECT ${COLUMNS} FROM setup_drafts WHERE operation_id = $1 LIMIT 1`, [operationId]);
  return res.rows[0] === undefined ? null : toDraft(res.rows[0]);
}

/** The newest draft that ran setup on `environmentId` (its answers are what "Run setup again" reuses). */
export async function latestEnvironmentDraft(db: Queryable, environmentId: string): Promise<SetupDraft | null> {
  if (!UUID.test(environmentId)) return null;
  const res = await db.query(
    `SELECT ${COLUMNS} FROM setup_drafts WHERE environment_id = $1 AND status IN ('provisioning', 'done') ORDER BY created_at DESC, updated_at DESC LIMIT 1`,
    [environmentId],
  );
  return res.rows[0] === undefined ? null : toDraft(res.rows[0]);
}

/**
 * Provisioning drafts whose operation has ended (succeeded, failed or canceled) become `done`, so
 * the console can start another setup. A failed operation can still be retried from its page: its
 * secrets are found by operation id, whatever the draft's status.
 */
export async function finishEndedDrafts(db: Queryable, actor: string): Promise<SetupDraft[]> {
  const res = await db.query(
    `UPDATE setup_drafts d SET status = 'done', updated_by = $1, updated_at = now(), version = d.version + 1
     FROM operations o
     WHERE d.status = 'provisioning' AND o.id = d.operation_id AND o.status NOT IN ('pending', 'running')
     RETURNING ${COLUMNS.split(", ").map((c) => `d.${c}`).join(", ")}`,
    [actor],
  );
  return res.rows.map(toDraft);
}

/**
 * One more run of setup with the answers of `sourceId` (Run setup again): a new draft, already
 * `provisioning`, linked to the environment and the new operation. Secrets are opened and sealed
 * again under the new draft's id (the AAD binds each sealed value to its draft), so the executor
 * finds them by the new operation id and nothing typed once has to be typed again.
 * Throws DraftBusyError when another setup is open or provisioning.
 */
export async function startRerunDraft(
  db: Queryable,
  key: Buffer,
  sourceId: string,
  run: { operationId: string; environmentId: string; actor: string },
): Promise<SetupDraft> {
  const source = await selectRow(db, sourceId);
  if (!source) throw new NotFoundError("Setup draft", sourceId);
  const opened = await openDraftSecrets(db, key, sourceId);
  let inserted: unknown;
  try {
    const res = await db.query(
      `INSERT INTO setup_drafts (status, data, secrets, completed_steps, operation_id, environment_id, created_by, updated_by)
       VALUES ('provisioning', $1::jsonb, '{}'::jsonb, $2::text[], $3, $4, $5, $5) RETURNING id`,
      [JSON.stringify(source.data), source.completed_steps, run.operationId, run.environmentId, run.actor],
    );
    inserted = res.rows[0];
  } catch (err) {
    if (sqlState(err) === "23505" && violatedConstraint(err) === "setup_drafts_one_current") throw new DraftBusyError();
    throw err;
  }
  const id = z.object({ id: z.string() }).parse(inserted).id;
  const sealed = Object.fromEntries(Object.entries(opened).map(([field, value]) => [field, sealSecret(key, value, aadOf(id, field as SecretField))]));
  const res = await db.query(`UPDATE setup_drafts SET secrets = $2::jsonb WHERE id = $1 RETURNING ${COLUMNS}`, [id, JSON.stringify(sealed)]);
  return toDraft(res.rows[0]);
}

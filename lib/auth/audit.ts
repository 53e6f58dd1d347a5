/**
 * What the action wrapper records about each attempt, through the store's append-only audit
 * log. Everything passes redaction here too (the store redacts again), so no caller can put a
 * secret into the log; tests pass a writer bound to their own database.
 */
import type pg from "pg";
import { recordAuditEvent, type AuditEventInput, type ChangeSet } from "@/lib/store/audit";
import { recordDeniedAuditEvent } from "@/lib/store/audit-denials";
import { getPool } from "@/lib/store/db";
import { redactSecrets, redactString } from "@/lib/store/redact";

export type { AuditOutcome, ChangeSet } from "@/lib/store/audit";
export type AuditEntry = AuditEventInput;
export interface AuditWriter {
  (entry: AuditEntry): Promise<void>;
  /**
   * The store the rows go to. When present, `executeAction` runs an audited action's change and
   * its success row in ONE transaction on it (lib/store/db.ts `withStoreTransaction`), so a
   * change is never committed without its audit row. A writer without it (a test's fake) gets
   * the row written after the run.
   */
  store?: () => pg.Pool;
  /** Writes a `denied` row within the actor's budget (lib/store/audit-denials.ts); absent: written as is. */
  denied?: (entry: AuditEntry) => Promise<void>;
}

/** Redacts target, detail and changes; drops an empty change set. */
export function redactedEntry(entry: AuditEntry): AuditEntry {
  const changes: ChangeSet | undefined = entry.changes && Object.keys(entry.changes).length > 0 ? redactSecrets(entry.changes) : undefined;
  return { ...entry, target: redactString(entry.target), changes, detail: entry.detail === undefined ? undefined : redactString(entry.detail) };
}

/** The writer for a pool (default: the console store's). */
export function storeAuditWriter(pool?: pg.Pool): AuditWriter {
  const store = () => pool ?? getPool();
  const write: AuditWriter = async (entry) => {
    await recordAuditEvent(store(), entry);
  };
  write.store = store;
  write.denied = async (entry) => {
    await recordDeniedAuditEvent(store(), entry);
  };
  return write;
}

/**
 * What the action wrapper records about each attempt, through the store's append-only audit
 * log. Everything passes redaction here too (the store redacts again), so no caller can put a
 * secret into the log; tests pass a writer bound to their own database.
 */
import type pg from "pg";
import { recordAuditEvent, type AuditEventInput, type ChangeSet } from "@/lib/store/audit";
import { getPool } from "@/lib/store/db";
import { redactSecrets, redactString } from "@/lib/store/redact";

export type { AuditOutcome, ChangeSet } from "@/lib/store/audit";
export type AuditEntry = AuditEventInput;
export type AuditWriter = (entry: AuditEntry) => Promise<void>;

/** Redacts target, detail and changes; drops an empty change set. */
export function redactedEntry(entry: AuditEntry): AuditEntry {
  const changes: ChangeSet | undefined = entry.changes && Object.keys(entry.changes).length > 0 ? redactSecrets(entry.changes) : undefined;
  return { ...entry, target: redactString(entry.target), changes, detail: entry.detail === undefined ? undefined : redactString(entry.detail) };
}

/** The writer for a pool (default: the console store's). */
export function storeAuditWriter(pool?: pg.Pool): AuditWriter {
  return async (entry) => {
    await recordAuditEvent(pool ?? getPool(), entry);
  };
}

/**
 * What the action wrapper records about each attempt. The writer is the store's
 * `recordAuditEvent` bound to a pool (see ./audit-store); everything passes `redactSecrets`
 * here first, so no caller can put a secret into the append-only log.
 */
import { redactSecrets, redactText } from "./redact";

/** `{ field: { old, new } }`, as in the audit table's `changes` column. */
export type ChangeSet = Record<string, { old?: unknown; new?: unknown }>;

export type AuditOutcome = "success" | "failure" | "denied";

export interface AuditEntry {
  actorId: string;
  actorName: string;
  action: string;
  target: string;
  changes?: ChangeSet;
  outcome: AuditOutcome;
  requestId: string;
  detail?: string;
}

export type AuditWriter = (entry: AuditEntry) => Promise<void>;

/** Redacts, drops an empty change set, then writes. */
export function redactedEntry(entry: AuditEntry): AuditEntry {
  const changes = entry.changes && Object.keys(entry.changes).length > 0 ? redactSecrets(entry.changes) : undefined;
  return {
    ...entry,
    target: redactText(entry.target),
    changes,
    detail: entry.detail === undefined ? undefined : redactText(entry.detail),
  };
}

/**
 * `denied` audit rows within a per-actor budget: at most DENIED_ROWS_PER_WINDOW rows per actor
 * per window; further refusals in the window are only counted (in the store, so every replica
 * shares the budget). The next refusal after the window writes one summary row saying how
 * many were not recorded one by one, then its own row. A Reader scripting forbidden calls
 * therefore adds at most ~DENIED_ROWS_PER_WINDOW + 1 rows per window instead of one per call.
 */
import type pg from "pg";
import { recordAuditEvent, type AuditEventInput } from "./audit";
import { withTransaction } from "./db";

export const DENIED_ROWS_PER_WINDOW = 20;
export const DENIED_WINDOW_SECONDS = 600;

interface WindowRow {
  window_start: Date;
  written: number;
  suppressed: number;
  expired: boolean;
  now: Date;
}

export interface DeniedOutcome {
  /** false: counted in the actor's window, not written. */
  written: boolean;
  /** The summary row written for the previous window, if any attempts were suppressed in it. */
  summarizedSuppressed: number;
}

export async function recordDeniedAuditEvent(pool: pg.Pool, entry: AuditEventInput, opts: { limit?: number; windowSeconds?: number } = {}): Promise<DeniedOutcome> {
  const limit = opts.limit ?? DENIED_ROWS_PER_WINDOW;
  const windowSeconds = opts.windowSeconds ?? DENIED_WINDOW_SECONDS;
  return withTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO audit_denial_windows (actor_id, actor_name, window_start, written, suppressed)
       VALUES ($1, $2, now(), 0, 0) ON CONFLICT (actor_id) DO NOTHING`,
      [entry.actorId, entry.actorName],
    );
    // FOR UPDATE: two replicas refusing the same actor at once take turns on the counters.
    const res = await tx.query<WindowRow>(
      `SELECT window_start, written, suppressed, window_start <= now() - make_interval(secs => $2) AS expired, now() AS now
       FROM audit_denial_windows WHERE actor_id = $1 FOR UPDATE`,
      [entry.actorId, windowSeconds],
    );
    const w = res.rows[0];
    if (!w) throw new Error(`audit_denial_windows has no row for ${entry.actorId} after inserting it`);
    let summarizedSuppressed = 0;
    let written = w.written;
    let suppressed = w.suppressed;
    let windowStart = w.window_start;
    if (w.expired) {
      if (w.suppressed > 0) {
        summarizedSuppressed = w.suppressed;
        await recordAuditEvent(tx, {
          actorId: entry.actorId,
          actorName: entry.actorName,
          action: "audit.denied.suppressed",
          target: `actor/${entry.actorId}`,
          outcome: "denied",
          requestId: entry.requestId,
          detail: `${w.suppressed} more refused attempts by this actor between ${w.window_start.toISOString()} and ${new Date(w.window_start.getTime() + windowSeconds * 1000).toISOString()} were counted but not recorded one by one (limit ${limit} rows per ${windowSeconds} s).`,
        });
      }
      written = 0;
      suppressed = 0;
      windowStart = w.now;
    }
    const write = written < limit;
    if (write) written += 1;
    else suppressed += 1;
    await tx.query(`UPDATE audit_denial_windows SET actor_name = $2, window_start = $3, written = $4, suppressed = $5 WHERE actor_id = $1`, [
      entry.actorId,
      entry.actorName,
      windowStart,
      written,
      suppressed,
    ]);
    if (write) await recordAuditEvent(tx, entry);
    return { written: write, summarizedSuppressed };
  });
}

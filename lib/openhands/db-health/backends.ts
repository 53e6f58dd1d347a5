/**
 * Cancel a backend's query (`pg_cancel_backend`) or end the session (`pg_terminate_backend`) —
 * only the exact session the admin saw: the pid AND its backend_start must still match (a pid is
 * reused by the next connection), checked again in the very statement that sends the signal.
 * Refused: the console's own connections, superuser and replication sessions, non-client backends.
 */
import type pg from "pg";
import { ISO_US } from "./activity";
import { auditQuery, displayQuery } from "./query-text";
import { sqlStateOf } from "./read-only";

export type BackendSignal = "cancel" | "terminate";

export const BACKEND_REFUSALS = ["not_found", "stale_backend", "console_backend", "protected_backend", "not_running", "not_permitted"] as const;
export type BackendRefusal = (typeof BACKEND_REFUSALS)[number];

export class BackendSignalError extends Error {
  constructor(
    public readonly code: BackendRefusal,
    message: string,
  ) {
    super(message);
    this.name = "BackendSignalError";
  }
}

/** application_name of the console's own pools: never signalled (the page would cut its own branch). */
export const CONSOLE_APPLICATION_NAMES = ["openhands-console"];

export interface SignalledBackend {
  pid: number;
  signal: BackendSignal;
  user: string | null;
  application: string | null;
  backendStart: string;
  queryStart: string | null;
  state: string | null;
  /** Display form (redacted, cut) for the browser. */
  query: string | null;
  /** Shape only (literals replaced) for the audit log. */
  auditQuery: string | null;
}

interface BackendFacts {
  pid: number;
  user: string | null;
  application: string | null;
  backend_type: string | null;
  state: string | null;
  query: string | null;
  backend_start: string;
  query_start: string | null;
  superuser: boolean | null;
  replication: boolean | null;
  own: boolean;
}

const TIMEOUT_MS = 3_000;
const QUERY_CHARS = 300;

export async function signalBackend(
  pool: pg.Pool,
  target: { pid: number; backendStart: string },
  signal: BackendSignal,
  opts: { consoleApplicationNames?: readonly string[] } = {},
): Promise<SignalledBackend> {
  const own = opts.consoleApplicationNames ?? CONSOLE_APPLICATION_NAMES;
  const client = await pool.connect();
  try {
    await client.query("SELECT set_config('statement_timeout', $1, false)", [String(TIMEOUT_MS)]);
    const facts = (
      await client.query<BackendFacts>(
        `SELECT a.pid, a.usename AS user, a.application_name AS application, a.backend_type, a.state, a.query,
                to_char(a.backend_start AT TIME ZONE 'UTC', ${ISO_US}) AS backend_start,
                to_char(a.query_start AT TIME ZONE 'UTC', ${ISO_US}) AS query_start,
                r.rolsuper AS superuser, r.rolreplication AS replication, a.pid = pg_backend_pid() AS own
           FROM pg_stat_activity a LEFT JOIN pg_roles r ON r.oid = a.usesysid WHERE a.pid = $1`,
        [target.pid],
      )
    ).rows[0];
    refuse(facts, target, signal, own);
    const fn = signal === "cancel" ? "pg_cancel_backend" : "pg_terminate_backend";
    let sent: boolean | undefined;
    try {
      sent = (
        await client.query<{ sent: boolean }>(`SELECT ${fn}(pid) AS sent FROM pg_stat_activity WHERE pid = $1 AND backend_start = $2::timestamptz`, [target.pid, target.backendStart])
      ).rows[0]?.sent;
    } catch (err) {
      if (sqlStateOf(err) === "42501") throw new BackendSignalError("not_permitted", `The console's database login may not signal backend ${target.pid}: ${err instanceof Error ? err.message : "permission denied"}.`);
      throw err;
    }
    if (sent === undefined) throw new BackendSignalError("not_found", `Backend ${target.pid} ended before it could be signalled; nothing was done.`);
    if (!sent) throw new BackendSignalError("not_found", `PostgreSQL could not signal backend ${target.pid} (it has probably just ended).`);
    return {
      pid: facts.pid, signal, user: facts.user, application: facts.application || null, backendStart: facts.backend_start, queryStart: facts.query_start,
      state: facts.state, query: displayQuery(facts.query, QUERY_CHARS), auditQuery: auditQuery(facts.query, QUERY_CHARS),
    };
  } finally {
    client.release();
  }
}

function refuse(facts: BackendFacts | undefined, target: { pid: number; backendStart: string }, signal: BackendSignal, own: readonly string[]): asserts facts is BackendFacts {
  if (!facts) throw new BackendSignalError("not_found", `No backend with pid ${target.pid} is running any more; nothing was done.`);
  if (Date.parse(facts.backend_start) !== Date.parse(target.backendStart) || !sameMicros(facts.backend_start, target.backendStart)) {
    throw new BackendSignalError(
      "stale_backend",
      `pid ${target.pid} is now a different session (started ${facts.backend_start}, not ${target.backendStart}): the session you saw has ended. Nothing was done; refresh and look again.`,
    );
  }
  if (facts.own || (facts.application !== null && own.includes(facts.application))) {
    throw new BackendSignalError("console_backend", `Backend ${target.pid} is one of the console's own connections (${facts.application ?? "this session"}); the console does not signal itself.`);
  }
  if (facts.backend_type !== "client backend") {
    throw new BackendSignalError("protected_backend", `Backend ${target.pid} is a ${facts.backend_type ?? "server process"}, not a client session; only client sessions can be cancelled or terminated here.`);
  }
  if (facts.superuser) {
    throw new BackendSignalError("protected_backend", `Backend ${target.pid} belongs to the superuser ${facts.user ?? "(unknown)"} (on Azure: the service's own maintenance); the console does not signal superuser sessions.`);
  }
  if (facts.replication) {
    throw new BackendSignalError("protected_backend", `Backend ${target.pid} belongs to the replication role ${facts.user ?? "(unknown)"}; signalling it would break replication.`);
  }
  if (signal === "cancel" && facts.state !== "active") {
    throw new BackendSignalError("not_running", `Backend ${target.pid} is not running a query (state: ${facts.state ?? "unknown"}); there is nothing to cancel. Terminating the session ends it.`);
  }
}

/** Compares two µs ISO timestamps to the microsecond (Date.parse stops at milliseconds). */
function sameMicros(a: string, b: string): boolean {
  const us = (s: string) => (s.match(/\.(\d+)Z$/)?.[1] ?? "").padEnd(6, "0").slice(0, 6);
  return us(a) === us(b);
}
